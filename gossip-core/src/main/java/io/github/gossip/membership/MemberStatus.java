package io.github.gossip.membership;

/** What the local node believes about a member. */
public enum MemberStatus {

	/** Answers probes. */
	ALIVE,

	/** Missed a probe; other members are checking. It may still prove itself alive. */
	SUSPECT,

	/** Declared failed after its suspicion timed out. Kept for a while, then removed. */
	FAILED,

	/** Left the cluster gracefully. Kept for a while, then removed. */
	LEFT;

	/** ALIVE and SUSPECT members still count as members of the cluster. */
	public boolean isLive() {
		return this == ALIVE || this == SUSPECT;
	}
}
