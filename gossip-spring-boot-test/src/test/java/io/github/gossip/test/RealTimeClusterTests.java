package io.github.gossip.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.test.example.PurgeApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cluster whose time passes by itself, for tests written as for a real cluster, with Awaitility. */
class RealTimeClusterTests {

	@Test
	void theTimePassesWithTheWallClockAndTestsWaitAsForARealCluster() {
		long wallStart = System.nanoTime();
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(17)
			.heartbeat(Duration.ofMillis(200))
			.application("1", PurgeApplication.class, "cluster.heartbeat=200ms")
			.nodes("2", "3")
			.realTime()
			.start()) {
			ClusterMembership app = cluster.node("1").membership();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> app.members().stream().filter((m) -> m.status() == MemberStatus.ALIVE).count() == 3);
			cluster.node("3").kill(); // from the test's thread, while the kit's thread runs the cluster
			await().atMost(Duration.ofSeconds(20))
				.until(() -> app.member("3").map((m) -> m.status() == MemberStatus.FAILED).orElse(false));
			// the virtual time follows the wall clock and never runs ahead of it
			assertThat(cluster.elapsed()).isPositive()
				.isLessThanOrEqualTo(Duration.ofNanos(System.nanoTime() - wallStart));
		}
	}

	@Test
	void withoutRealTimeNothingHappensUntilTheTestAdvances() throws InterruptedException {
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(17).nodes(3).start()) {
			Thread.sleep(200);
			assertThat(cluster.elapsed()).isZero();
			assertThat(cluster.node("1").membership().members()).hasSize(1);
		}
	}

}
