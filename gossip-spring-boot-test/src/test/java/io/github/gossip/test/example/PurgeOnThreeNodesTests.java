package io.github.gossip.test.example;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.gossip.test.SimulatedCluster;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeOnThreeNodesTests {

	@Test
	void theLeaderPurgesThenTheNextNodeOnceTheLeaderCrashes() {
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(7)
			.application("1", PurgeApplication.class)
			.application("2", PurgeApplication.class)
			.application("3", PurgeApplication.class)
			.start()) {
			StorePurge one = cluster.node("1").getBean(StorePurge.class);
			StorePurge two = cluster.node("2").getBean(StorePurge.class);
			cluster.advance(Duration.ofMinutes(1));
			assertThat(one.runs()).isEqualTo(6); // at 10 s, 20 s, ... 60 s
			assertThat(two.runs()).isZero();

			cluster.node("1").kill(); // a crash: the node stops, then its context closes
			cluster.advance(Duration.ofMinutes(1));
			assertThat(one.runs()).isEqualTo(6);
			assertThat(two.runs()).isEqualTo(6);
			assertThat(cluster.node("3").getBean(StorePurge.class).runs()).isZero();
		}
	}

}
