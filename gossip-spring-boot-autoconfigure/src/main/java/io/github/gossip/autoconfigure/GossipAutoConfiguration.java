package io.github.gossip.autoconfigure;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import io.github.gossip.config.ClusterConfig;
import io.github.gossip.config.GossipSettings;
import io.github.gossip.config.RoleAssignments;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.config.NodeOptionsFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the running gossip node and its {@link ClusterMembership}: binds the UDP
 * socket when the application starts, publishes membership events as application events, and
 * leaves the cluster when the application stops. Only when gossip is enabled (both
 * {@code cluster.bind-addr} and {@code cluster.key} set).
 */
@AutoConfiguration(after = ClusterAutoConfiguration.class)
@ConditionalOnGossipEnabled
public final class GossipAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(ClusterMembership.class)
	NodeClusterMembership clusterMembership(GossipSettings settings, ClusterConfig config) {
		RoleAssignments roles = config.roles();
		// Every member must reach the same answer from announcements alone, also while members'
		// configurations differ: so a node announces the roles its configuration names for others
		// only (it holds every other role), and, for people to read, the named roles it holds.
		Set<String> held = new TreeSet<>();
		Set<String> excluded = new TreeSet<>();
		Set<String> named = new TreeSet<>(RoleAssignments.WELL_KNOWN_ROLES);
		named.addAll(roles.assignments().keySet());
		for (String role : named) {
			(config.holdsRole(role) ? held : excluded).add(role);
		}
		return new NodeClusterMembership(NodeOptionsFactory.create(settings, held, excluded, new SecureRandom()),
				RandomGenerator.of("L64X128MixRandom"), Clock.systemUTC(), NodeClusterMembership.DEFAULT_SUBSCRIBER_CAPACITY);
	}

	@Bean
	@ConditionalOnSingleCandidate(NodeClusterMembership.class)
	GossipLifecycle gossipLifecycle(NodeClusterMembership membership, GossipSettings settings) {
		return new GossipLifecycle(membership, settings);
	}

	/** Also bridges a user's own {@link ClusterMembership}, if it replaces the node. */
	@Bean
	@ConditionalOnSingleCandidate(ClusterMembership.class)
	ClusterEventPublisher clusterEventPublisher(ClusterMembership membership, ApplicationEventPublisher publisher) {
		return new ClusterEventPublisher(membership, publisher);
	}

}
