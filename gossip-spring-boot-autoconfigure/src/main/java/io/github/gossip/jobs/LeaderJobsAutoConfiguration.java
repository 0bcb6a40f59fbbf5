package io.github.gossip.jobs;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.gossip.autoconfigure.ClusterAutoConfiguration;
import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.autoconfigure.GossipAutoConfiguration;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of {@link LeaderOnly @LeaderOnly}: the post-processor that gates the annotated
 * beans, the leadership it asks (the {@link ClusterMembership} when there is one; without one, with
 * gossip disabled, this node as a cluster of one), and, with Micrometer, the meters of gated calls.
 * Present whether gossip is enabled or not, so that a gated job means the same on one node as on
 * many.
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, GossipAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
public final class LeaderJobsAutoConfiguration {

	/**
	 * Honours {@code spring.aop.proxy-target-class} (true by default in Boot) so that the
	 * package-private methods a scheduler calls are gated in a bean that has interfaces too.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LeaderOnlyBeanPostProcessor leaderOnlyBeanPostProcessor(ObjectProvider<LeaderGate> gate,
			Environment environment) {
		LeaderOnlyBeanPostProcessor processor = new LeaderOnlyBeanPostProcessor(SingletonSupplier.of(gate::getObject));
		processor.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
		return processor;
	}

	@Bean
	LeaderGate leaderGate(Leadership leadership, ObjectProvider<GatedCallObserver> observers) {
		return new LeaderGate(leadership, observers.orderedStream().toList());
	}

	/** Leadership follows the roles from start-up on, also when beans are initialized lazily. */
	@Bean
	static LazyInitializationExcludeFilter leadershipEagerInitialization() {
		return LazyInitializationExcludeFilter.forBeanTypes(Leadership.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ClusterMembership.class)
	static class ClusterLeadershipConfiguration {

		@Bean
		MembershipLeadership clusterLeadership(ClusterMembership membership, ConfiguredNode configured,
				LeaderOnlyBeanPostProcessor processor) {
			return new MembershipLeadership(membership, configured, processor.roles(), Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ClusterMembership.class)
	static class StandaloneLeadershipConfiguration {

		@Bean
		StandaloneLeadership standaloneLeadership(ConfiguredNode configured, LeaderOnlyBeanPostProcessor processor) {
			return new StandaloneLeadership(configured, processor.roles(), Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class LeaderJobMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "leaderJobMetrics")
		LeaderJobMetrics leaderJobMetrics(MeterRegistry registry) {
			return new LeaderJobMetrics(registry);
		}

	}

}
