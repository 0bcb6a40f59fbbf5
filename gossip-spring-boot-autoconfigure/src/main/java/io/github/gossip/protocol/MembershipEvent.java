package io.github.gossip.protocol;

/** A change in the local view, emitted once per transition. */
public record MembershipEvent(Kind kind, Member member, long at) {

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
		/** A live member changed address or was replaced by a newer instance of the same node id. */
		UPDATED,
		/**
		 * This process learned that a newer process with the same node id exists; it stops taking part
		 * in the protocol. Reported loudly by the runtime: it is either a zombie or a duplicate id.
		 */
		SUPERSEDED
	}
}
