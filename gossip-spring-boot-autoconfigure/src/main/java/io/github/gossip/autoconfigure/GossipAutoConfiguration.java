package io.github.gossip.autoconfigure;

import io.github.gossip.config.GossipSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the running gossip node: binds the UDP socket when the application starts
 * and leaves the cluster when it stops. Only when gossip is enabled (both {@code cluster.bind-addr}
 * and {@code cluster.key} set).
 */
@AutoConfiguration(after = ClusterAutoConfiguration.class)
@ConditionalOnGossipEnabled
public final class GossipAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GossipLifecycle gossipLifecycle(GossipSettings settings) {
		return new GossipLifecycle(settings);
	}

}
