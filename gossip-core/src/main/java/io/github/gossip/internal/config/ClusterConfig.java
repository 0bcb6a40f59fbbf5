package io.github.gossip.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.internal.protocol.QuorumRule;

/**
 * The validated configuration of a node: its identity, its role assignments, the leadership policy
 * of its roles and, when it runs, the settings of its gossip node.
 *
 * @param nodeId this node's id; always present when gossip is enabled
 * @param roles the role assignments
 * @param gossip the gossip settings; present only when gossip is enabled
 * @param policies the roles with the majority policy, by normalized name; every other role is
 * available
 */
public record ClusterConfig(Optional<NodeId> nodeId, RoleAssignments roles, Optional<GossipSettings> gossip,
		Map<String, LeadershipPolicy> policies) {

	public ClusterConfig {
		Map<String, LeadershipPolicy> copy = new TreeMap<>();
		policies.forEach((role, policy) -> copy.put(RoleAssignments.normalize(role), policy));
		policies = Collections.unmodifiableMap(copy);
	}

	/** A configuration in which every role is available. */
	public ClusterConfig(Optional<NodeId> nodeId, RoleAssignments roles, Optional<GossipSettings> gossip) {
		this(nodeId, roles, gossip, Map.of());
	}

	/** Whether this node holds {@code role} according to the configuration. */
	public boolean holdsRole(String role) {
		return this.roles.holds(role, this.nodeId);
	}

	/** The leadership policy of {@code role}; available unless configured otherwise. */
	public LeadershipPolicy policy(String role) {
		return this.policies.getOrDefault(RoleAssignments.normalize(role), LeadershipPolicy.available());
	}

	/** The majority-policy roles as the node's options carry them, by normalized name. */
	public Map<String, QuorumRule> quorums() {
		return quorums(this.policies);
	}

	/**
	 * The majority-policy roles of {@code policies} as a node's options carry them, by normalized
	 * name: the one translation for the properties, the plain-Java builder and the test kit.
	 */
	public static Map<String, QuorumRule> quorums(Map<String, LeadershipPolicy> policies) {
		Map<String, QuorumRule> quorums = new LinkedHashMap<>();
		policies.forEach((role, policy) -> {
			if (policy.mode() == LeadershipPolicy.Mode.MAJORITY) {
				quorums.put(RoleAssignments.normalize(role), policy.holders().isEmpty()
						? QuorumRule.quorum(policy.quorum()) : QuorumRule.majorityOf(policy.holders()));
			}
		});
		return quorums;
	}

}
