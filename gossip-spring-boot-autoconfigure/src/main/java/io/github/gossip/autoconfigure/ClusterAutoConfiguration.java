package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.config.InvalidSettingsException.Violation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of cluster membership: binds and validates {@code cluster.*} and, when both
 * {@code cluster.bind-addr} and {@code cluster.key} are set, provides the gossip settings that the
 * gossip service runs on.
 */
@AutoConfiguration
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LocalAddressResolver clusterLocalAddressResolver() {
		return LocalAddressResolver.interfaces();
	}

	/**
	 * Validates the configuration. Deliberately not replaceable: a user-supplied bean would skip
	 * validation and could disagree with {@link ConditionalOnRole}, which reads the environment.
	 * Binds {@code cluster.*} itself, leniently, so that a value that cannot be converted and a
	 * misspelled prefix are reported together with every other problem.
	 */
	@Bean
	ClusterConfig clusterConfig(LocalAddressResolver localAddresses, Environment environment) {
		LenientClusterPropertiesBinder.Result bound = LenientClusterPropertiesBinder.bind(environment);
		List<Violation> early = new ArrayList<>(bound.unreadable());
		early.addAll(MisspelledPrefixCheck.check(environment, bound.properties().allowNearMissPrefix()));
		return new ClusterConfigFactory(localAddresses).create(bound.properties(), early);
	}

	/** This node's id and roles by configuration, for the application to read. */
	@Bean
	ConfiguredNode configuredNode(ClusterConfig clusterConfig) {
		return new ConfiguredNode(clusterConfig);
	}

	/**
	 * The {@link ClusterProperties} bean (for {@code configprops} and for applications that read
	 * it) binds strictly and would fail on the first unconvertible value with a report of that one
	 * property; validating first makes sure that the full report wins, whoever asks first.
	 */
	@Bean
	static BeanFactoryPostProcessor clusterPropertiesAfterValidation() {
		return (beanFactory) -> {
			for (String name : beanFactory.getBeanNamesForType(ClusterProperties.class, true, false)) {
				if (!beanFactory.containsBeanDefinition(name)) {
					continue; // a singleton registered as an instance: nothing left to order
				}
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				String[] dependsOn = definition.getDependsOn();
				List<String> all = new ArrayList<>((dependsOn != null) ? List.of(dependsOn) : List.of());
				all.add("clusterConfig");
				definition.setDependsOn(all.toArray(String[]::new));
			}
		};
	}

	/** Validation must stop start-up even when beans are initialized lazily. */
	@Bean
	static LazyInitializationExcludeFilter clusterConfigEagerInitialization() {
		return LazyInitializationExcludeFilter.forBeanTypes(ClusterConfig.class, GossipSettings.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnGossipEnabled
	static class GossipEnabledConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GossipSettings gossipSettings(ClusterConfig config) {
			return config.gossip()
				.orElseThrow(() -> new IllegalStateException("Gossip is enabled but the configuration has no gossip settings"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnGossipEnabled(enabled = false)
	static class GossipDisabledConfiguration {

		@Bean
		GossipDisabledNotice gossipDisabledNotice(Environment environment) {
			return new GossipDisabledNotice(environment);
		}

	}

}
