package io.github.gossip.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConditionalOnRole} outcomes, with Stalwart's semantics, on {@code @Bean} methods and on
 * {@code @Component} classes, with gossip enabled or not.
 */
class ConditionalOnRoleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withUserConfiguration(RoleGatedBeans.class);

	@Test
	void listedNodeHoldsTheRole() {
		this.runner.withPropertyValues("cluster.node-id=1", "cluster.roles.purge.stores=1,2")
			.run((context) -> assertThat(context).hasBean("storePurge").hasSingleBean(StorePurgeComponent.class));
	}

	@Test
	void unlistedNodeDoesNotHoldTheRole() {
		this.runner.withPropertyValues("cluster.node-id=3", "cluster.roles.purge.stores=1,2")
			.run((context) -> assertThat(context).doesNotHaveBean("storePurge")
				.doesNotHaveBean(StorePurgeComponent.class));
	}

	@Test
	void emptyListMeansEveryNode() {
		this.runner.withPropertyValues("cluster.node-id=3", "cluster.roles.purge.stores=")
			.run((context) -> assertThat(context).hasBean("storePurge").hasSingleBean(StorePurgeComponent.class));
	}

	@Test
	void absentRoleMeansEveryNode() {
		this.runner.withPropertyValues("cluster.node-id=3")
			.run((context) -> assertThat(context).hasBean("storePurge").hasBean("metricsPusher"));
	}

	@Test
	void unknownRoleIsHeldWhenNotConfiguredAndGatedWhenListed() {
		this.runner.withPropertyValues("cluster.node-id=3")
			.run((context) -> assertThat(context).hasBean("customReport"));
		this.runner.withPropertyValues("cluster.node-id=3", "cluster.roles.reports.nightly=4")
			.run((context) -> assertThat(context).doesNotHaveBean("customReport"));
	}

	@Test
	void severalRolesMustAllHold() {
		this.runner.withPropertyValues("cluster.node-id=2", "cluster.roles.metrics.calculate=1,2",
				"cluster.roles.metrics.push=2")
			.run((context) -> assertThat(context).hasBean("metricsPusher"));
		this.runner.withPropertyValues("cluster.node-id=2", "cluster.roles.metrics.calculate=1,2",
				"cluster.roles.metrics.push=1")
			.run((context) -> assertThat(context).doesNotHaveBean("metricsPusher"));
		this.runner.withPropertyValues("cluster.node-id=2", "cluster.roles.metrics.calculate=1",
				"cluster.roles.metrics.push=")
			.run((context) -> assertThat(context).doesNotHaveBean("metricsPusher"));
	}

	@Test
	void nodeWithoutIdHoldsOnlyUnrestrictedRoles() {
		this.runner.withPropertyValues("cluster.roles.purge.stores=1", "cluster.roles.metrics.push=")
			.run((context) -> assertThat(context).doesNotHaveBean("storePurge").hasBean("metricsPusher"));
	}

	@Test
	void worksWithGossipEnabled() {
		this.runner
			.withPropertyValues("cluster.node-id=2", "cluster.bind-addr=127.0.0.1",
					"cluster.key=" + ClusterPropertiesBindingTests.KEY, "cluster.roles.purge.stores=2",
					"cluster.roles.acme.renew=1")
			.run((context) -> assertThat(context).hasBean("storePurge").doesNotHaveBean("certificateRenewal"));
	}

	@Test
	void idsInTheListAreCompared() {
		this.runner.withPropertyValues("cluster.node-id=node-b", "cluster.roles.acme.renew[0]=node-a",
				"cluster.roles.acme.renew[1]= node-b ")
			.run((context) -> assertThat(context).hasBean("certificateRenewal"));
	}

	@Test
	void roleNamesIgnoreCase() {
		this.runner.withPropertyValues("cluster.node-id=3", "cluster.roles.Purge.Stores=1,2")
			.run((context) -> assertThat(context).doesNotHaveBean("storePurge"));
	}

	@Test
	void rolesFromEnvironmentVariables() {
		this.runner.withPropertyValues("cluster.node-id=3")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
						java.util.Map.of("CLUSTER_ROLES_PURGE_STORES", "1,2", "CLUSTER_ROLES_ACME_RENEW_0_", "3"))))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("storePurge").hasBean("certificateRenewal");
				assertThat(context.getBean(io.github.gossip.internal.config.ClusterConfig.class).holdsRole("purge.stores"))
					.isFalse();
			});
	}

	@Test
	void conditionReportExplainsEachOutcome() {
		this.runner.withPropertyValues("cluster.node-id=3", "cluster.roles.purge.stores=1,2").run((context) -> {
			ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
			StringBuilder outcomes = new StringBuilder();
			report.getConditionAndOutcomesBySource()
				.values()
				.forEach((conditions) -> conditions
					.forEach((condition) -> outcomes.append(condition.getOutcome().getMessage()).append('\n')));
			assertThat(outcomes).contains(
					"@ConditionalOnRole purge.stores node 3 does not hold role purge.stores: cluster.roles.purge.stores lists only [1, 2]");
			assertThat(outcomes).contains(
					"@ConditionalOnRole acme.renew node 3 holds acme.renew (not configured: every node holds it)");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@Import(StorePurgeComponent.class)
	static class RoleGatedBeans {

		@Bean
		@ConditionalOnRole("purge.stores")
		String storePurge() {
			return "purge";
		}

		@Bean
		@ConditionalOnRole("acme.renew")
		String certificateRenewal() {
			return "renew";
		}

		@Bean
		@ConditionalOnRole({ "metrics.calculate", "metrics.push" })
		String metricsPusher() {
			return "push";
		}

		@Bean
		@ConditionalOnRole("reports.nightly")
		String customReport() {
			return "report";
		}

	}

	@Component
	@ConditionalOnRole("purge.stores")
	static class StorePurgeComponent {

	}

}
