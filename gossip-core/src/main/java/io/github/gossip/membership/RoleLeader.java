package io.github.gossip.membership;

import java.util.Objects;
import java.util.Optional;

/**
 * The leader of one role as the local node sees it: the live member with the lowest node id among
 * those holding the role, announced once it has been stable for a short while.
 *
 * @param role the role
 * @param leader the leader, empty while no live member holds the role
 */
public record RoleLeader(String role, Optional<ClusterMember> leader) {

	public RoleLeader {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(leader, "leader");
	}

	/** Whether the local node leads the role. */
	public boolean isLocal() {
		return this.leader.map(ClusterMember::local).orElse(false);
	}
}
