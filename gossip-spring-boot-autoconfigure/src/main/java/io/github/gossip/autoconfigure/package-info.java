/**
 * Spring Boot auto-configuration of cluster membership, configured under {@code cluster.*}. Besides
 * the auto-configuration classes, applications use {@link io.github.gossip.autoconfigure.ConditionalOnRole},
 * {@link io.github.gossip.autoconfigure.ConditionalOnGossipEnabled},
 * {@link io.github.gossip.autoconfigure.ClusterMembershipEvent} (membership events as application
 * events), {@link io.github.gossip.autoconfigure.ConfiguredNode} (this node's id and roles by
 * configuration), {@link io.github.gossip.autoconfigure.ClusterProperties} and
 * {@link io.github.gossip.autoconfigure.LocalAddressResolver} (the address advertised for a wildcard
 * bind); the cluster itself is the {@code io.github.gossip.membership.ClusterMembership} bean. Every
 * type not public here is an implementation detail.
 */
package io.github.gossip.autoconfigure;
