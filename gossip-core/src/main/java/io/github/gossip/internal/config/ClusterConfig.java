package io.github.gossip.internal.config;

import java.util.Optional;

/**
 * The validated configuration of a node: its identity, its role assignments and, when it runs, the
 * settings of its gossip node.
 *
 * @param nodeId this node's id; always present when gossip is enabled
 * @param roles the role assignments
 * @param gossip the gossip settings; present only when gossip is enabled
 */
public record ClusterConfig(Optional<NodeId> nodeId, RoleAssignments roles, Optional<GossipSettings> gossip) {

	/** Whether this node holds {@code role} according to the configuration. */
	public boolean holdsRole(String role) {
		return this.roles.holds(role, this.nodeId);
	}

}
