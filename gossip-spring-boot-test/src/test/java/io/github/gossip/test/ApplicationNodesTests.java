package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.gossip.autoconfigure.ClusterMembershipEvent;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.test.example.PurgeApplication;
import io.github.gossip.test.example.StorePurge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spring Boot applications as the nodes of a simulated cluster: their auto-configured node, their
 * {@code @LeaderOnly} {@code @Scheduled} job and their event listeners on one virtual clock.
 */
class ApplicationNodesTests {

	private static final String ROLE = "purge.stores";

	@Test
	void theJobRunsOnTheLeaderOnlyThenOnOneOtherNodeOnceTheLeaderIsKilled() {
		long wallStart = System.nanoTime();
		try (SimulatedCluster cluster = threeApplications(7).start()) {
			long started = System.nanoTime();
			Map<String, StorePurge> jobs = jobs(cluster);
			cluster.advance(Duration.ofMinutes(1));
			long firstMinute = System.nanoTime();
			// no leader yet at 0 s; node 1, the lowest holder, from then on: runs at 10 s, 20 s, ..., 60 s
			assertThat(runs(jobs)).containsExactly(Map.entry("1", 6), Map.entry("2", 0), Map.entry("3", 0));

			cluster.node("1").kill();
			assertThat(cluster.node("1").applicationContext()).satisfies((context) -> assertThat(
					((org.springframework.context.ConfigurableApplicationContext) context).isActive()).isFalse());
			cluster.advance(Duration.ofMinutes(1));
			long secondMinute = System.nanoTime();
			// node 2 leads within 10 s of the crash (a 1 s heartbeat): runs at 70 s, ..., 120 s
			assertThat(runs(jobs)).containsExactly(Map.entry("1", 6), Map.entry("2", 6), Map.entry("3", 0));
			System.out.printf("three application nodes: started in %d ms, first minute of cluster time in %d ms, "
					+ "second in %d ms (wall time)%n", millis(wallStart, started), millis(started, firstMinute),
					millis(firstMinute, secondMinute));
		}
	}

