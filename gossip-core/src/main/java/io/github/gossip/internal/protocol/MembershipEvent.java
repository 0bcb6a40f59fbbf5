package io.github.gossip.internal.protocol;

/**
 * A change in the local view, emitted once per transition.
 *
 * @param kind what happened
 * @param member the member it happened to; for {@link Kind#LEADER_CHANGED} the new leader, or
 * {@code null} when no live member holds the role any more
 * @param at protocol time of the change
 * @param role the role whose leader changed, or {@link #UNNAMED_ROLES} for the leader of every role
 * that no member names; {@code null} for every other kind
 */
public record MembershipEvent(Kind kind, Member member, long at, String role) {

	/** The role of a leader change of every role no member names: the empty string, no role's name. */
	public static final String UNNAMED_ROLES = "";

	public MembershipEvent {
		if ((kind == Kind.LEADER_CHANGED) != (role != null)) {
			throw new IllegalArgumentException("role is required for LEADER_CHANGED and forbidden otherwise");
		}
		if (member == null && kind != Kind.LEADER_CHANGED) {
			throw new IllegalArgumentException("member is required for " + kind);
		}
	}

	public MembershipEvent(Kind kind, Member member, long at) {
		this(kind, member, at, null);
	}

	public enum Kind {
		/** A member became known alive (first time, or a new instance after DEAD/LEFT). */
		JOINED,
		/** A member is suspected; it may still refute. */
		SUSPECTED,
		/** A suspected or failed member proved alive with a higher incarnation. */
		ALIVE_AGAIN,
		/** A member was declared dead after its suspicion timed out. */
		FAILED,
		/** A member left gracefully. */
		LEFT,
		/**
		 * A live member changed address or metadata, or was replaced by a newer instance of the same
		 * node id.
		 */
		UPDATED,
		/** A failed or departed member's tombstone expired; it is no longer in the view. */
		REMOVED,
		/** The leader of {@link MembershipEvent#role()} changed after the stability window. */
		LEADER_CHANGED,
		/**
		 * Another live process uses this node's id ({@code member} is that process). Reported on both
		 * processes; it is a configuration error that an operator must fix.
		 */
		ID_CONFLICT,
		/**
		 * This process learned that a newer process with the same node id exists; it stops taking part
		 * in the protocol. Reported loudly by the runtime: it is either a zombie or a duplicate id.
		 */
		SUPERSEDED
	}
}
