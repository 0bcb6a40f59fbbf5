/**
 * The cluster as this node sees it: {@link io.github.gossip.membership.ClusterMembership}, its
 * members, their events and role leadership. The entry point for applications, with Spring Boot
 * (a bean) or without it ({@code io.github.gossip.node.ClusterNode}).
 * <p>
 * Parameters and return values are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.gossip.membership;

import org.jspecify.annotations.NullMarked;
