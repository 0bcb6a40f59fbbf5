package io.github.gossip.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stalwart's own example writes {@code [cluste.roles.purge]}. A near miss of the prefix that would
 * set roles or keys stops start-up (ignored, it would make every node hold every role, or leave
 * gossip off); any other near miss is named in a WARN.
 */
@ExtendWith(OutputCaptureExtension.class)
class MisspelledPrefixCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class));

	@Test
	void theDocumentationTypoInRoleSectionsStopsStartUpAndShowsTheFix() {
		// Stalwart's example, as copied: [cluste.roles.purge] stores = ["1", "2"] ...
		this.runner
			.withPropertyValues("cluster.node-id=1", "cluste.roles.purge.stores[0]=1", "cluste.roles.purge.stores[1]=2",
					"cluste.roles.acme.renew=1")
			.run((context) -> {
				assertThat(context).hasFailed();
				String report = ClusterPropertiesValidationTests
					.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class)
					.getMessage();
				assertThat(report).startsWith("2 invalid cluster properties:")
					.contains("cluste.roles.acme.renew: looks like a misspelling of cluster.roles.acme.renew")
					.contains("cluste.roles.purge.stores: looks like a misspelling of cluster.roles.purge.stores")
					.contains("as written it is ignored, and a role that is not configured is held by every node")
					.contains("rename it to cluster.roles.purge.stores")
					.contains("cluster.allow-near-miss-prefix=true");
			});
	}

	@Test
	void aKeyUnderANearMissPrefixStopsStartUpWithoutShowingTheKey() {
		this.runner
			.withPropertyValues("cluster.node-id=1", "cluster.bind-addr=127.0.0.1",
					"clustr.key=a near-miss secret of some length", "CLUSTE_SECONDARYKEYS=another secret of some length")
			.run((context) -> {
				String report = ClusterPropertiesValidationTests
					.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class)
					.getMessage();
				assertThat(report).contains("CLUSTE_SECONDARYKEYS: looks like a misspelling of CLUSTER_SECONDARYKEYS")
					.contains("clustr.key: looks like a misspelling of cluster.key")
					.contains("gossip stays off")
					.doesNotContain("near-miss secret", "another secret");
			});
	}

	@Test
	void aLeadershipPolicyUnderANearMissPrefixStopsStartUp() {
		this.runner
			.withPropertyValues("cluster.node-id=1", "cluster.roles.acme.renew=1,2,3",
					"clustre.leadership.policy.acme.renew=majority")
			.run((context) -> assertThat(ClusterPropertiesValidationTests
				.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class)
				.getMessage()).contains("clustre.leadership.policy.acme.renew: looks like a misspelling of "
						+ "cluster.leadership.policy.acme.renew; as written it is ignored, and a role meant to have the "
						+ "majority policy is available: a leader on every side of a network split"));
	}

	@Test
	void optingOutStartsWithAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("cluster.node-id=1", "cluste.roles.purge.stores=1,2", "cluster.allow-near-miss-prefix=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("WARN")
					.contains("Ignoring properties that look like a misspelling of the 'cluster.' prefix: "
							+ "[cluste.roles.purge.stores]. Did you mean [cluster.roles.purge.stores]?");
			});
	}

	@Test
	void otherNearMissesOnlyWarn(CapturedOutput output) {
		this.runner.withPropertyValues("culster.heartbeat=5s", "clusterr.seed-nodes=10.0.0.2").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("WARN")
				.contains("[clusterr.seed-nodes, culster.heartbeat]")
				.contains("Did you mean [cluster.seed-nodes, cluster.heartbeat]?");
		});
	}

	@Test
	void quietForCorrectAndUnrelatedNames(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.node-id=1", "clusters=3", "counter.x=1", "spring.main.banner-mode=off")
			.run((context) -> assertThat(output).doesNotContain("misspelling"));
	}

	@Test
	void nearMissRule() {
		assertThat(MisspelledPrefixCheck.isNearMiss("cluste")).isTrue();
		assertThat(MisspelledPrefixCheck.isNearMiss("clustr")).isTrue();
		assertThat(MisspelledPrefixCheck.isNearMiss("culster")).isTrue();
		assertThat(MisspelledPrefixCheck.isNearMiss("clusters")).isTrue();
		assertThat(MisspelledPrefixCheck.isNearMiss("cluster")).isFalse();
		assertThat(MisspelledPrefixCheck.isNearMiss("custom")).isFalse();
		assertThat(MisspelledPrefixCheck.isNearMiss("server")).isFalse();
		assertThat(MisspelledPrefixCheck.isNearMiss("luster")).isTrue();
	}

}
