package io.github.gossip.autoconfigure;

import java.util.Locale;

import io.github.gossip.runtime.NodeClusterMembership;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator endpoints: the {@code cluster} endpoint, and a sanitizer that keeps {@code cluster.key}
 * and {@code cluster.secondary-keys} out of {@code configprops} and {@code env} even when those
 * endpoints show values (the sanitizer is there whether gossip runs or not). Backs off without
 * Actuator.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class)
@ConditionalOnClass({ SanitizingFunction.class, ConditionalOnAvailableEndpoint.class })
public final class GossipEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clusterKeySanitizer")
	SanitizingFunction clusterKeySanitizer() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(GossipEndpointAutoConfiguration::isClusterKey);
	}

	/** Property names of keys, as configprops (dotted) and env (also environment variables) show them. */
	static boolean isClusterKey(String name) {
		String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
		return normalized.equals("cluster.key") || normalized.startsWith("cluster.secondary-keys")
				|| normalized.startsWith("cluster.secondary.keys") || normalized.startsWith("cluster.secondarykeys");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(NodeClusterMembership.class)
	@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
	static class ClusterEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClusterEndpoint clusterEndpoint(NodeClusterMembership membership) {
			return new ClusterEndpoint(membership);
		}

	}

}