	@Test
	void listenersHaveSeenEveryEventOnceAnAdvanceReturns() {
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(11)
			.application("1", WithEventLog.class)
			.nodes("2", "3")
			.start()) {
			cluster.advance(Duration.ofSeconds(10));
			cluster.node("3").kill();
			cluster.advance(Duration.ofSeconds(20));
			EventLog log = cluster.node("1").getBean(EventLog.class);
			List<String> seen = cluster.node("1").events().stream().map(ApplicationNodesTests::describe).toList();
			assertThat(seen).contains("JOINED 2", "JOINED 3", "FAILED 3");
			assertThat(log.events).containsExactlyElementsOf(seen);
		}
	}

	@Test
	void aMajorityRoleRunsOnOneSideOfASplitAtMostAndOnOneNodeAtATime() {
		String[] majority = { "cluster.roles.purge.stores=1,2,3", "cluster.leadership.policy.purge.stores=majority" };
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(5)
			.application("1", PurgeApplication.class, majority)
			.application("2", PurgeApplication.class, majority)
			.application("3", PurgeApplication.class, majority)
			.start()) {
			Map<String, StorePurge> jobs = jobs(cluster);
			List<Map<String, Integer>> steps = new ArrayList<>();
			steps.addAll(tenSecondSteps(cluster, jobs, 6)); // 0 s to 60 s
			cluster.isolate("1");
			List<Map<String, Integer>> split = tenSecondSteps(cluster, jobs, 6); // 60 s to 120 s
			steps.addAll(split);
			assertThat(cluster.node("1").membership().isLeader(ROLE)).isFalse();
			assertThat(cluster.node("2").membership().isLeader(ROLE)).isTrue();
			cluster.heal();
			steps.addAll(tenSecondSteps(cluster, jobs, 6)); // 120 s to 180 s
			// each node runs the job once every 10 s; each step holds one such moment per node
			assertThat(steps).allSatisfy((ran) -> assertThat(ran.values().stream().mapToInt(Integer::intValue).sum())
				.as("runs in one step of 10 s, by node: %s", ran)
				.isLessThanOrEqualTo(1));
			assertThat(steps.subList(1, 6)).allSatisfy((ran) -> assertThat(ran).containsEntry("1", 1));
			// cut off alone, node 1 has no majority: it stops, and nodes 2 and 3 elect node 2
			assertThat(split.subList(2, 6)).allSatisfy((ran) -> assertThat(ran).containsEntry("1", 0).containsEntry("2", 1));
			// healed, node 1 leads again, as the lowest of the voters
			assertThat(cluster.node("1").membership().isLeader(ROLE)).isTrue();
			assertThat(steps.get(steps.size() - 1)).containsEntry("1", 1);
		}
	}

	@Test
	void aPausedLeaderRunsNoJobItMissedOnceItResumesPastItsLease() {
		String[] majority = { "cluster.roles.purge.stores=1,2,3", "cluster.leadership.policy.purge.stores=majority" };
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(9)
			.application("1", PurgeApplication.class, majority)
			.application("2", PurgeApplication.class, majority)
			.application("3", PurgeApplication.class, majority)
			.start()) {
			Map<String, StorePurge> jobs = jobs(cluster);
			cluster.advance(Duration.ofSeconds(35));
			assertThat(runs(jobs)).containsEntry("1", 3);
			cluster.node("1").pause(Duration.ofSeconds(30)); // its runs at 40 s, 50 s and 60 s fall due meanwhile
			cluster.advance(Duration.ofSeconds(30));
			assertThat(cluster.node("1").isPaused()).isFalse();
			cluster.advance(Duration.ofMillis(1)); // it resumes: its jobs run late, its lease has run out
			assertThat(runs(jobs).get("1")).isEqualTo(3);
			assertThat(runs(jobs).get("2")).isPositive();
		}
	}

	@Test
	void aPausedNodeRunsNoJobWhilePausedThoughItStillThinksItLeads() {
		try (SimulatedCluster cluster = threeApplications(13).start()) {
			Map<String, StorePurge> jobs = jobs(cluster);
			cluster.advance(Duration.ofSeconds(35));
			assertThat(runs(jobs)).containsEntry("1", 3);
			cluster.node("1").pause(Duration.ofSeconds(30));
			cluster.advance(Duration.ofSeconds(29));
			assertThat(cluster.node("1").isPaused()).isTrue();
			// frozen, its view says it leads; its runs at 40 s, 50 s and 60 s wait for the end of the pause
			assertThat(cluster.node("1").membership().leader(ROLE)).get().extracting((m) -> m.nodeId()).isEqualTo("1");
			assertThat(runs(jobs)).containsEntry("1", 3).containsEntry("2", 2).containsEntry("3", 0);
		}
	}

	@Test
	void anApplicationNodeLeavesGracefullyAndRestartsAsANewProcessWithANewContext() {
		try (SimulatedCluster cluster = threeApplications(3).start()) {
			cluster.advance(Duration.ofSeconds(15));
			StorePurge first = cluster.node("1").getBean(StorePurge.class);
			cluster.node("1").leave();
			assertThat(cluster.node("1").isRunning()).isFalse();
			assertThat(cluster.node("2").membership().member("1")).get()
				.extracting((member) -> member.status())
				.isEqualTo(MemberStatus.LEFT);
			assertThatIllegalStateException().isThrownBy(() -> cluster.node("1").getBean(StorePurge.class));

			cluster.node("1").restart();
			cluster.awaitUntil("node 1 leading again", (c) -> c.node("1").membership().isLeader(ROLE),
					Duration.ofSeconds(30));
			cluster.advance(Duration.ofSeconds(30));
			assertThat(cluster.node("1").processes()).isEqualTo(2);
			assertThat(cluster.node("1").getBean(StorePurge.class)).isNotSameAs(first)
				.satisfies((purge) -> assertThat(purge.runs()).isEqualTo(3));
		}
	}

	@Test
	void anApplicationNodeIsGivenItsVersionAsClusterAppVersion() {
		try (SimulatedCluster cluster = SimulatedCluster.builder()
			.seed(5)
			.application("1", PurgeApplication.class, "cluster.app-version=0.9.0")
			.application("2", PurgeApplication.class, "cluster.app-version=0.9.0")
			.appVersion("1.0.0", "2")
			.start()) {
			cluster.awaitUntil("node 1 seeing node 2's version",
					(c) -> c.node("1").membership().member("2").flatMap((m) -> m.appVersion()).isPresent(),
					Duration.ofSeconds(30));
			assertThat(cluster.node("1").membership().member("2").flatMap((m) -> m.appVersion())).contains("1.0.0");
			assertThat(cluster.node("2").membership().member("1").flatMap((m) -> m.appVersion()))
				.as("the application's own configuration where the kit sets none")
				.contains("0.9.0");
		}
	}

	@Test
	void theSameSeedReplaysApplicationNodesExactly() {
		assertThat(replay(21)).isEqualTo(replay(21));
		assertThat(replay(21)).isNotEqualTo(replay(22));
	}

	/** What a run of three applications shows: node 3's events and node 1's token, instance included. */
	private static List<Object> replay(long seed) {
		try (SimulatedCluster cluster = threeApplications(seed).start()) {
			cluster.advance(Duration.ofSeconds(20));
			cluster.node("2").kill();
			cluster.advance(Duration.ofSeconds(20));
			Optional<FencingToken> token = cluster.node("1").membership().fencingToken(ROLE);
			assertThat(token).isPresent();
			return List.of(cluster.node("3").events(), token.get());
		}
	}

	private static SimulatedCluster.Builder threeApplications(long seed) {
		return SimulatedCluster.builder()
			.seed(seed)
			.application("1", PurgeApplication.class)
			.application("2", PurgeApplication.class)
			.application("3", PurgeApplication.class);
	}

	private static Map<String, StorePurge> jobs(SimulatedCluster cluster) {
		Map<String, StorePurge> jobs = new LinkedHashMap<>();
		cluster.nodes().forEach((node) -> jobs.put(node.id(), node.getBean(StorePurge.class)));
		return jobs;
	}

	private static Map<String, Integer> runs(Map<String, StorePurge> jobs) {
		Map<String, Integer> runs = new LinkedHashMap<>();
		jobs.forEach((id, job) -> runs.put(id, job.runs()));
		return runs;
	}

	/** The runs of each node in each of {@code count} steps of 10 s: (0 s, 10 s], (10 s, 20 s] and so on. */
	private static List<Map<String, Integer>> tenSecondSteps(SimulatedCluster cluster, Map<String, StorePurge> jobs,
			int count) {
		List<Map<String, Integer>> steps = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, Integer> before = runs(jobs);
			cluster.advance(Duration.ofSeconds(10));
			Map<String, Integer> ran = new LinkedHashMap<>();
			runs(jobs).forEach((id, runs) -> ran.put(id, runs - before.get(id)));
			steps.add(ran);
		}
		return steps;
	}

	private static String describe(ClusterEvent event) {
		return event.type() + " " + ((event.type() == ClusterEvent.Type.LEADER_CHANGED) ? event.role() + " " : "")
				+ ((event.member() != null) ? event.member().nodeId() : "nobody");
	}

	private static long millis(long from, long to) {
		return (to - from) / 1_000_000;
	}

	/** The example application with a listener of membership events. */
	@Configuration(proxyBeanMethods = false)
	@Import(PurgeApplication.class)
	static class WithEventLog {

		@Bean
		EventLog eventLog() {
			return new EventLog();
		}

	}

	static class EventLog {

		final List<String> events = new ArrayList<>();

		@EventListener
		void onEvent(ClusterMembershipEvent event) {
			this.events.add(describe(event.getEvent()));
		}

	}

}
