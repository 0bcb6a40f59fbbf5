package io.github.gossip.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three JVMs of the packaged sample application on 127.0.0.1, each with its own UDP and HTTP port,
 * observed only through their {@code /api/cluster}. The tests run in order on the same cluster;
 * each first waits until the cluster is whole again.
 * <p>
 * The roles are those of the shipped application.yml: purge.stores and metrics.calculate on nodes
 * 1 and 2, purge.accounts on 1 and 3, acme.renew on all three (with the majority policy: two of
 * the three must grant its leader), metrics.push on 1 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessesIT {

	private static final List<String> ALL = List.of("1", "2", "3");

	/** Long enough for a slow machine; detection itself takes seconds (1s heartbeat, lan profile). */
	private static final Duration DEADLINE = Duration.ofSeconds(90);

	/** Leaders are announced after a short stability window; this is far beyond it. */
	private static final Duration LEADERSHIP = Duration.ofSeconds(60);

	private LocalCluster cluster;

	private Map<String, SampleNode> nodes;

	private ClusterWatch watch;

	@BeforeAll
	void startThreeNodes() throws IOException {
		this.cluster = LocalCluster.start(3, "--sample.job-interval=2s");
		this.nodes = Map.of("1", this.cluster.node("1"), "2", this.cluster.node("2"), "3", this.cluster.node("3"));
		this.watch = this.cluster.watch();
	}

	@AfterAll
	void stopNodes() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void threeNodesSeeEachOtherAlive() {
		awaitWhole();
	}

	@Test
	@Order(2)
	void threeNodesAgreeOnTheLeadersOfTheShippedRoles() {
		awaitWhole();
		this.watch.awaitEach("every node sees node 1 leading the roles it holds", LEADERSHIP, ALL,
				(view) -> "1".equals(view.leader("purge.stores")) && "1".equals(view.leader("purge.accounts"))
						&& "1".equals(view.leader("acme.renew")) && "1".equals(view.leader("metrics.calculate"))
						&& "1".equals(view.leader("metrics.push")));
	}

	@Test
	@Order(3)
	void nodePausedForThreeSecondsIsNotDeclaredFailed() throws Exception {
		awaitWhole();
		SampleNode paused = this.nodes.get("3");
		Set<String> seen = new TreeSet<>();
		paused.signal("STOP");
		try {
			// the kernel stops the threads of a process one by one: wait until /proc says all of it is stopped
			await("node 3 is stopped").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> paused.procState() == 'T');
			long resumeAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (System.nanoTime() < resumeAt) {
				this.watch.views(List.of("1", "2")).values().forEach((view) -> seen.addAll(view.statuses().values()));
				Thread.sleep(200);
			}
		}
		finally {
			paused.signal("CONT");
		}
		// the paused node hears that it is suspected as soon as it runs again, and refutes it
		long watchUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < watchUntil) {
			this.watch.views(ALL).values().forEach((view) -> seen.addAll(view.statuses().values()));
			Thread.sleep(200);
		}
		assertThat(seen).as("states seen during and after the pause\n" + this.watch.diagnostics())
			.doesNotContain("FAILED", "LEFT");
		awaitWhole();
	}

	@Test
	@Order(4)
	void killedNodeIsSeenFailed() throws Exception {
		awaitWhole();
		this.nodes.get("1").kill();
		this.watch.awaitEach("nodes 2 and 3 see node 1 FAILED", DEADLINE, List.of("2", "3"),
				(view) -> "FAILED".equals(view.status("1")) && "ALIVE".equals(view.status("2"))
						&& "ALIVE".equals(view.status("3")));
	}

	@Test
	@Order(5)
	void leadershipOfTheKilledNodesRolesMoves() {
		assertThat(this.nodes.get("1").isAlive()).as("node 1 was killed").isFalse();
		// acme.renew keeps a leader: two of its three voters are left, a majority
		this.watch.awaitEach("nodes 2 and 3 see node 2 leading purge.stores, metrics.calculate and acme.renew, node 3 "
				+ "purge.accounts", LEADERSHIP, List.of("2", "3"),
				(view) -> "2".equals(view.leader("purge.stores")) && "2".equals(view.leader("metrics.calculate"))
						&& "3".equals(view.leader("purge.accounts")) && "2".equals(view.leader("acme.renew"))
						&& view.leader("metrics.push") == null);
	}

	@Test
	@Order(6)
	void killedNodeRestartedWithTheSameIdRejoins() throws Exception {
		SampleNode node1 = this.nodes.get("1");
		if (node1.isAlive()) {
			node1.kill();
		}
		node1.restart();
		awaitWhole();
	}

	@Test
	@Order(7)
	void restartedNodeLeadsItsRolesAgain() {
		awaitWhole();
		this.watch.awaitEach("node 1 leads purge.stores and acme.renew again", LEADERSHIP, ALL,
				(view) -> "1".equals(view.leader("purge.stores")) && "1".equals(view.leader("acme.renew")));
	}

	@Test
	@Order(8)
	void gracefullyStoppedNodeIsSeenLeft() throws Exception {
		awaitWhole();
		SampleNode node3 = this.nodes.get("3");
		node3.stopGracefully(Duration.ofSeconds(30));
		assertThat(node3.log()).contains("Cluster gossip stopped: left the cluster");
		this.watch.awaitEach("nodes 1 and 2 see node 3 LEFT", DEADLINE, List.of("1", "2"),
				(view) -> "LEFT".equals(view.status("3")) && "ALIVE".equals(view.status("1"))
						&& "ALIVE".equals(view.status("2")));
		// departed, not failed: no observer reports it FAILED afterwards either
		Thread.sleep(3000);
		this.watch.views(List.of("1", "2"))
			.values()
			.forEach((view) -> assertThat(view.status("3")).as(view.toString()).isEqualTo("LEFT"));
	}

	private void awaitWhole() {
		this.watch.awaitEach("all three nodes see all three ALIVE", DEADLINE, ALL, (view) -> view.allAlive(ALL));
	}

}
