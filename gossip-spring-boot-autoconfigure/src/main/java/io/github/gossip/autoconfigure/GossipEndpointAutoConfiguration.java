package io.github.gossip.autoconfigure;

import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Actuator endpoints: the {@code cluster} endpoint, and a sanitizer that keeps the cluster keys out
 * of {@code configprops} and {@code env} even when those endpoints show values (the sanitizer is
 * there whether gossip runs or not). Backs off without Actuator.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class)
@ConditionalOnClass({ SanitizingFunction.class, ConditionalOnAvailableEndpoint.class })
public final class GossipEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clusterKeySanitizer")
	SanitizingFunction clusterKeySanitizer(Environment environment) {
		return ClusterKeySanitizer.of(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(NodeClusterMembership.class)
	@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
	static class ClusterEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClusterEndpoint clusterEndpoint(NodeClusterMembership membership, ConfiguredNode configured) {
			return new ClusterEndpoint(membership, membership::node, configured);
		}

	}

}
