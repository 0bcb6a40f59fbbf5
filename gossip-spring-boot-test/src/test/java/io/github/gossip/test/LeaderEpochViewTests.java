package io.github.gossip.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.github.gossip.test.ClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every member's public view knows the epoch its role's leader claimed, not only the leader: a claim
 * that arrives with no membership event must still reach the view.
 */
class LeaderEpochViewTests {

	@Test
	void followersSeeTheEpochTheLeaderClaimedAndTheNextOneAfterItFails() {
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(5).nodes(3).start()) {
			assertThat(cluster).within(Duration.ofSeconds(30)).hasConverged().hasLeader("purge.stores", "1");
			cluster.advance(Duration.ofSeconds(10));
			long claimed = cluster.node("1").membership().leaderEpoch("purge.stores");
			assertThat(claimed).as("epoch node 1 claims; %s", cluster).isPositive();
			for (String follower : new String[] { "2", "3" }) {
				assertThat(cluster.node(follower).membership().leaderEpoch("purge.stores"))
					.as("epoch of purge.stores as node %s sees it; %s", follower, cluster)
					.isEqualTo(claimed);
			}

			cluster.node("1").kill();
			assertThat(cluster).within(Duration.ofMinutes(1)).hasLeader("purge.stores", "2");
			cluster.advance(Duration.ofSeconds(10));
			assertThat(cluster.node("2").membership().leaderEpoch("purge.stores")).isGreaterThan(claimed);
			assertThat(cluster.node("3").membership().leaderEpoch("purge.stores"))
				.as("epoch of purge.stores as node 3 sees it; %s", cluster)
				.isEqualTo(cluster.node("2").membership().leaderEpoch("purge.stores"));
		}
	}

}
