package io.github.gossip.jobs;

/** What became of one call of a gated method, as the meters tag it. */
enum GatedOutcome {

	/** This node led the role and the method returned. */
	RAN("ran"),

	/** This node did not lead the role: the call was skipped. */
	NOT_LEADER("not-leader"),

	/**
	 * The role has the majority policy and this node saw no leader of it (no member holds the grants
	 * of a majority that this node knows of): the call was skipped.
	 */
	NO_QUORUM("no-quorum"),

	/** This node led the role and the method threw. */
	FAILED("failed");

	private final String tag;

	GatedOutcome(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

	/** Whether the method did not run at all. */
	boolean skipped() {
		return this == NOT_LEADER || this == NO_QUORUM;
	}

}
