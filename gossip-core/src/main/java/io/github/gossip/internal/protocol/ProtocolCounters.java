package io.github.gossip.internal.protocol;

/**
 * Monotonic counts of what the failure detector did, for metrics. Written on the protocol thread;
 * read by metrics from any thread, where a slightly stale value is fine.
 */
public final class ProtocolCounters {

	volatile long probes;

	volatile long indirectProbes;

	volatile long suspicions;

	volatile long refutations;

	volatile long closedPortFailures;

	/** Direct probes sent. */
	public long probes() {
		return this.probes;
	}

	/** Indirect probe requests sent after a direct probe went unanswered. */
	public long indirectProbes() {
		return this.indirectProbes;
	}

	/** Suspicions this node raised itself. */
	public long suspicions() {
		return this.suspicions;
	}

	/**
	 * Members this node declared failed without a suspicion, because their probe went unanswered
	 * and their host then said that nothing was bound to their port any more.
	 */
	public long closedPortFailures() {
		return this.closedPortFailures;
	}

	/** Times this node refuted a suspicion or death notice about itself. */
	public long refutations() {
		return this.refutations;
	}
}
