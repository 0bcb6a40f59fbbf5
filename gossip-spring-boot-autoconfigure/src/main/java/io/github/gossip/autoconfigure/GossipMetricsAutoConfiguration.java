package io.github.gossip.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the gossip node, bound to every registry by Boot's metrics support. Backs
 * off without Micrometer or without a running gossip node.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(NodeClusterMembership.class)
public final class GossipMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "gossipMetrics")
	GossipMetrics gossipMetrics(NodeClusterMembership membership) {
		return new GossipMetrics(membership);
	}

}
