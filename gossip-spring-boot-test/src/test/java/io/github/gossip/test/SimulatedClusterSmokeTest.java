package io.github.gossip.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.gossip.membership.MemberStatus;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedClusterSmokeTest {

	@Test
	void threeNodesFormAClusterElectALeaderAndFailOverAfterAKill() {
		long started = System.nanoTime();
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(42).nodes(3).role("purge.stores", "1", "2").start()) {
			cluster.advance(Duration.ofSeconds(10));
			assertThat(cluster.node("3").membership().members()).extracting((m) -> m.status()).containsOnly(MemberStatus.ALIVE).hasSize(3);
			assertThat(cluster.node("2").membership().leader("purge.stores")).get().extracting((m) -> m.nodeId()).isEqualTo("1");
			cluster.node("1").kill();
			cluster.awaitUntil("node 2 leads", (c) -> c.node("2").membership().isLeader("purge.stores"), Duration.ofMinutes(1));
			System.out.println("failover at " + cluster.elapsed() + " wall " + (System.nanoTime() - started) / 1_000_000 + " ms; events of 3: " + cluster.node("3").events());
		}
	}

}
