/**
 * The vocabulary of a node's configuration that both ways of configuring it share: the
 * {@link io.github.gossip.config.GossipProfile profiles} whose defaults a node starts from, and the
 * {@link io.github.gossip.config.InvalidSettingsException exception} that lists every invalid
 * setting at once. The plain-Java builder ({@code io.github.gossip.node}) and the Spring Boot
 * properties ({@code cluster.*}) both use them.
 * <p>
 * Parameters and return values are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.gossip.config;

import org.jspecify.annotations.NullMarked;
