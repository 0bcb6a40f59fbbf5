package io.github.gossip.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link ConfiguredNode} bean tells the application its node id and roles as configured, with
 * gossip enabled or not, and decides roles as {@code @ConditionalOnRole} does.
 */
class ConfiguredNodeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class));

	@Test
	void nodeIdAndRolesAsConfiguredWhileGossipIsDisabled() {
		this.runner
			.withPropertyValues("cluster.node-id=2", "cluster.roles.purge.stores=1,2", "cluster.roles.Acme.Renew=3",
					"cluster.roles.custom.thing=2")
			.run((context) -> {
				ConfiguredNode node = context.getBean(ConfiguredNode.class);
				assertThat(node.nodeId()).contains("2");
				assertThat(node.holdsRole("purge.stores")).isTrue();
				assertThat(node.holdsRole("acme.renew")).isFalse();
				assertThat(node.holdsRole("ACME.RENEW")).isFalse();
				assertThat(node.roles()).containsExactly("custom.thing", "metrics.calculate", "metrics.push",
						"purge.accounts", "purge.stores");
			});
	}

	@Test
	void withoutANodeIdOnlyUnrestrictedRolesAreHeld() {
		this.runner.withPropertyValues("cluster.roles.acme.renew=1").run((context) -> {
			ConfiguredNode node = context.getBean(ConfiguredNode.class);
			assertThat(node.nodeId()).isEmpty();
			assertThat(node.holdsRole("acme.renew")).isFalse();
			assertThat(node.holdsRole("metrics.push")).isTrue();
		});
	}

	@Test
	void builtByHandForTests() {
		ConfiguredNode node = ConfiguredNode.of("1", Map.of("acme.renew", List.of("1"), "metrics.push", List.of("2")));
		assertThat(node.holdsRole("acme.renew")).isTrue();
		assertThat(node.holdsRole("metrics.push")).isFalse();
		assertThat(node).hasToString("ConfiguredNode[nodeId=1, roles=[acme.renew, metrics.calculate, purge.accounts, "
				+ "purge.stores]]");
		assertThat(ConfiguredNode.DOCUMENTED_ROLES).containsExactly("purge.stores", "purge.accounts", "acme.renew",
				"metrics.calculate", "metrics.push");
	}

}
