package io.github.gossip.membership;

import java.util.Objects;
import java.util.Optional;

/**
 * The leader of one role as the local node sees it: by default the live member with the lowest
 * node id among those holding the role, announced once it has been stable for a short while; with
 * the {@code majority} policy the member that holds a lease from a majority of the role's holders.
 *
 * @param role the role
 * @param leader the leader, empty while no live member holds the role (or, with the majority
 * policy, while none holds a majority's lease)
 * @param epoch the highest leadership epoch of the role this node knows at the change, 0 when it
 * knows none; it never decreases along one node's stream (see {@link FencingToken})
 */
public record RoleLeader(String role, Optional<ClusterMember> leader, long epoch) {

	public RoleLeader {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(leader, "leader");
	}

	/** A change whose epoch is not known. */
	public RoleLeader(String role, Optional<ClusterMember> leader) {
		this(role, leader, 0);
	}

	/** Whether the local node leads the role. */
	public boolean isLocal() {
		return this.leader.map(ClusterMember::local).orElse(false);
	}
}
