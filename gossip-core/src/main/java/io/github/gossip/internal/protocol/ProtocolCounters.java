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

	/** Times this node refuted a suspicion or death notice about itself. */
	public long refutations() {
		return this.refutations;
	}
}
