package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.MemberStatus;

import static io.github.gossip.membership.ClusterEvent.Type.ALIVE_AGAIN;
import static io.github.gossip.membership.ClusterEvent.Type.FAILED;
import static io.github.gossip.membership.ClusterEvent.Type.JOINED;
import static io.github.gossip.membership.ClusterEvent.Type.LEFT;
import static io.github.gossip.membership.ClusterEvent.Type.SUSPECTED;
import static io.github.gossip.membership.ClusterEvent.Type.UPDATED;
import static io.github.gossip.test.ClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every operation of the kit does to real nodes what it says. Each test checks behaviour the
 * protocol promises (who ends up FAILED, who leads, that the cluster converges), never the moment
 * it happens: the limits are generous, and the seeds only make the runs repeatable.
 */
@ExtendWith(SimulatedClusterExtension.class)
class SimulatedClusterOperationsTests {

	private static final String ROLE = "purge.stores";

	private static final Duration SETTLE = Duration.ofSeconds(10);

	private static final Duration DETECTION = Duration.ofMinutes(1);

	private SimulatedCluster cluster;

	@AfterEach
	void close() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	private SimulatedCluster start(int nodes) {
		this.cluster = SimulatedCluster.builder().seed(14).nodes(nodes).role(ROLE, "1", "2").start();
		assertThat(this.cluster).within(SETTLE).hasConverged().hasOneLeader(ROLE).hasLeader(ROLE, "1");
		return this.cluster;
	}

	@Test
	void theNodesStartedTogetherFormOneClusterAndTheLowestHolderLeads() {
		start(3);
		assertThat(this.cluster).hasRunningNodes("1", "2", "3").noNodeSaw(SUSPECTED);
		assertThat(this.cluster.node("3")).seesLive("1", "2", "3").doesNotLead(ROLE).hasProcesses(1);
		assertThat(this.cluster.node("1")).leads(ROLE);
	}

	@Test
	void aKilledNodeIsFailedEverywhereAndItsLeadershipMoves() {
		start(3);
		this.cluster.node("1").kill();
		assertThat(this.cluster.node("1")).isNotRunning().doesNotLead(ROLE).hasNoLeader(ROLE);
		assertThat(this.cluster).within(DETECTION).hasConverged().hasLeader(ROLE, "2").hasOneLeader(ROLE);
		for (String survivor : List.of("2", "3")) {
			assertThat(this.cluster.node(survivor)).sees("1", MemberStatus.FAILED)
				.sawEvent(FAILED, "1")
				.sawLeaderChanges(ROLE)
				.containsExactly("1", "2");
		}
		assertThat(this.cluster).hasRunningNodes("2", "3").noNodeSaw(FAILED, "2").noNodeSaw(FAILED, "3");
	}

	@Test
	void whenEveryHolderOfARoleIsKilledNobodyLeadsIt() {
		start(3);
		this.cluster.node("1").kill();
		this.cluster.node("2").kill();
		assertThat(this.cluster).within(DETECTION).hasConverged().hasNoLeader(ROLE);
		assertThat(this.cluster.node("3")).sawLeaderChanges(ROLE).last().isNull();
	}

	@Test
	void aNodeThatLeavesIsLeftEverywhereAndFailsNobody() {
		start(3);
		this.cluster.node("1").leave();
		assertThat(this.cluster.node("1")).isNotRunning();
		assertThat(this.cluster).hasRunningNodes("2", "3").within(SETTLE).hasConverged().hasLeader(ROLE, "2");
		assertThat(this.cluster.node("2")).sees("1", MemberStatus.LEFT).sawEvent(LEFT, "1");
		assertThat(this.cluster.node("3")).sees("1", MemberStatus.LEFT).sawEvent(LEFT, "1");
		assertThat(this.cluster).noNodeSaw(FAILED);
	}

	@Test
	void aPauseShorterThanFailureDetectionFailsNobody() {
		start(3);
		this.cluster.node("1").pause(Duration.ofSeconds(1));
		assertThat(this.cluster.node("1").isPaused()).isTrue();
		this.cluster.advance(Duration.ofSeconds(1));
		assertThat(this.cluster.node("1").isPaused()).isFalse();
		this.cluster.advance(Duration.ofSeconds(30));
		assertThat(this.cluster).hasConverged().hasLeader(ROLE, "1").noNodeSaw(FAILED);
		assertThat(this.cluster.node("2")).sawLeaderChanges(ROLE).containsExactly("1");
	}

