package io.github.gossip.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.membership.MemberStatus;

import static io.github.gossip.membership.ClusterEvent.Type.FAILED;
import static io.github.gossip.membership.ClusterEvent.Type.JOINED;
import static io.github.gossip.membership.ClusterEvent.Type.LEFT;
import static io.github.gossip.test.ClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each assertion holds when it should and fails when it should, and every failure names the seed
 * and the cluster time and shows what the nodes see.
 */
class ClusterAssertionsTests {

	private static final String ROLE = "purge.stores";

	private static final String SEED = "seed=21";

	private SimulatedCluster cluster;

	@BeforeEach
	void start() {
		this.cluster = SimulatedCluster.builder().seed(21).nodes(3).role(ROLE, "1", "2").start();
		this.cluster.advance(Duration.ofSeconds(10));
	}

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void aFailureNamesTheSeedAndTheTimeAndShowsEveryNodesView() {
		assertFails(() -> assertThat(this.cluster).hasLeader(ROLE, "2"))
			.contains("Expecting every running node of the cluster to name 2 as the leader of purge.stores, but "
					+ "node 1 names 1, node 2 names 1, node 3 names 1.")
			.contains("  node 1 (running): 1 ALIVE, 2 ALIVE, 3 ALIVE")
			.contains("  node 3 (running): 1 ALIVE, 2 ALIVE, 3 ALIVE")
			.contains("SimulatedCluster[seed=21, at PT10S, nodes=[1, 2, 3]; replay with SimulatedCluster.builder().seed(21L)]");
	}

	@Test
	void aDescriptionOfTheTestsOwnComesFirst() {
		assertFails(() -> assertThat(this.cluster).as("after the start").hasNoLeader(ROLE)).startsWith("[after the start] ")
			.contains(SEED);
	}

	@Test
	void hasConvergedHoldsOfAWholeClusterAndFailsWhileAKilledNodeIsStillSeenLive() {
		assertThat(this.cluster).hasConverged();
		this.cluster.node("3").kill();
		assertFails(() -> assertThat(this.cluster).hasConverged())
			.contains("to see exactly the running nodes [1, 2] ALIVE, but node 1, node 2 see otherwise")
			.contains("node 3 (stopped)")
			.contains(SEED);
	}

	@Test
	void withinWaitsInClusterTimeAndStopsTheClockWhenTheCheckFirstHolds() {
		this.cluster.node("3").kill();
		assertThat(this.cluster).within(Duration.ofMinutes(1)).hasConverged();
		Duration converged = this.cluster.elapsed();
		assertThat(converged).isGreaterThan(Duration.ofSeconds(10)).isLessThan(Duration.ofSeconds(70));
		assertThat(this.cluster.node("1").membership().member("3")).get()
			.extracting((member) -> member.status())
			.isEqualTo(MemberStatus.FAILED);
		// the first moment: that of the last of the survivors' FAILED events
		Instant lastFailed = Stream.of("1", "2")
			.map((id) -> this.cluster.node(id)
				.events()
				.stream()
				.filter((event) -> event.type() == FAILED)
				.findFirst()
				.orElseThrow()
				.timestamp())
			.max(Comparator.naturalOrder())
			.orElseThrow();
		assertThat(lastFailed).isEqualTo(this.cluster.clock().instant());
	}

