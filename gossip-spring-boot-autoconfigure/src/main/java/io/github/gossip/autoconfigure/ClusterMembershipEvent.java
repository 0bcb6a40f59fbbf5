package io.github.gossip.autoconfigure;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A {@link ClusterEvent} published as a Spring application event, in order, from a dedicated
 * thread, never from the protocol thread. Listen with {@code @EventListener}, for example
 * {@code @EventListener(condition = "#event.type.name() == 'FAILED'")}.
 */
public class ClusterMembershipEvent extends ApplicationEvent {

	private final ClusterEvent event;

	/**
	 * Creates the application event of a cluster event.
	 * @param source the membership that saw the change
	 * @param event the change
	 */
	public ClusterMembershipEvent(ClusterMembership source, ClusterEvent event) {
		super(source);
		this.event = event;
	}

	/** The change, as the {@code Flux} of {@link ClusterMembership#events()} delivers it. */
	public ClusterEvent getEvent() {
		return this.event;
	}

	/** What happened; the same as {@code getEvent().type()}. */
	public ClusterEvent.Type getType() {
		return this.event.type();
	}

	/**
	 * The member it happened to; for {@link ClusterEvent.Type#LEADER_CHANGED} the new leader, or
	 * {@code null} when no live member holds the role any more.
	 */
	public @Nullable ClusterMember getMember() {
		return this.event.member();
	}

	@Override
	public String toString() {
		return "ClusterMembershipEvent" + this.event;
	}
}