	@Test
	void aNodePausedLongerThanFailureDetectionIsFailedAndProvesItselfAliveWhenItResumes() {
		start(3);
		this.cluster.node("2").pause(Duration.ofMinutes(2));
		assertThat(this.cluster.node("1")).within(DETECTION).sees("2", MemberStatus.FAILED);
		assertThat(this.cluster.node("3")).within(DETECTION).sees("2", MemberStatus.FAILED);
		assertThat(this.cluster.node("2").isPaused()).as("still paused when failed").isTrue();
		// the paused node has not run since: it still sees the others as before
		assertThat(this.cluster.node("2")).seesLive("1", "2", "3").sawNoEvent(SUSPECTED);
		assertThat(this.cluster).within(Duration.ofMinutes(3)).hasConverged();
		assertThat(this.cluster.node("2").isPaused()).isFalse();
		assertThat(this.cluster.node("2")).hasProcesses(1);
		assertThat(this.cluster.node("1")).sawEvent(FAILED, "2").sawEvent(ALIVE_AGAIN, "2");
		assertThat(this.cluster.node("3")).sawEvent(FAILED, "2").sawEvent(ALIVE_AGAIN, "2");
	}

	@Test
	void aStoppedNodeCannotBePaused() {
		start(2);
		this.cluster.node("2").kill();
		assertThatIllegalStateException().isThrownBy(() -> this.cluster.node("2").pause(Duration.ofSeconds(1)))
			.withMessageContaining("seed=14");
	}

	@Test
	void aRestartedNodeRunsANewProcessThatTheOthersSeeAlive() {
		start(3);
		this.cluster.node("1").restart();
		assertThat(this.cluster.node("1")).isRunning().hasProcesses(2);
		assertThat(this.cluster).within(SETTLE).hasConverged().hasLeader(ROLE, "1");
		assertThat(this.cluster.node("2")).sawEvent(UPDATED, "1").sawNoEvent(FAILED);
		assertThat(this.cluster.node("3")).sawEvent(UPDATED, "1").sawNoEvent(FAILED);
		// the new process's instance is in the members it announces; the old one's events stay on record
		assertThat(this.cluster.node("1").events()).filteredOn((event) -> event.type() == JOINED).hasSize(4);
	}