	@Test
	void withinFailsOnceTheLimitHasPassedAndSaysSo() {
		assertFails(() -> assertThat(this.cluster).within(Duration.ofSeconds(5)).hasLeader(ROLE, "3"))
			.contains("within PT5S of cluster time")
			.contains("at PT15S");
		assertThat(this.cluster.elapsed()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void aCheckThatAlreadyHoldsDoesNotAdvanceTheClock() {
		assertThat(this.cluster).within(Duration.ofMinutes(1)).hasConverged().hasLeader(ROLE, "1");
		assertThat(this.cluster.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void hasOneLeaderFailsWhileNobodyLeadsYet() {
		try (SimulatedCluster fresh = SimulatedCluster.builder().seed(21).nodes(2).start()) {
			assertFails(() -> assertThat(fresh).hasOneLeader(ROLE)).contains("but none leads").contains("at PT0S");
			assertThat(fresh).within(Duration.ofSeconds(10)).hasOneLeader(ROLE);
		}
	}

	@Test
	void leadershipChecksOfTheWholeClusterAndOfOneSide() {
		assertThat(this.cluster).hasOneLeader(ROLE).hasAtMostOneLeader(ROLE).hasLeader(ROLE, "1");
		assertFails(() -> assertThat(this.cluster).hasNoLeader(ROLE)).contains("node 1 names 1, node 2 names 1, node 3 names 1");
		this.cluster.isolate("3");
		assertThat(this.cluster).side("3").within(Duration.ofMinutes(1)).hasNoLeader(ROLE);
		assertThat(this.cluster).side("1", "2").hasOneLeader(ROLE);
		assertFails(() -> assertThat(this.cluster).hasOneLeader(ROLE)).contains("1 leads, but node 3 names none");
		// a role all hold has a leader on each side under the available policy
		assertThat(this.cluster).side("3").hasOneLeader("metrics.push");
		assertFails(() -> assertThat(this.cluster).hasAtMostOneLeader("metrics.push"))
			.contains("to lead metrics.push, but 1 and 3 lead");
	}

	@Test
	void aSideIsCheckedAsAClusterOfItsOwn() {
		this.cluster.isolate("3");
		assertThat(this.cluster).within(Duration.ofMinutes(1)).side("3").hasConverged();
		assertThat(this.cluster).side("1", "2").within(Duration.ofMinutes(1)).hasConverged();
		assertFails(() -> assertThat(this.cluster).hasConverged()).contains("node 1, node 2, node 3 see otherwise");
		assertThat(this.cluster).side("3").within(Duration.ofMinutes(1)).hasNoLeader(ROLE);
		assertFails(() -> assertThat(this.cluster).side("3").hasLeader(ROLE, "1")).contains("but node 3 names none");
		this.cluster.heal();
		this.cluster.node("3").kill();
		assertFails(() -> assertThat(this.cluster).side("1").hasConverged()).contains("but node 1 sees otherwise");
		assertThatIllegalArgumentException().isThrownBy(() -> assertThat(this.cluster).side("1", "9"))
			.withMessageContaining("No simulated node '9'");
	}

	@Test
	void aCheckOfNoRunningNodeFailsRatherThanHoldOfNothing() {
		this.cluster.node("3").kill();
		assertFails(() -> assertThat(this.cluster).side("3").hasNoLeader(ROLE)).contains("but no node of [3] runs");
		assertFails(() -> assertThat(this.cluster).side("3").hasConverged()).contains("but no node of [3] runs");
	}

	@Test
	void hasRunningNodesAndNoNodeSaw() {
		assertThat(this.cluster).hasRunningNodes("1", "2", "3").noNodeSaw(FAILED).noNodeSaw(LEFT, "2");
		this.cluster.node("2").kill();
		assertThat(this.cluster).hasRunningNodes("1", "3");
		assertFails(() -> assertThat(this.cluster).hasRunningNodes("1", "2", "3")).contains("but they are [1, 3]");
		assertThat(this.cluster.node("1")).within(Duration.ofMinutes(1)).sees("2", MemberStatus.FAILED);
		assertFails(() -> assertThat(this.cluster).noNodeSaw(FAILED)).contains("node 1 saw FAILED 2 at PT")
			.contains(SEED);
		assertFails(() -> assertThat(this.cluster).noNodeSaw(FAILED, "2")).contains("to have seen FAILED of 2");
		assertThat(this.cluster).noNodeSaw(FAILED, "1");
	}

	@Test
	void viewChecksOfOneNode() {
		SimulatedNode node = this.cluster.node("3");
		assertThat(node).isRunning().hasProcesses(1).sees("1", MemberStatus.ALIVE).sees("3", MemberStatus.ALIVE)
			.seesLive("1", "2", "3").doesNotLead(ROLE).hasLeader(ROLE, "1");
		assertFails(() -> assertThat(node).sees("1", MemberStatus.FAILED))
			.contains("Expecting node 3 to see 1 FAILED, but it sees 1 ALIVE.")
			.contains("  node 3 (running): 1 ALIVE, 2 ALIVE, 3 ALIVE")
			.contains(SEED);
		assertFails(() -> assertThat(node).sees("7", MemberStatus.ALIVE)).contains("but it does not know 7");
		assertFails(() -> assertThat(node).seesLive("1", "3")).contains("but it sees [1, 2, 3] live");
		assertFails(() -> assertThat(node).doesNotKnow("2")).contains("but it sees 2 ALIVE");
		assertFails(() -> assertThat(node).isNotRunning()).contains("but it runs");
		assertFails(() -> assertThat(node).hasProcesses(2)).contains("but it started 1");
		node.kill();
		assertThat(node).isNotRunning().doesNotLead(ROLE).hasNoLeader(ROLE);
		assertFails(() -> assertThat(node).isRunning()).contains("node 3 (stopped)").contains(SEED);
	}

	@Test
	void aNodeDoesNotKnowWhatItNeverHeardOf() {
		this.cluster.partition(List.of("1", "2", "3"));
		SimulatedNode added = this.cluster.addNode("4"); // outside the group: cut off from the start
		this.cluster.advance(Duration.ofSeconds(10));
		assertThat(this.cluster.node("1")).doesNotKnow("4");
		assertThat(added).doesNotKnow("1").seesLive("4");
	}

	@Test
	void leadershipChecksOfOneNode() {
		assertThat(this.cluster.node("1")).leads(ROLE).hasLeader(ROLE, "1");
		assertFails(() -> assertThat(this.cluster.node("2")).leads(ROLE)).contains("but it does not; it names 1");
		assertFails(() -> assertThat(this.cluster.node("1")).doesNotLead(ROLE)).contains("but it does");
		assertFails(() -> assertThat(this.cluster.node("2")).hasLeader(ROLE, "2")).contains("but it names 1");
		assertFails(() -> assertThat(this.cluster.node("2")).hasNoLeader(ROLE)).contains("but it names 1");
	}

	@Test
	void eventChecksOfOneNode() {
		SimulatedNode node = this.cluster.node("1");
		assertThat(node).sawEvent(JOINED, "2").sawNoEvent(FAILED).sawNoEvent(JOINED, "1");
		assertFails(() -> assertThat(node).sawEvent(FAILED, "2"))
			.contains("Expecting node 1 to have seen FAILED of 2, but of 2 it saw only JOINED 2 at PT0S.");
		assertFails(() -> assertThat(node).sawEvent(FAILED, "8")).contains("but it saw no event of 8");
		assertFails(() -> assertThat(node).sawNoEvent(JOINED)).contains("but it saw JOINED 2 at PT0S, JOINED 3 at PT0S");
		assertFails(() -> assertThat(node).sawNoEvent(JOINED, "3")).contains("but it saw JOINED 3 at PT0S");
	}

	@Test
	void theLeaderChangesANodeSawInOrderWithNoLeaderAsNull() {
		this.cluster.node("1").kill();
		assertThat(this.cluster.node("3")).within(Duration.ofMinutes(1)).hasLeader(ROLE, "2");
		this.cluster.node("2").kill();
		assertThat(this.cluster.node("3")).within(Duration.ofMinutes(1)).hasNoLeader(ROLE);
		assertThat(this.cluster.node("3")).sawLeaderChanges(ROLE).containsExactly("1", "2", null);
		assertThat(this.cluster.node("3")).sawLeaderChanges("PURGE.STORES").as("the role as configuration spells it")
			.hasSize(3);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.cluster.node("3")).sawLeaderChanges(ROLE).containsExactly("1"))
			.withMessageContaining("the leaders of purge.stores in the order node 3 saw them")
			.withMessageContaining(SEED);
	}

	@Test
	void theClustersAssertionLeadsToItsNodesAndKeepsWaiting() {
		this.cluster.node("1").kill();
		assertThat(this.cluster).within(Duration.ofMinutes(1)).node("2").leads(ROLE);
		assertThat(this.cluster.elapsed()).isGreaterThan(Duration.ofSeconds(10));
		// each member ends its stability window for the new leader by its own view, a moment apart
		assertThat(this.cluster).within(Duration.ofSeconds(10)).node("3").hasLeader(ROLE, "2");
		assertThatIllegalArgumentException().isThrownBy(() -> assertThat(this.cluster).node("5"));
	}

	@Test
	void aNegativeLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> assertThat(this.cluster).within(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> assertThat(this.cluster.node("1")).within(Duration.ofSeconds(-1)));
	}

	/** The message of the check's failure, to assert on; fails if the check holds. */
	private static AbstractStringAssert<?> assertFails(ThrowingCallable check) {
		Throwable failure = catchThrowable(check);
		assertThat(failure).as("the check's failure").isInstanceOf(AssertionError.class);
		return assertThat(failure.getMessage());
	}

}
