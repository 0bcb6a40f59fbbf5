package io.github.gossip.jobs;

/** What became of one call of a gated method, as the meters tag it. */
enum GatedOutcome {

	/** This node led the role and the method returned. */
	RAN("ran"),

	/** This node did not lead the role: the call was skipped. */
	NOT_LEADER("not-leader"),

	/** This node led the role and the method threw. */
	FAILED("failed");

	private final String tag;

	GatedOutcome(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

}
