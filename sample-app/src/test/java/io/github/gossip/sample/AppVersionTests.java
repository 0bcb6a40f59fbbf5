package io.github.gossip.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.gossip.membership.ClusterMember;
import io.github.gossip.test.SimulatedCluster;

import org.springframework.boot.info.BuildProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application announces the version of its build (the build-info goal), so that its live
 * page and the {@code cluster} endpoint show every member's version; {@code cluster.app-version}
 * overrides it, as a rolling upgrade's new version would.
 */
class AppVersionTests {

	@Test
	void eachNodeAnnouncesItsBuildsVersionUnlessConfiguredOtherwise() {
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(4)
			.application("1", SampleApplication.class, "sample.job-delay=1h")
			.application("2", SampleApplication.class, "sample.job-delay=1h", "cluster.app-version=9.9.9-next")
			.start()) {
			cluster.awaitUntil("node 1 seeing node 2's version",
					(c) -> c.node("1").membership().member("2").flatMap(ClusterMember::appVersion).isPresent()
							&& c.node("2").membership().member("1").flatMap(ClusterMember::appVersion).isPresent(),
					Duration.ofSeconds(30));
			String built = cluster.node("1").getBean(BuildProperties.class).getVersion();
			assertThat(cluster.node("2").membership().member("1").flatMap(ClusterMember::appVersion)).contains(built);
			assertThat(cluster.node("1").membership().member("2").flatMap(ClusterMember::appVersion))
				.contains("9.9.9-next");
		}
	}

}
