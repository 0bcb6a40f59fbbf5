package io.github.gossip.membership;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A change in the local node's view of the cluster.
 *
 * @param type what happened
 * @param member the member it happened to; for {@link Type#LEADER_CHANGED} the new leader, or
 * {@code null} when no live member holds the role any more
 * @param role the role whose leader changed; {@code null} for every other type
 * @param timestamp when the local node saw it
 */
public record ClusterEvent(Type type, @Nullable ClusterMember member, @Nullable String role, Instant timestamp) {

	/**
	 * Checks the event's consistency.
	 * @throws IllegalArgumentException if a {@link Type#LEADER_CHANGED} lacks its role, another
	 * type has one, or a type other than {@code LEADER_CHANGED} lacks its member
	 */
	public ClusterEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(timestamp, "timestamp");
		if ((type == Type.LEADER_CHANGED) != (role != null)) {
			throw new IllegalArgumentException("role is required for LEADER_CHANGED and forbidden otherwise");
		}
		if (member == null && type != Type.LEADER_CHANGED) {
			throw new IllegalArgumentException("member is required for " + type);
		}
	}

	/** What happened to the member, or to the role's leadership. */
	public enum Type {

		/**
		 * Not a change: one per member of the view at the moment of subscription, delivered first by
		 * {@link ClusterMembership#events(boolean) events(true)}.
		 */
		CURRENT,

		/** A member joined, or came back as a new process after it failed or left. */
		JOINED,

		/** A live member changed its address, roles or metadata, or restarted. */
		UPDATED,

		/** A member missed its probes and is being checked. */
		SUSPECTED,

		/** A suspected or failed member proved that it is alive. */
		ALIVE_AGAIN,

		/** A member was declared failed. */
		FAILED,

		/** A member left gracefully. */
		LEFT,

		/** A failed or departed member was forgotten. */
		REMOVED,

		/** The leader of {@link ClusterEvent#role()} changed. */
		LEADER_CHANGED,

		/**
		 * Another live process uses the local node's id ({@code member} is that process). A
		 * configuration error; it is also logged at ERROR.
		 */
		NODE_ID_CONFLICT
	}
}
