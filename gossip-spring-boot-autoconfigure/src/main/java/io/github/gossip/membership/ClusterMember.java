package io.github.gossip.membership;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable snapshot of one cluster member as the local node sees it.
 *
 * @param nodeId the member's configured {@code cluster.node-id}
 * @param address where the member receives gossip
 * @param status what the local node believes about it
 * @param incarnation the member's own version counter; it rises when the member refutes a
 * suspicion or changes its metadata
 * @param roles the roles the member holds, as it announced them
 * @param metadata the member's user metadata
 * @param local whether this is the local node
 */
public record ClusterMember(String nodeId, InetSocketAddress address, MemberStatus status, long incarnation,
		Set<String> roles, Map<String, String> metadata, boolean local) {

	public ClusterMember {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(address, "address");
		Objects.requireNonNull(status, "status");
		roles = Set.copyOf(roles);
		metadata = Map.copyOf(metadata);
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}
}
