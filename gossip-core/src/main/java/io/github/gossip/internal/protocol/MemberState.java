package io.github.gossip.internal.protocol;

/**
 * Liveness of a member. The declaration order is the precedence at equal incarnation: a later
 * constant overrides an earlier one, so LEFT (a graceful goodbye) wins over DEAD.
 */
public enum MemberState {

	ALIVE, SUSPECT, DEAD, LEFT;

	/** Whether the member still takes part: probed, gossiped to, counted in N. */
	public boolean isLive() {
		return this == ALIVE || this == SUSPECT;
	}
}
