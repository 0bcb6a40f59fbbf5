package io.github.gossip.autoconfigure;

import java.time.Clock;

import io.github.gossip.config.GossipSettings;
import io.github.gossip.config.HostAddress;
import io.github.gossip.config.SeedNode;
import io.github.gossip.runtime.NodeClusterMembership;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator integration: the {@code cluster} health indicator and endpoint, and a sanitizer that
 * keeps {@code cluster.key} and {@code cluster.secondary-keys} out of {@code configprops} and
 * {@code env} even when those endpoints show values. Each part backs off when its library is absent.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class)
public final class GossipActuatorAutoConfiguration {

	/** Property names of keys, as configprops (dotted) and env (also environment variables) show them. */
	static boolean isClusterKey(String name) {
		String normalized = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
		return normalized.equals("cluster.key") || normalized.startsWith("cluster.secondary-keys")
				|| normalized.startsWith("cluster.secondary.keys") || normalized.startsWith("cluster.secondarykeys");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class KeySanitizerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterKeySanitizer")
		SanitizingFunction clusterKeySanitizer() {
			return SanitizingFunction.sanitizeValue().ifKeyMatches(GossipActuatorAutoConfiguration::isClusterKey);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(NodeClusterMembership.class)
	@ConditionalOnEnabledHealthIndicator("cluster")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterHealthIndicator")
		ClusterHealthIndicator clusterHealthIndicator(NodeClusterMembership membership, GossipSettings settings) {
			return new ClusterHealthIndicator(membership, hasOtherSeeds(settings), Clock.systemUTC());
		}

		/** A node whose only seed is itself is alone by design, not isolated. */
		private static boolean hasOtherSeeds(GossipSettings settings) {
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnBean(NodeClusterMembership.class)
	@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClusterEndpoint clusterEndpoint(NodeClusterMembership membership) {
			return new ClusterEndpoint(membership);
		}

	}

}
