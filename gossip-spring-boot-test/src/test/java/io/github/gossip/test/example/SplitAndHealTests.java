package io.github.gossip.test.example;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.test.SimulatedCluster;
import io.github.gossip.test.SimulatedClusterExtension;

import static io.github.gossip.test.ClusterAssertions.assertThat;

@ExtendWith(SimulatedClusterExtension.class)
class SplitAndHealTests {

	@Test
	void eachSideLeadsDuringTheSplitAndTheLowestNodeLeadsAgainAfterTheHeal() {
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(3).nodes(3).start()) {
			assertThat(cluster).within(Duration.ofSeconds(30)).hasConverged().hasLeader("purge.stores", "1");

			cluster.isolate("1"); // {1} against {2, 3}
			assertThat(cluster).within(Duration.ofSeconds(30)).side("2", "3").hasLeader("purge.stores", "2");
			assertThat(cluster).side("1").hasLeader("purge.stores", "1");

			cluster.heal();
			assertThat(cluster).within(Duration.ofMinutes(1)).hasConverged().hasLeader("purge.stores", "1");
			assertThat(cluster.node("3")).sawLeaderChanges("purge.stores").containsExactly("1", "2", "1");
		}
	}

}
