package io.github.gossip.autoconfigure;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.context.ApplicationEvent;

/**
 * A {@link ClusterEvent} published as a Spring application event, in order, from a dedicated
 * thread, never from the protocol thread. Listen with {@code @EventListener}, for example
 * {@code @EventListener(condition = "#event.type.name() == 'FAILED'")}.
 */
public class ClusterMembershipEvent extends ApplicationEvent {

	private final ClusterEvent event;

	public ClusterMembershipEvent(ClusterMembership source, ClusterEvent event) {
		super(source);
		this.event = event;
	}

	public ClusterEvent getEvent() {
		return this.event;
	}

	public ClusterEvent.Type getType() {
		return this.event.type();
	}

	public ClusterMember getMember() {
		return this.event.member();
	}

	@Override
	public String toString() {
		return "ClusterMembershipEvent" + this.event;
	}
}
