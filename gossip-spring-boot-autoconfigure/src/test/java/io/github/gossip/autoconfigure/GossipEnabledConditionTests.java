package io.github.gossip.autoconfigure;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gossip exists only when both {@code cluster.bind-addr} and {@code cluster.key} are set; otherwise one
 * INFO line says which is missing and the application runs normally.
 */
@ExtendWith(OutputCaptureExtension.class)
class GossipEnabledConditionTests {

	private static final String NOTICE = "Cluster gossip is disabled: ";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1");

	@Test
	void neitherBindAddrNorKey(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ClusterConfig.class).doesNotHaveBean(GossipSettings.class);
			assertThat(output).containsOnlyOnce(NOTICE + "cluster.bind-addr and cluster.key are not set; no UDP socket is bound. "
					+ "Set both cluster.bind-addr and cluster.key to join a cluster.");
		});
	}

	@Test
	void bindAddrWithoutKey(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(GossipSettings.class);
			assertThat(output).containsOnlyOnce(NOTICE + "cluster.key is not set");
		});
	}

	@Test
	void keyWithoutBindAddr(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.key=" + ClusterPropertiesBindingTests.KEY).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(GossipSettings.class);
			assertThat(output).containsOnlyOnce(NOTICE + "cluster.bind-addr is not set");
			assertThat(output).doesNotContain(ClusterPropertiesBindingTests.KEY);
		});
	}

	@Test
	void blankValuesCountAsUnset(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.bind-addr= ", "cluster.key=" + ClusterPropertiesBindingTests.KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(GossipSettings.class);
				assertThat(output).contains(NOTICE + "cluster.bind-addr is not set");
			});
	}

	@Test
	void bothSet(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + ClusterPropertiesBindingTests.KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(GossipSettings.class);
				assertThat(context.getBean(ClusterConfig.class).gossip()).contains(context.getBean(GossipSettings.class));
				assertThat(output).doesNotContain(NOTICE).doesNotContain(ClusterPropertiesBindingTests.KEY);
			});
	}

	@Test
	void settingsNeverShowTheKey() {
		this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + ClusterPropertiesBindingTests.KEY,
				"cluster.secondary-keys=another old passphrase")
			.run((context) -> {
				assertThat(context.getBean(GossipSettings.class).toString()).doesNotContain(ClusterPropertiesBindingTests.KEY)
					.doesNotContain("another old passphrase");
				assertThat(context.getBean(ClusterConfig.class).toString()).doesNotContain(ClusterPropertiesBindingTests.KEY);
				assertThat(context.getBean(io.github.gossip.autoconfigure.ClusterProperties.class).toString())
					.doesNotContain(ClusterPropertiesBindingTests.KEY)
					.doesNotContain("another old passphrase");
			});
	}

	@Test
	void userSettingsReplaceTheDefaults() {
		this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + ClusterPropertiesBindingTests.KEY)
			.withUserConfiguration(CustomSettings.class)
			.run((context) -> assertThat(context.getBean(GossipSettings.class).bindPort()).isEqualTo(4242));
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class CustomSettings {

		@org.springframework.context.annotation.Bean
		GossipSettings customGossipSettings(ClusterConfig config) {
			GossipSettings defaults = config.gossip().orElseThrow();
			return new GossipSettings(defaults.nodeId(), defaults.bindAddress(), 4242, defaults.advertiseAddress(),
					defaults.seeds(), defaults.key(), defaults.secondaryKeys(), defaults.label(), defaults.tuning());
		}

	}

}
