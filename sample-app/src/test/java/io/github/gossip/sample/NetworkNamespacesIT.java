package io.github.gossip.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five sample-app JVMs, each in its own network namespace behind a bridge, each on 10.179.0.i port
 * 1179 as the documentation's example expects, with the default (lan) tuning. Partitions are real:
 * links go down, bridges split, packets are dropped by the kernel. Each node's view is read from
 * inside its own namespace, so it stays observable while cut off. The tests run in order on the
 * same cluster; each first waits until the cluster is whole. Needs root and iproute2, and for the
 * packet-loss test tc netem or nftables; what cannot run is skipped, loudly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkNamespacesIT {

	private static final int SIZE = 5;

	private static final List<String> ALL = IntStream.rangeClosed(1, SIZE).mapToObj(String::valueOf).toList();

	private static final Duration DEADLINE = Duration.ofSeconds(120);

	/** Partitions heal through the periodic state exchange with failed members (every 30s, lan). */
	private static final Duration HEAL_DEADLINE = Duration.ofSeconds(150);

	/** Leaders are announced after a short stability window; this is far beyond it. */
	private static final Duration LEADERSHIP = Duration.ofSeconds(60);

	private static final Duration LOSS_DURATION = Duration.ofSeconds(Long.getLong("netns.loss.seconds", 150));

	private NetworkLab lab;

	private final Map<String, SampleNode> nodes = new LinkedHashMap<>();

	private ClusterWatch watch;

	@BeforeAll
	void startFiveNodesInTheirOwnNamespaces() throws Exception {
		if (!NetworkLab.isRoot()) {
			skip("the network-namespace tests need root (ip netns, bridges, packet loss); run them as root, as CI does");
		}
		if (Executables.onPath().find("ip").isEmpty()) {
			skip("the network-namespace tests need the ip command (apt-get install iproute2); none found on the PATH");
		}
		NetworkLab.removeLeftovers();
		this.lab = NetworkLab.create(SIZE);
		List<String> seeds = new ArrayList<>();
		for (int i = 1; i <= SIZE; i++) {
			seeds.add(NetworkLab.address(i));
		}
		for (int i = 1; i <= SIZE; i++) {
			String address = NetworkLab.address(i);
			this.nodes.put(String.valueOf(i), SampleNode.start(String.valueOf(i), this.lab.exec(i),
					List.of("--cluster.bind-addr=" + address, "--cluster.bind-port=1179",
							"--cluster.seed-nodes=" + String.join(",", seeds), "--server.address=" + address,
							"--server.port=8080", "--sample.job-interval=5s")));
		}
		this.watch = new ClusterWatch(this.nodes,
				(node) -> Optional.ofNullable(this.lab.httpGet(Integer.parseInt(node.nodeId()), 8080, "/api/cluster")));
	}

	@AfterAll
	void stopNodesAndRemoveNamespaces() {
		this.nodes.values().forEach(SampleNode::destroy);
		if (this.lab != null) {
			this.lab.close();
		}
	}

	@Test
	@Order(1)
	void fiveNodesFindEachOtherOnPort1179() {
		awaitOneView(DEADLINE);
	}

	@Test
	@Order(2)
	void nodeCutOffIsDetectedByTheRestAndRejoinsWhenReconnected() throws Exception {
		awaitOneView(DEADLINE);
		this.lab.cut(5);
		try {
			this.watch.awaitEach("nodes 1-4 see node 5 FAILED and each other ALIVE", DEADLINE, List.of("1", "2", "3", "4"),
					(view) -> "FAILED".equals(view.status("5")) && List.of("1", "2", "3", "4")
						.stream()
						.allMatch((id) -> "ALIVE".equals(view.status(id))));
		}
		finally {
			this.lab.reconnect(5);
		}
		awaitOneView(HEAL_DEADLINE);
	}

	@Test
	@Order(3)
	void splitTwoThreeKeepsBothSidesWorkingAndHealsIntoOneView() throws Exception {
		ensureOneView();
		List<String> small = List.of("1", "2");
		List<String> large = List.of("3", "4", "5");
		this.lab.attach(1, "brB");
		this.lab.attach(2, "brB");
		AssertionError leadership = null;
		try {
			this.watch.awaitEach("nodes 1 and 2 see each other ALIVE and 3-5 FAILED", DEADLINE, small,
					(view) -> sees(view, small, "ALIVE") && sees(view, large, "FAILED"));
			this.watch.awaitEach("nodes 3-5 see each other ALIVE and 1 and 2 FAILED", DEADLINE, large,
					(view) -> sees(view, large, "ALIVE") && sees(view, small, "FAILED"));
			try {
				// each side elects its own leaders of the available roles among the members it still sees;
				// acme.renew (majority of 1, 2, 3) only on the side with two of its voters, the smaller one
				this.watch.awaitEach("nodes 1 and 2 see node 1 leading purge.accounts and acme.renew", LEADERSHIP, small,
						(view) -> "1".equals(view.leader("purge.accounts")) && "1".equals(view.leader("acme.renew")));
				this.watch.awaitEach("nodes 3-5 see node 3 leading purge.accounts and nobody acme.renew", LEADERSHIP,
						large, (view) -> "3".equals(view.leader("purge.accounts")) && view.leader("acme.renew") == null);
			}
			catch (AssertionError ex) {
				// reported after the heal below has been checked too
				leadership = ex;
			}
		}
		finally {
			this.lab.attach(1, "brA");
			this.lab.attach(2, "brA");
		}
		awaitOneView(HEAL_DEADLINE);
		if (leadership != null) {
			throw leadership;
		}
		this.watch.awaitEach("node 1 leads purge.accounts again everywhere", LEADERSHIP, ALL,
				(view) -> "1".equals(view.leader("purge.accounts")));
	}

	@Test
	@Order(4)
	void twentyPercentPacketLossCausesNoFalseFailure() throws Exception {
		NetworkLab.PacketLoss how = this.lab.packetLoss(Executables.onPath());
		if (!how.available()) {
			skip("the packet-loss test: " + how.unavailable());
		}
		ensureOneView();
		Set<String> seen = new TreeSet<>();
		List<String> suspicious = new ArrayList<>();
		try {
			System.out.println("Packet loss on every node with " + how);
			for (int i = 1; i <= SIZE; i++) {
				this.lab.addLoss(i, 20, how);
			}
			long end = System.nanoTime() + LOSS_DURATION.toNanos();
			while (System.nanoTime() < end) {
				this.watch.views(ALL).values().forEach((view) -> {
					seen.addAll(view.statuses().values());
					if (view.statuses().containsValue("FAILED") || view.statuses().containsValue("LEFT")) {
						suspicious.add(view.toString());
					}
				});
				Thread.sleep(1000);
			}
		}
		finally {
			for (int i = 1; i <= SIZE; i++) {
				this.lab.removeLoss(i, how);
			}
		}
		System.out.println("States seen under " + LOSS_DURATION.toSeconds() + " s of 20% loss: " + seen);
		assertThat(suspicious).as("views with a member FAILED or LEFT under 20%% loss\n%s", this.watch.diagnostics())
			.isEmpty();
		awaitOneView(DEADLINE);
	}

	/** Skips with a warning that stands out in the build log, as the browser test does. */
	private static void skip(String why) {
		String message = "SKIPPED: " + why;
		System.err.println("WARN ************************************************************************");
		System.err.println("WARN " + message);
		System.err.println("WARN ************************************************************************");
		Assumptions.abort(message);
	}

	private static boolean sees(NodeView view, List<String> ids, String status) {
		return ids.stream().allMatch((id) -> status.equals(view.status(id)));
	}

	/**
	 * Starts from one view even when an earlier test left the cluster split (a failed heal is
	 * reported by that test): restarts every node if the view is not whole within a short while.
	 */
	private void ensureOneView() throws Exception {
		try {
			awaitOneView(Duration.ofSeconds(30));
		}
		catch (AssertionError ex) {
			System.err.println("WARN the cluster is not one view after the previous test; restarting all five nodes");
			for (SampleNode node : this.nodes.values()) {
				node.kill();
			}
			for (SampleNode node : this.nodes.values()) {
				node.restart();
			}
			awaitOneView(DEADLINE);
		}
	}

	private void awaitOneView(Duration deadline) {
		this.watch.awaitEach("all five nodes see all five ALIVE", deadline, ALL, (view) -> view.allAlive(ALL));
	}

}
