package io.github.gossip.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.github.gossip.testsupport.FreePorts;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Each optional integration stands alone and backs off cleanly when its library or the node is absent. */
class OptionalIntegrationsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, GossipAutoConfiguration.class,
				GossipHealthAutoConfiguration.class, GossipEndpointAutoConfiguration.class, GossipMetricsAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1", "management.endpoints.web.exposure.include=*");

	private ApplicationContextRunner enabled() {
		return this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.bind-port=" + FreePorts.udp(),
				"cluster.key=optional integrations test key");
	}

	@Test
	void everythingIsThereWithActuatorAndMicrometer() {
		enabled().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ClusterMembership.class)
				.hasSingleBean(GossipLifecycle.class)
				.hasSingleBean(ClusterEventPublisher.class)
				.hasSingleBean(ClusterEndpoint.class)
				.hasBean("clusterHealthIndicator")
				.hasBean("clusterKeySanitizer")
				.hasSingleBean(GossipMetrics.class);
			assertThat(context.getBean(NodeClusterMembership.class).isRunning()).isTrue();
		});
	}

	@Test
	void startsWithoutActuator() {
		enabled().withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class, SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ClusterMembership.class)
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean("clusterHealthIndicator")
				.doesNotHaveBean("clusterKeySanitizer"));
	}

	@Test
	void startsWithoutMicrometer() {
		enabled().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ClusterMembership.class)
				.doesNotHaveBean(GossipMetrics.class));
	}

	@Test
	void healthAndEndpointSwitchOffWithBootsOwnProperties() {
		enabled().withPropertyValues("management.health.cluster.enabled=false", "management.endpoint.cluster.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ClusterMembership.class)
				.doesNotHaveBean("clusterHealthIndicator")
				.doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void withGossipDisabledNothingButTheSanitizerIsThere() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterMembership.class)
				.doesNotHaveBean(GossipLifecycle.class)
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean("clusterHealthIndicator")
				.doesNotHaveBean(GossipMetrics.class)
				.hasBean("clusterKeySanitizer"));
	}

	@Test
	void aUserMembershipReplacesTheNode() {
		ClusterMembership own = mock(ClusterMembership.class);
		given(own.events(false)).willReturn(Flux.never());
		enabled().withBean(ClusterMembership.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ClusterMembership.class)
				.isSameAs(own));
		enabled().withBean(ClusterMembership.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(NodeClusterMembership.class)
				.doesNotHaveBean(GossipLifecycle.class)
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean("clusterHealthIndicator")
				.doesNotHaveBean(GossipMetrics.class)
				.hasSingleBean(ClusterEventPublisher.class));
	}

	@Test
	void sanitizerCoversTheKeyInEveryPropertySpelling() {
		assertThat(ClusterKeySanitizer.isClusterKey("cluster.key")).isTrue();
		assertThat(ClusterKeySanitizer.isClusterKey("CLUSTER_KEY")).isTrue();
		assertThat(ClusterKeySanitizer.isClusterKey("cluster.secondary-keys[0]")).isTrue();
		assertThat(ClusterKeySanitizer.isClusterKey("CLUSTER_SECONDARYKEYS_0")).isTrue();
		assertThat(ClusterKeySanitizer.isClusterKey("cluster.node-id")).isFalse();
		assertThat(ClusterKeySanitizer.isClusterKey("cluster.keyring-size")).isFalse();
	}

}
