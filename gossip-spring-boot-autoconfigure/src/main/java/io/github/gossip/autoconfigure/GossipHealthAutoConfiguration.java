package io.github.gossip.autoconfigure;

import java.time.Clock;

import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.config.HostAddress;
import io.github.gossip.internal.config.SeedNode;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code cluster} health indicator. Backs off without Spring Boot's health support, without a
 * gossip node, or with {@code management.health.cluster.enabled=false}.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(NodeClusterMembership.class)
@ConditionalOnEnabledHealthIndicator("cluster")
public final class GossipHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clusterHealthIndicator")
	ClusterHealthIndicator clusterHealthIndicator(NodeClusterMembership membership, GossipSettings settings) {
		return new ClusterHealthIndicator(membership, hasOtherSeeds(settings), Clock.systemUTC());
	}

	/** A node whose only seed is itself is alone by design, not isolated. */
	static boolean hasOtherSeeds(GossipSettings settings) {
		HostAddress self = settings.advertiseAddress();
		for (SeedNode seed : settings.seeds()) {
			boolean itself = seed.port() == settings.bindPort() && (seed.host().canonical().equals(self.canonical())
					|| seed.host().canonical().equals(settings.bindAddress().canonical()));
			if (!itself) {
				return true;
			}
		}
		return false;
	}

}
