package io.github.gossip.internal.runtime;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes (protocol threads, timers, sealing) on an in-memory network instead of sockets:
 * forming a cluster, detecting a crash, splitting and healing, loss, and strangers with another key.
 * Deadlines are generous (a 2-core machine may be busy); the assertions are about what happens, not
 * how fast.
 */
class InMemoryClusterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final InMemoryNetwork network = new InMemoryNetwork(7);

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.network.close();
	}

	private LocalCluster cluster(long seed) {
		LocalCluster cluster = new LocalCluster("127.0.0.1", LocalCluster.FAST, seed, this.network);
		this.closeables.add(cluster);
		return cluster;
	}

	private static List<GossipNode> startAll(LocalCluster cluster, int count) {
		for (int i = 1; i <= count; i++) {
			cluster.start(String.valueOf(i));
		}
		return cluster.nodes();
	}

	private static Endpoint endpoint(GossipNode node) {
		return Endpoints.of(node.localAddress());
	}

	@Test
	void fiveNodesConvergeAndDetectACrashedOne() {
		LocalCluster cluster = cluster(1);
		List<GossipNode> nodes = startAll(cluster, 5);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		assertThat(cluster.countAll(Kind.SUSPECTED, Kind.FAILED)).isZero();
		assertThat(nodes).allSatisfy((node) -> {
			assertThat(node.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
			assertThat(node.localAddress().getPort()).isGreaterThanOrEqualTo(InMemoryNetwork.FIRST_EPHEMERAL_PORT);
			assertThat(node.transportStats().datagramsIn()).isPositive();
			assertThat(node.packetsDecoded()).isPositive();
		});

		GossipNode crashed = nodes.get(4);
		crashed.close(); // no leave: the others must find out for themselves
		List<GossipNode> survivors = nodes.subList(0, 4);
		await().atMost(DEADLINE)
			.until(() -> survivors.stream().allMatch((n) -> LocalCluster.stateOf(n, "5") == MemberState.DEAD));
		assertThat(cluster.count("5", Kind.FAILED)).isEqualTo(4);
		assertThat(LocalCluster.allAlive(survivors)).isTrue();
		assertThat(this.network.counts().unreachable()).as("datagrams sent to the crashed node").isPositive();
	}

	@Test
	void aGracefulLeaveIsSeenAsLeftNotFailed() {
		LocalCluster cluster = cluster(2);
		List<GossipNode> nodes = startAll(cluster, 3);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		nodes.get(2).leave(Duration.ofMillis(500));
		List<GossipNode> remaining = nodes.subList(0, 2);
		await().atMost(DEADLINE)
			.until(() -> remaining.stream().allMatch((n) -> LocalCluster.stateOf(n, "3") == MemberState.LEFT));
		assertThat(cluster.count("3", Kind.FAILED)).isZero();
	}

	@Test
	void aTwoWayPartitionFailsEachSideForTheOtherAndHealsIntoOneLiveView() {
		LocalCluster cluster = cluster(3);
		List<GossipNode> nodes = startAll(cluster, 4);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		long[] instances = nodes.stream().mapToLong((n) -> n.self().instance()).toArray();
		List<GossipNode> left = nodes.subList(0, 2);
		List<GossipNode> right = nodes.subList(2, 4);
		this.network.isolate(left.stream().map(InMemoryClusterTests::endpoint).toList());
		await().atMost(DEADLINE).until(() -> seesOnlyItsSide(left, right) && seesOnlyItsSide(right, left));
		assertThat(this.network.counts().partitioned()).isPositive();

		this.network.heal();
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		assertThat(nodes).allSatisfy((n) -> assertThat(n.members()).hasSize(3));
		assertThat(nodes.stream().mapToLong((n) -> n.self().instance()).toArray()).as("no member restarted")
			.isEqualTo(instances);
	}

	/** Every member of {@code side} sees its own side alive and every member of {@code other} failed. */
	private static boolean seesOnlyItsSide(List<GossipNode> side, List<GossipNode> other) {
		for (GossipNode observer : side) {
			for (GossipNode peer : side) {
				if (peer != observer && LocalCluster.stateOf(observer, peer.self().nodeId()) != MemberState.ALIVE) {
					return false;
				}
			}
			for (GossipNode peer : other) {
				if (LocalCluster.stateOf(observer, peer.self().nodeId()) != MemberState.DEAD) {
					return false;
				}
			}
		}
		return true;
	}

	@Test
	void fiveNodesConvergeDespiteTenPercentLoss() {
		this.network.lossRate(0.10);
		LocalCluster cluster = cluster(4);
		List<GossipNode> nodes = startAll(cluster, 5);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		// and the view holds while the loss goes on
		long lostBefore = this.network.counts().lost();
		await().atMost(DEADLINE).until(() -> this.network.counts().lost() >= lostBefore + 50);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		assertThat(nodes).allSatisfy((n) -> assertThat(n.members()).hasSize(4));
	}

	@Test
	void aNodeWithAnotherKeyIsDroppedAndCountedAndNeverJoins() {
		LocalCluster cluster = cluster(5);
		GossipNode a = cluster.start("a");
		GossipNode b = cluster.start("b");
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b)));
		Keyring wrong = Keyring.of(SealingKey.fromPassphrase("not the cluster passphrase", ""));
		GossipNode intruder = cluster.start("intruder", 0, wrong);
		// a seeds everyone, so the intruder's join attempts go to a, which cannot open them
		await().atMost(DEADLINE).until(() -> a.transportStats().drops(DropReason.BAD_KEY) >= 3);
		assertThat(LocalCluster.stateOf(a, "intruder")).isNull();
		assertThat(LocalCluster.stateOf(b, "intruder")).isNull();
		assertThat(intruder.members()).isEmpty();
		assertThat(a.members()).hasSize(1);
		assertThat(this.network.counts().partitioned() + this.network.counts().lost()).isZero();
	}

	/**
	 * A seed name (a headless Service) whose addresses change after the node joined: the pods it
	 * named are live members, and the name now points at a node the cluster has never heard of.
	 * Only a heal attempt that looks the name up again can find it, since joining is over.
	 */
	@Test
	void aHealAttemptLooksTheSeedsUpAgainAfterJoining() {
		GossipNode a = startAlone("a", 0);
		GossipNode c = startAlone("c", 0);
		AtomicReference<List<Endpoint>> seedName = new AtomicReference<>(List.of(endpoint(a)));
		AtomicInteger lookups = new AtomicInteger();
		GossipNode b = startAlone("b", 0, () -> {
			lookups.incrementAndGet();
			return seedName.get();
		});
		// the lookup at the start and the one after the first join retry, which finds b joined
		await().atMost(DEADLINE)
			.until(() -> lookups.get() >= 2 && LocalCluster.stateOf(a, "b") == MemberState.ALIVE
					&& LocalCluster.stateOf(b, "a") == MemberState.ALIVE);
		seedName.set(List.of(endpoint(c)));
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b, c)));
		assertThat(lookups.get()).isGreaterThan(2);
	}

	/**
	 * Pods of a StatefulSet started in parallel: the headless service lists none of them yet, so
	 * each starts as a cluster of one, joined at once and with no join retry to come; once the name
	 * lists both, their heal attempts look it up again and the two become one cluster.
	 */
	@Test
	void nodesThatStartedAloneBecomeOneClusterOnceTheirSeedNameListsThem() {
		AtomicReference<List<Endpoint>> seedName = new AtomicReference<>(List.of());
		GossipNode c = startAlone("c", 0, seedName::get);
		GossipNode d = startAlone("d", 0, seedName::get);
		assertThat(c.members()).isEmpty();
		seedName.set(List.of(endpoint(c), endpoint(d)));
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(c, d)));
	}

	@Test
	void aNodeStartedDirectlyOnTheNetworkOwnsItsPortUntilItCloses() {
		GossipNode node = startAlone("solo", 0);
		assertThat(node.advertisedEndpoint()).isEqualTo(endpoint(node));
		int port = node.localAddress().getPort();
		// as over UDP, the caller sees why the start failed, and no protocol thread is left behind
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> startAlone("twin", port))
			.withCauseInstanceOf(BindException.class);
		node.close();
		GossipNode again = startAlone("solo", port);
		assertThat(again.localAddress().getPort()).isEqualTo(port);
	}

	private GossipNode startAlone(String nodeId, int port) {
		return startAlone(nodeId, port, List::of);
	}

	private GossipNode startAlone(String nodeId, int port, Supplier<List<Endpoint>> seeds) {
		NodeOptions options = new NodeOptions(new MemberId(nodeId, 1), new InetSocketAddress("127.0.0.1", port), null,
				seeds, LocalCluster.KEYRING, "", LocalCluster.FAST);
		GossipNode node = GossipNode.start(options, new SplittableRandom(nodeId.hashCode()), (snapshot, events) -> {
		}, this.network);
		this.closeables.add(node);
		return node;
	}

}
