package io.github.gossip.shedlock;

/**
 * Whether this node leads a role at this moment: the cluster's answer
 * ({@code ClusterMembership.isLeader}) or, without a cluster, this node's configuration.
 */
@FunctionalInterface
interface LockLeadership {

	/**
	 * @param role a normalized role name
	 * @return whether this node leads {@code role} now
	 */
	boolean leads(String role);

}
