package io.github.gossip.internal.runtime;

/**
 * The kinds of work a node runs besides commands (whose failures reach their caller). A failure of
 * any of them is logged and counted by kind; the set is small and fixed so that it can be a metric
 * tag.
 */
public enum ProtocolTask {

	/** Applying a received packet to the protocol. */
	PACKET("packet"),

	/** A protocol timer: a probe, a gossip round, a suspicion timeout, a join retry. */
	TIMER("timer"),

	/** Looking the seeds up again and handing them to the protocol. */
	SEEDS("seeds"),

	/** Telling the node's listener of a change of the view. */
	LISTENER("listener");

	private final String tag;

	ProtocolTask(String tag) {
		this.tag = tag;
	}

	/** The kind as a metric tag or log word. */
	public String tag() {
		return this.tag;
	}

}