	@Test
	void aRollingUpgradeShowsEachNodesNewVersionOnceItRestarts() {
		this.cluster = SimulatedCluster.builder().seed(15).nodes(3).appVersion("1.0.0", "1", "2", "3").start();
		this.cluster.awaitUntil("every node seeing three members of version 1.0.0",
				(c) -> c.nodes().stream().allMatch((node) -> node.membership().members().size() == 3
						&& node.membership().members().stream().allMatch((m) -> m.appVersion().equals(Optional.of("1.0.0")))),
				SETTLE);
		this.cluster.node("1").appVersion("1.1.0");
		assertThat(this.cluster.node("1").membership().localMember().appVersion())
			.as("the running process keeps its version").contains("1.0.0");
		// a restart in the very millisecond of the start could draw an older instance: let time pass
		this.cluster.advance(Duration.ofSeconds(1));
		this.cluster.node("1").restart();
		this.cluster.awaitUntil("node 3 seeing node 1's new version",
				(c) -> c.node("3").membership().member("1").flatMap((m) -> m.appVersion()).orElse("").equals("1.1.0"),
				SETTLE);
		assertThat(this.cluster.node("3").membership().member("2").flatMap((m) -> m.appVersion())).contains("1.0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cluster.node("2").appVersion("1.1 beta"))
			.withMessageContaining("Application version '1.1 beta' of node '2'; allowed: 1 to 64 printable ASCII");
		this.cluster.node("2").appVersion(null).restart();
		this.cluster.awaitUntil("node 3 seeing node 2 without a version",
				(c) -> c.node("3").membership().member("2").map((m) -> m.appVersion().isEmpty() && m.status().isLive())
					.orElse(false) && c.node("2").processes() == 2,
				SETTLE);
	}

	@Test
	void aNodeRestartedAfterItFailedJoinsAgain() {
		start(3);
		this.cluster.node("3").kill();
		assertThat(this.cluster.node("1")).within(DETECTION).sees("3", MemberStatus.FAILED);
		this.cluster.node("3").restart();
		assertThat(this.cluster).within(SETTLE).hasConverged();
		assertThat(this.cluster.node("1")).sawEvent(JOINED, "3");
		assertThat(this.cluster.node("3")).hasProcesses(2);
	}

	@Test
	void aSplitFailsEachSideOnTheOtherAndHealingConverges() {
		start(3);
		this.cluster.partition(List.of("1", "2"), List.of("3"));
		assertThat(this.cluster).side("1", "2").within(DETECTION).hasConverged().hasLeader(ROLE, "1");
		assertThat(this.cluster).side("3").within(DETECTION).hasConverged().hasNoLeader(ROLE);
		assertThat(this.cluster.node("3")).seesLive("3").sees("1", MemberStatus.FAILED).sees("2", MemberStatus.FAILED);
		this.cluster.heal();
		assertThat(this.cluster).within(DETECTION).hasConverged().hasOneLeader(ROLE).hasLeader(ROLE, "1");
		assertThat(this.cluster.node("3")).sawLeaderChanges(ROLE).containsExactly("1", null, "1");
	}

	@Test
	void aThreeWaySplitLeavesEachSideOnItsOwnAndTheNodesNamedNowhereTogether() {
		start(4);
		this.cluster.partition(List.of("1"), List.of("2"));
		assertThat(this.cluster).side("1").within(DETECTION).hasConverged().hasLeader(ROLE, "1");
		assertThat(this.cluster).side("2").within(DETECTION).hasConverged().hasLeader(ROLE, "2");
		assertThat(this.cluster).side("3", "4").within(DETECTION).hasConverged().hasNoLeader(ROLE);
		// a role every node holds has a leader on every side, as the available policy promises
		assertThat(this.cluster).side("1").hasLeader("metrics.push", "1");
		assertThat(this.cluster).side("2").hasLeader("metrics.push", "2");
		assertThat(this.cluster).side("3", "4").hasLeader("metrics.push", "3");
		this.cluster.heal();
		assertThat(this.cluster).within(DETECTION).hasConverged().hasOneLeader(ROLE).hasLeader(ROLE, "1");
	}

	@Test
	void underTheMajorityPolicyOnlyTheMajoritySideLeads() {
		this.cluster = SimulatedCluster.builder()
			.seed(14)
			.nodes(3)
			.leadershipPolicy(ROLE, LeadershipPolicy.majorityOf(List.of("1", "2", "3")))
			.start();
		assertThat(this.cluster).within(SETTLE).hasConverged().hasOneLeader(ROLE).hasLeader(ROLE, "1");
		this.cluster.isolate("1");
		assertThat(this.cluster).side("2", "3").within(DETECTION).hasConverged().hasOneLeader(ROLE).hasLeader(ROLE, "2");
		assertThat(this.cluster).hasAtMostOneLeader(ROLE);
		assertThat(this.cluster).side("1").within(DETECTION).hasNoLeader(ROLE);
		assertThat(this.cluster.node("1")).doesNotLead(ROLE);
		this.cluster.heal();
		assertThat(this.cluster).within(DETECTION).hasConverged().hasOneLeader(ROLE);
	}

	/**
	 * Twenty per cent loss, which a cluster of three rides out: no false failure in 40 seeds of five
	 * minutes (13 of 40 saw one before a suspect that talks unaware of its suspicion was told of it).
	 */
	@Test
	void twentyPercentLossFailsNobodyAndTheNetworkDidLoseDatagrams() {
		start(3);
		this.cluster.loss(0.2);
		this.cluster.advance(Duration.ofMinutes(5));
		assertThat(this.cluster).noNodeSaw(FAILED).hasRunningNodes("1", "2", "3");
		assertThat(this.cluster.network().counts().lost()).as("datagrams lost").isPositive();
		this.cluster.heal();
		assertThat(this.cluster).within(SETTLE).hasConverged().hasLeader(ROLE, "1");
	}

	@Test
	void delayedDatagramsFailNobody() {
		start(3);
		this.cluster.delay(Duration.ofMillis(20), Duration.ofMillis(150));
		this.cluster.advance(Duration.ofMinutes(2));
		assertThat(this.cluster).hasConverged().hasLeader(ROLE, "1").noNodeSaw(FAILED);
	}

	@Test
	void anAddedNodeJoinsThroughTheFirstNodes() {
		start(3);
		SimulatedNode added = this.cluster.addNode("4");
		assertThat(added).isRunning().hasProcesses(1);
		assertThat(this.cluster).within(SETTLE).hasConverged().hasLeader(ROLE, "1");
		assertThat(added).seesLive("1", "2", "3", "4").doesNotLead(ROLE);
		assertThat(this.cluster.node("1")).sawEvent(JOINED, "4");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cluster.addNode("4"));
	}

