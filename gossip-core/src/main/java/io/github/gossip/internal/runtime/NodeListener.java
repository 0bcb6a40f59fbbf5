package io.github.gossip.internal.runtime;

import java.util.List;

import io.github.gossip.internal.protocol.MembershipEvent;

/**
 * Told of every change of a node's view, on the protocol thread, in order. It must return quickly and
 * never block: the failure detector waits for it. A burst of packets is told once, after its last
 * packet, with the events of all of them; a command is told before it returns.
 */
@FunctionalInterface
public interface NodeListener {

	/**
	 * The view changed.
	 * @param snapshot the view after the change
	 * @param events what changed since the last call, in order; may be empty (a change without an
	 * event, such as a new incarnation)
	 */
	void changed(NodeSnapshot snapshot, List<MembershipEvent> events);
}
