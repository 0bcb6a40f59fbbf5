package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.NodeId;
import io.github.gossip.internal.config.RoleAssignments;

/**
 * This node as its {@code cluster.*} properties configure it: its {@code cluster.node-id}, the roles
 * it holds by {@code cluster.roles.*}, decided at start-up exactly as
 * {@link ConditionalOnRole @ConditionalOnRole} decides, and their leadership policies. A bean of this type always exists, whether
 * gossip is enabled or not; inject it to log or show what this node is configured for. Which node
 * currently leads a role is a run-time question for {@code ClusterMembership} instead.
 */
public final class ConfiguredNode {

	/**
	 * The roles that Stalwart documents ({@code purge.stores}, {@code purge.accounts},
	 * {@code acme.renew}, {@code metrics.calculate}, {@code metrics.push}), each described in the
	 * configuration metadata and announced by every node, held or not.
	 */
	public static final List<String> DOCUMENTED_ROLES = RoleAssignments.WELL_KNOWN_ROLES;

	private final ClusterConfig config;

	ConfiguredNode(ClusterConfig config) {
		this.config = config;
	}

	/**
	 * A node configured as by {@code cluster.node-id} and {@code cluster.roles.*}, for tests of beans
	 * that use one.
	 * @param nodeId the node id, or {@code null} when none is set
	 * @param roles role name to the node ids that hold it; an empty list means every node
	 * @return the configured node
	 * @throws IllegalArgumentException if a node id is malformed
	 */
	public static ConfiguredNode of(String nodeId, Map<String, List<String>> roles) {
		Map<String, List<NodeId>> assignments = new TreeMap<>();
		roles.forEach((role, ids) -> assignments.put(role, ids.stream().map(NodeId::new).toList()));
		return new ConfiguredNode(new ClusterConfig(Optional.ofNullable(nodeId).map(NodeId::new),
				new RoleAssignments(assignments), Optional.empty()));
	}

	/** This node's {@code cluster.node-id}; empty when it is not set (then gossip is disabled). */
	public Optional<String> nodeId() {
		return this.config.nodeId().map(NodeId::value);
	}

	/**
	 * Whether this node holds {@code role}: when {@code cluster.roles.<role>} lists its node id, or is
	 * absent or empty. Role names ignore case.
	 */
	public boolean holdsRole(String role) {
		return this.config.holdsRole(role);
	}

	/**
	 * How {@code role} chooses its leader, as {@code cluster.leadership.*} configures it: with the
	 * majority policy, its voters ({@code cluster.roles.<role>}) or its quorum; every other role is
	 * {@linkplain LeadershipPolicy#available() available}. Role names ignore case.
	 */
	public LeadershipPolicy leadershipPolicy(String role) {
		return this.config.policy(role);
	}

	/**
	 * Whether this node, as a cluster of one (gossip disabled), leads {@code role}: it holds the role,
	 * and the role's policy needs no grant but this node's own (available, or a majority of one
	 * voter). {@code @LeaderOnly} and the ShedLock provider decide by this without gossip, so a
	 * majority role of three voters runs nowhere on a lone node rather than on the one node of a split.
	 */
	public boolean leadsAlone(String role) {
		return holdsRole(role) && leadershipPolicy(role).requiredGrants() <= 1;
	}

	/** The documented roles and those {@code cluster.roles.*} names that this node holds, sorted. */
	public Set<String> roles() {
		List<String> named = new ArrayList<>(DOCUMENTED_ROLES);
		named.addAll(this.config.roles().assignments().keySet());
		Set<String> held = new TreeSet<>();
		named.stream().filter(this::holdsRole).map(RoleAssignments::normalize).forEach(held::add);
		return held;
	}

	@Override
	public String toString() {
		return "ConfiguredNode[nodeId=" + nodeId().orElse("(not set)") + ", roles=" + roles() + "]";
	}

}