	@Test
	void aOneWayBlockIsRoutedAroundByIndirectProbes() {
		start(3);
		long before = this.cluster.network().counts().partitioned();
		this.cluster.block("1", "2");
		this.cluster.advance(Duration.ofMinutes(2));
		assertThat(this.cluster.network().counts().partitioned()).as("datagrams stopped by the block")
			.isGreaterThan(before);
		assertThat(this.cluster).noNodeSaw(FAILED).hasLeader(ROLE, "1");
		this.cluster.heal();
		assertThat(this.cluster).within(SETTLE).hasConverged();
	}

	@Test
	void aNodeThatHearsNobodyIsFailedByAllAndFailsAllWhileItsOwnDatagramsStillArrive() {
		start(3);
		this.cluster.block("1", "3").block("2", "3");
		assertThat(this.cluster.node("1")).within(DETECTION).sees("3", MemberStatus.FAILED);
		assertThat(this.cluster.node("2")).within(DETECTION).sees("3", MemberStatus.FAILED);
		assertThat(this.cluster.node("3")).within(DETECTION).seesLive("3");
		this.cluster.heal();
		assertThat(this.cluster).within(DETECTION).hasConverged();
	}

	@Test
	void updatedMetadataReachesEveryNode() {
		start(3);
		this.cluster.node("2").updateMetadata(Map.of("zone", "b"));
		assertThat(this.cluster.node("1")).within(SETTLE).sawEvent(UPDATED, "2");
		assertThat(this.cluster.node("3")).within(SETTLE).sawEvent(UPDATED, "2");
		assertThat(this.cluster.node("3").membership().member("2")).get()
			.extracting((member) -> member.metadata().get("zone"))
			.isEqualTo("b");
	}

	@Test
	void aJobRunsInItsNodesProcessOnlyLateWhilePausedAndAgainAfterARestart() {
		this.cluster = SimulatedCluster.builder().seed(14).nodes(1).start();
		SimulatedNode node = this.cluster.node("1");
		List<Duration> runs = new ArrayList<>();
		node.every(Duration.ofSeconds(10), () -> runs.add(this.cluster.elapsed()));
		this.cluster.advance(Duration.ofSeconds(25));
		assertThat(runs).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
		node.pause(Duration.ofSeconds(20)); // until 45 s: the run due at 30 s happens then
		this.cluster.advance(Duration.ofSeconds(30));
		assertThat(runs).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(45),
				Duration.ofSeconds(55));
		node.kill();
		this.cluster.advance(Duration.ofSeconds(30));
		assertThat(runs).hasSize(4);
		node.restart(); // at 85 s
		this.cluster.advance(Duration.ofSeconds(15));
		assertThat(runs).endsWith(Duration.ofSeconds(55), Duration.ofSeconds(95));
	}

	@Test
	void aRoleGatedJobRunsOnTheLeaderOnlyAndMovesWithLeadership() {
		start(3);
		Map<String, List<Duration>> runs = Map.of("1", new ArrayList<>(), "2", new ArrayList<>(), "3",
				new ArrayList<>());
		for (SimulatedNode node : this.cluster.nodes()) {
			node.every(Duration.ofSeconds(10),
					() -> node.membership().runIfLeader(ROLE, () -> runs.get(node.id()).add(this.cluster.elapsed())));
		}
		this.cluster.advance(Duration.ofSeconds(60));
		assertThat(runs.get("1")).hasSize(6);
		this.cluster.node("1").kill();
		assertThat(this.cluster).within(DETECTION).hasLeader(ROLE, "2");
		this.cluster.advance(Duration.ofSeconds(60));
		assertThat(runs.get("1")).hasSize(6);
		assertThat(runs.get("2")).hasSizeGreaterThanOrEqualTo(5);
		assertThat(runs.get("3")).isEmpty();
	}

	@Test
	void aClusterNamesItsSeedAndRefusesUseOnceClosed() {
		start(2);
		assertThat(this.cluster).hasToString(this.cluster.toString());
		assertThat(this.cluster.toString()).contains("seed=14", "SimulatedCluster.builder().seed(14L)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cluster.node("9")).withMessageContaining("[1, 2]");
		this.cluster.close();
		assertThat(this.cluster.runningNodes()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> this.cluster.advance(Duration.ofSeconds(1)));
	}

	@Test
	void eventsCarryTheClustersTime() {
		start(2);
		this.cluster.node("2").kill();
		assertThat(this.cluster.node("1")).within(DETECTION).sees("2", MemberStatus.FAILED);
		ClusterEvent failed = this.cluster.node("1")
			.events()
			.stream()
			.filter((event) -> event.type() == FAILED)
			.findFirst()
			.orElseThrow();
		assertThat(failed.timestamp()).isEqualTo(this.cluster.clock().instant());
	}

}
