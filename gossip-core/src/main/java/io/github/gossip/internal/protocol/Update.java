package io.github.gossip.internal.protocol;

import java.util.Objects;

/**
 * One piece of membership news: "member {@code member} at {@code endpoint} is in {@code state}
 * with {@code incarnation}". Piggybacked on packets and used for join responses and state sync.
 * {@code accuser} is the node id that raised a suspicion (needed to count independent
 * confirmations); it is null for every other state.
 * <p>
 * {@code metadata} is the member's roles and user values as of {@code incarnation}, or null when
 * the sender does not know them (news learned from a packet header). A record the member wrote
 * itself always carries them, so a receiver never mistakes "unknown" for "none".
 */
public record Update(MemberState state, MemberId member, long incarnation, Endpoint endpoint, String accuser,
		MemberMetadata metadata) {

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

	/** News without metadata. */
	public Update(MemberState state, MemberId member, long incarnation, Endpoint endpoint, String accuser) {
		this(state, member, incarnation, endpoint, accuser, null);
	}

	/** An ALIVE record whose metadata the sender does not know. */
	public static Update alive(MemberId member, long incarnation, Endpoint endpoint) {
		return new Update(MemberState.ALIVE, member, incarnation, endpoint, null, null);
	}

	public static Update alive(MemberId member, long incarnation, Endpoint endpoint, MemberMetadata metadata) {
		return new Update(MemberState.ALIVE, member, incarnation, endpoint, null, Objects.requireNonNull(metadata));
	}
}
