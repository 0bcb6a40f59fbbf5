/**
 * A cluster member for plain Java, without Spring: {@link io.github.gossip.node.ClusterNode#builder()}
 * configures a node (the same settings, defaults and validation as the {@code cluster.*} properties
 * of the Spring Boot starter), {@link io.github.gossip.node.ClusterNode#start()} binds its socket and
 * signals when it has joined, and the node is the
 * {@link io.github.gossip.membership.ClusterMembership} it maintains.
 * <p>
 * Parameters and return values are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.gossip.node;

import org.jspecify.annotations.NullMarked;
