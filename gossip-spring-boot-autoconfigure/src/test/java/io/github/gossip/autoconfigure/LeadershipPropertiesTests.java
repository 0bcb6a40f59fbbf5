package io.github.gossip.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.protocol.QuorumRule;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.leadership.policy.<role>} and {@code cluster.leadership.quorum.<role>}: how they
 * bind, what reaches the node, and every way to get them wrong.
 */
class LeadershipPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1");

	@Test
	void everyRoleIsAvailableByDefault() {
		this.runner.withPropertyValues("cluster.roles.acme.renew=1,2,3").run((context) -> {
			ConfiguredNode node = context.getBean(ConfiguredNode.class);
			assertThat(node.leadershipPolicy("acme.renew")).isEqualTo(LeadershipPolicy.available());
			assertThat(node.leadershipPolicy("reports.daily")).isEqualTo(LeadershipPolicy.available());
			assertThat(context.getBean(ClusterConfig.class).quorums()).isEmpty();
			assertThat(context.getBean(ClusterProperties.class).leadership().policy()).isEmpty();
		});
	}

	@Test
	void aMajorityRoleVotesAmongTheNodeIdsOfItsRoleList() {
		this.runner.withPropertyValues("cluster.roles.acme.renew=1, 2,3", "cluster.leadership.policy.acme.renew=majority")
			.run((context) -> {
				LeadershipPolicy policy = context.getBean(ConfiguredNode.class).leadershipPolicy("acme.renew");
				assertThat(policy).isEqualTo(LeadershipPolicy.majorityOf(List.of("1", "2", "3")));
				assertThat(policy.requiredGrants()).isEqualTo(2);
				assertThat(context.getBean(ClusterConfig.class).quorums())
					.containsExactly(Map.entry("acme.renew", QuorumRule.majorityOf(Set.of("1", "2", "3"))));
			});
	}

	@Test
	void aMajorityRoleThatEveryNodeHoldsTakesAQuorum() {
		this.runner
			.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
					"cluster.leadership.quorum.reports.daily=3", "cluster.roles.metrics.push=",
					"cluster.leadership.policy.metrics.push=majority", "cluster.leadership.quorum.metrics.push=2")
			.run((context) -> {
				ConfiguredNode node = context.getBean(ConfiguredNode.class);
				assertThat(node.leadershipPolicy("reports.daily")).isEqualTo(LeadershipPolicy.majority(3));
				assertThat(node.leadershipPolicy("metrics.push")).isEqualTo(LeadershipPolicy.majority(2));
				assertThat(context.getBean(ClusterConfig.class).quorums()).containsOnly(
						Map.entry("reports.daily", QuorumRule.quorum(3)), Map.entry("metrics.push", QuorumRule.quorum(2)));
			});
	}

	@Test
	void roleNamesAndPolicyValuesIgnoreCaseAndAvailableCanBeWrittenOut() {
		this.runner
			.withPropertyValues("cluster.roles.acme.renew=1,2,3", "cluster.leadership.policy.Acme.Renew= Majority ",
					"cluster.leadership.policy.metrics.push=AVAILABLE")
			.run((context) -> {
				ConfiguredNode node = context.getBean(ConfiguredNode.class);
				assertThat(node.leadershipPolicy("ACME.renew")).isEqualTo(LeadershipPolicy.majorityOf(List.of("1", "2", "3")));
				assertThat(node.leadershipPolicy("metrics.push")).isEqualTo(LeadershipPolicy.available());
				assertThat(context.getBean(ClusterConfig.class).quorums()).containsOnlyKeys("acme.renew");
			});
	}

	@Test
	void bindsFromYamlAndFromEnvironmentVariables() throws Exception {
		String yaml = """
				cluster:
				  roles:
				    acme:
				      renew: ["1", "2", "3"]
				  leadership:
				    policy:
				      acme.renew: majority
				      reports:
				        daily: majority
				    quorum:
				      reports.daily: 2
				""";
		var sources = new YamlPropertySourceLoader().load("example", new ByteArrayResource(yaml.getBytes()));
		this.runner.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addLast))
			.run((context) -> assertThat(context.getBean(ClusterConfig.class).quorums()).containsOnly(
					Map.entry("acme.renew", QuorumRule.majorityOf(Set.of("1", "2", "3"))),
					Map.entry("reports.daily", QuorumRule.quorum(2))));
		Map<String, Object> environment = Map.of("CLUSTER_LEADERSHIP_POLICY_PURGE_STORES", "majority",
				"CLUSTER_LEADERSHIP_QUORUM_PURGE_STORES", "2");
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						environment)))
			.run((context) -> assertThat(context.getBean(ConfiguredNode.class).leadershipPolicy("purge.stores"))
				.isEqualTo(LeadershipPolicy.majority(2)));
	}

	@Test
	void theMajorityRolesReachTheNodesOptions() {
		this.runner
			.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + ClusterPropertiesBindingTests.KEY,
					"cluster.roles.acme.renew=1,2,3", "cluster.leadership.policy.acme.renew=majority",
					"cluster.leadership.policy.reports.daily=majority", "cluster.leadership.quorum.reports.daily=2",
					"cluster.leadership.policy.metrics.push=available")
			.run((context) -> assertThat(GossipAutoConfiguration
				.nodeOptions(context.getBean(GossipSettings.class), context.getBean(ClusterConfig.class))
				.quorums()).containsOnly(Map.entry("acme.renew", QuorumRule.majorityOf(Set.of("1", "2", "3"))),
						Map.entry("reports.daily", QuorumRule.quorum(2))));
	}

	@Test
	void anUnknownPolicyIsRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.acme.renew=quorum"),
				"cluster.leadership.policy.acme.renew='quorum': is not a leadership policy; allowed: available (the "
						+ "default: a leader on every side of a network split) or majority (a leader only where a strict "
						+ "majority of the role's holders is reachable)");
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.acme.renew="),
				"cluster.leadership.policy.acme.renew='': is not a leadership policy; allowed: available");
	}

	@Test
	void aMajorityRoleWithoutVotersIsRefused() {
		String expected = "cluster.leadership.policy.reports.daily=majority: needs the role's voters: set "
				+ "cluster.roles.reports.daily to the node ids that hold the role (a leader then needs a strict majority "
				+ "of them), or, for a role that every node holds, cluster.leadership.quorum.reports.daily to how many "
				+ "holders must grant the leader (more than half of the cluster's intended size)";
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority"), expected);
		// an empty list means every node holds the role: no fixed voters either
		assertInvalid(this.runner.withPropertyValues("cluster.roles.reports.daily=",
				"cluster.leadership.policy.reports.daily=majority"), expected);
	}

	@Test
	void aQuorumTogetherWithARoleListIsRefused() {
		assertInvalid(
				this.runner.withPropertyValues("cluster.roles.acme.renew=1,2,3",
						"cluster.leadership.policy.acme.renew=majority", "cluster.leadership.quorum.acme.renew=2"),
				"1 invalid cluster property:",
				"cluster.leadership.quorum.acme.renew=2: is set together with cluster.roles.acme.renew, whose node ids "
						+ "are the voters (a leader needs a strict majority of them); set one of the two: the list, or "
						+ "the quorum for a role that every node holds");
	}

	@Test
	void aQuorumOfARoleWhosePolicyIsNotMajorityIsRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.quorum.reports.daily=2"),
				"cluster.leadership.quorum.reports.daily=2: applies to the majority policy only, but "
						+ "cluster.leadership.policy.reports.daily is not set (available); set "
						+ "cluster.leadership.policy.reports.daily=majority, or remove the quorum");
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=available",
				"cluster.leadership.quorum.reports.daily=2"),
				"cluster.leadership.quorum.reports.daily=2: applies to the majority policy only, but "
						+ "cluster.leadership.policy.reports.daily is available; set");
	}

	@Test
	void aQuorumBelowOneOrNotANumberIsRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.quorum.reports.daily=0"),
				"1 invalid cluster property:",
				"cluster.leadership.quorum.reports.daily=0: must be a whole number of at least 1: how many holders of "
						+ "the role must grant its leader");
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.quorum.reports.daily=-2"), "cluster.leadership.quorum.reports.daily=-2: must be");
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.quorum.reports.daily=two"),
				"cluster.leadership.quorum.reports.daily=two: cannot be read; allowed: a whole number of at least 1");
	}

	@Test
	void aPolicyOrQuorumWithoutItsRoleIsRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy=majority", "cluster.leadership.quorum=2"),
				"cluster.leadership.policy=majority: cannot be read; allowed: one property per role, "
						+ "cluster.leadership.policy.<role>=available or majority",
				"cluster.leadership.quorum=2: cannot be read; allowed: one property per role, "
						+ "cluster.leadership.quorum.<role>=a whole number of at least 1");
	}

	@Test
	void aBlankQuorumIsUnset() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.quorum.reports.daily="),
				"1 invalid cluster property:", "cluster.leadership.policy.reports.daily=majority: needs the role's voters");
	}

	@Test
	void aLargeQuorumIsAcceptedForNoUpperBoundIsKnownBeforeTheClusterRuns() {
		this.runner
			.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
					"cluster.leadership.quorum.reports.daily=500")
			.run((context) -> assertThat(context.getBean(ConfiguredNode.class).leadershipPolicy("reports.daily"))
				.isEqualTo(LeadershipPolicy.majority(500)));
	}

	@Test
	void oneRoleWrittenInTwoCasesIsRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.policy.Reports.Daily=available"),
				"cluster.leadership.policy.reports.daily=majority: names the same role as "
						+ "cluster.leadership.policy.Reports.Daily (role names ignore case); keep one of them");
	}

	@Test
	void everyLeadershipProblemIsReportedAtOnceWithTheOthers() {
		this.runner
			.withPropertyValues("cluster.bind-port=70000", "cluster.roles.acme.renew=1,2,3",
					"cluster.leadership.policy.acme.renew=majority", "cluster.leadership.quorum.acme.renew=2",
					"cluster.leadership.policy.metrics.push=sometimes", "cluster.leadership.policy.reports.daily=majority",
					"cluster.leadership.quorum.reports.weekly=0", "cluster.leadership.quorum.purge.stores=many")
			.run((context) -> {
				InvalidClusterPropertiesException ex = ClusterPropertiesValidationTests
					.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class);
				assertThat(ex.violations()).extracting(InvalidClusterPropertiesException.Violation::property)
					.containsExactlyInAnyOrder("cluster.leadership.quorum.purge.stores", "cluster.bind-port",
							"cluster.leadership.policy.metrics.push", "cluster.leadership.quorum.acme.renew",
							"cluster.leadership.quorum.reports.weekly", "cluster.leadership.policy.reports.daily");
				assertThat(ex.getMessage()).startsWith("6 invalid cluster properties:");
			});
	}

	private static void assertInvalid(ApplicationContextRunner runner, String... expected) {
		runner.run((context) -> assertThat(failureMessage(context)).contains(expected));
	}

	private static String failureMessage(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return ClusterPropertiesValidationTests
			.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class)
			.getMessage();
	}

}
