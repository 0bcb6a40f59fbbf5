package io.github.gossip.test.example;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.gossip.test.SimulatedCluster;
import io.github.gossip.test.SimulatedClusterTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "cluster.roles.purge.stores=1,2")
@SimulatedClusterTest(nodeId = "2", peers = { "1", "3" }, seed = 42)
class StorePurgeFailoverTests {

	@Autowired
	SimulatedCluster cluster;

	@Autowired
	StorePurge purge;

	@Test
	void thePurgeRunsHereOnlyOnceNodeOneHasFailed() {
		this.cluster.advance(Duration.ofMinutes(1));
		assertThat(this.purge.runs()).isZero(); // node 1 leads purge.stores and purges

		this.cluster.node("1").kill();
		this.cluster.awaitUntil("node 2 leading purge.stores",
				(c) -> c.node("2").membership().isLeader("purge.stores"), Duration.ofSeconds(30));
		this.cluster.advance(Duration.ofMinutes(1));
		assertThat(this.purge.runs()).isEqualTo(6); // every 10 s of that minute, here
	}

}
