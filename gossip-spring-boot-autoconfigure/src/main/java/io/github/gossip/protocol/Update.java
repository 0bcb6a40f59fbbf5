package io.github.gossip.protocol;

import java.util.Objects;

/**
 * One piece of membership news: "member {@code member} at {@code endpoint} is in {@code state}
 * with {@code incarnation}". Piggybacked on packets and used for join responses. {@code accuser}
 * is the node id that raised a suspicion (needed to count independent confirmations); it is null
 * for every other state.
 */
public record Update(MemberState state, MemberId member, long incarnation, Endpoint endpoint, String accuser) {

	public Update {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(member, "member");
		Objects.requireNonNull(endpoint, "endpoint");
		if (incarnation < 0) {
			throw new IllegalArgumentException("incarnation must be >= 0");
		}
		if ((state == MemberState.SUSPECT) != (accuser != null)) {
			throw new IllegalArgumentException("accuser is required for SUSPECT and forbidden otherwise");
		}
	}

	public static Update alive(MemberId member, long incarnation, Endpoint endpoint) {
		return new Update(MemberState.ALIVE, member, incarnation, endpoint, null);
	}
}
