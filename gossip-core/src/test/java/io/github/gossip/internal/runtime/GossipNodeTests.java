package io.github.gossip.internal.runtime;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.PacketSealer;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.transport.TransportFactory;
import io.github.gossip.internal.transport.UdpTransport;
import io.github.gossip.internal.wire.WireCodec;

import io.github.gossip.testsupport.CapturedOutput;
import io.github.gossip.testsupport.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes on loopback sockets in one JVM: forming a cluster, failure detection, graceful leave,
 * wrong keys, replays, hostile floods, key rotation under traffic and restarts on the same port.
 * Deadlines are generous (a 2-core machine may be busy); the assertions are about what happens,
 * not how fast.
 */
@ExtendWith(OutputCaptureExtension.class)
class GossipNodeTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	/**
	 * Timing for a test whose own load competes with the nodes for the CPU (a flood sent from this
	 * JVM): acks may be late by a second on two shared cores without the node being at fault.
	 */
	private static final ProtocolConfig PATIENT = new ProtocolConfig(Duration.ofSeconds(3), Duration.ofMillis(2000), 3,
			4, 6, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30), 1400, Duration.ofHours(1));

	private LocalCluster cluster(String host, long seed) {
		return cluster(host, LocalCluster.FAST, seed);
	}

	private LocalCluster cluster(String host, ProtocolConfig config, long seed) {
		LocalCluster cluster = new LocalCluster(host, config, seed);
		this.closeables.add(cluster);
		return cluster;
	}

	@Test
	void fiveNodesOnIpv4Loopback() {
		formDetectAndLeave(cluster("127.0.0.1", 1));
	}

	@Test
	void fiveNodesOnIpv6Loopback() throws Exception {
		Assumptions.assumeTrue(isBindable(InetAddress.getByName("::1")), "IPv6 loopback is not available here");
		formDetectAndLeave(cluster("::1", 2));
	}

	private void formDetectAndLeave(LocalCluster cluster) {
		for (int i = 1; i <= 5; i++) {
			cluster.start(String.valueOf(i));
		}
		List<GossipNode> nodes = cluster.nodes();
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		assertThat(cluster.countAll(Kind.SUSPECTED, Kind.FAILED)).isZero();

		GossipNode crashed = nodes.get(4);
		crashed.close();
		List<GossipNode> survivors = nodes.subList(0, 4);
		await().atMost(DEADLINE)
			.until(() -> survivors.stream().allMatch((n) -> LocalCluster.stateOf(n, "5") == MemberState.DEAD));

		GossipNode leaving = nodes.get(3);
		leaving.leave(Duration.ofMillis(500));
		List<GossipNode> remaining = nodes.subList(0, 3);
		await().atMost(DEADLINE)
			.until(() -> remaining.stream().allMatch((n) -> LocalCluster.stateOf(n, "4") == MemberState.LEFT));
		assertThat(cluster.count("4", Kind.FAILED)).isZero();
		assertThat(cluster.count("1", Kind.FAILED) + cluster.count("2", Kind.FAILED) + cluster.count("3", Kind.FAILED))
			.isZero();
	}

	@Test
	void nodeWithTheWrongKeyNeverJoins() throws Exception {
		LocalCluster cluster = cluster("127.0.0.1", 3);
		GossipNode a = cluster.start("a");
		GossipNode b = cluster.start("b");
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b)));
		Keyring wrong = Keyring.of(SealingKey.fromPassphrase("not the cluster passphrase", ""));
		GossipNode intruder = cluster.start("intruder", 0, wrong);
		await().atMost(DEADLINE).until(() -> a.transportStats().drops(DropReason.BAD_KEY) >= 2);
		Thread.sleep(2000);
		assertThat(LocalCluster.stateOf(a, "intruder")).isNull();
		assertThat(LocalCluster.stateOf(b, "intruder")).isNull();
		assertThat(intruder.members()).isEmpty();
		assertThat(a.members()).hasSize(1);
	}

	@Test
	void replayedDatagramsChangeNothing() throws Exception {
		LocalCluster cluster = cluster("127.0.0.1", 4);
		GossipNode a = cluster.start("a");
		try (DatagramSocket recorder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			// c's only seed is our recorder: it captures c's genuine, sealed join requests
			GossipNode c = cluster.start("c", 0, LocalCluster.KEYRING,
					List.of(UdpTransport.toEndpoint((InetSocketAddress) recorder.getLocalSocketAddress())));
			List<byte[]> captured = new ArrayList<>();
			recorder.setSoTimeout(30_000);
			while (captured.size() < 2) {
				DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
				recorder.receive(packet);
				captured.add(Arrays.copyOf(packet.getData(), packet.getLength()));
			}
			// delivered once, they are genuine news: a learns of c
			for (byte[] datagram : captured) {
				recorder.send(new DatagramPacket(datagram, datagram.length, a.localAddress()));
			}
			await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, c)));
			int eventsBefore = cluster.events("a").size();
			long replaysBefore = a.transportStats().drops(DropReason.REPLAY);
			for (int round = 0; round < 5; round++) {
				for (byte[] datagram : captured) {
					recorder.send(new DatagramPacket(datagram, datagram.length, a.localAddress()));
				}
			}
			await().atMost(DEADLINE)
				.until(() -> a.transportStats().drops(DropReason.REPLAY) - replaysBefore == 5L * captured.size());
			assertThat(cluster.events("a")).hasSize(eventsBefore);
			assertThat(LocalCluster.stateOf(a, "c")).isEqualTo(MemberState.ALIVE);
		}
	}

	@Test
	void floodOfHostileDatagramsLeavesTheNodeWorking() throws Exception {
		LocalCluster cluster = cluster("127.0.0.1", PATIENT, 5);
		GossipNode target = cluster.start("1");
		GossipNode b = cluster.start("2");
		GossipNode c = cluster.start("3");
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(target, b, c)));
		FloodReport report = HostileFlood.send(target, 100_000, new Random(99));
		assertThat(report.escaped()).as("datagrams neither decoded nor counted").isZero();
		assertThat(report.dropped()).as("hostile datagrams counted as dropped").isGreaterThan(report.sent() * 9 / 10);
		assertThat(target.transportStats().drops(DropReason.INTERNAL_ERROR)).as("hostile datagrams taken for our bugs")
			.isZero();
		assertThat(target.taskFailures()).as("failures of the node's own tasks")
			.allSatisfy((task, count) -> assertThat(count).isZero());
		assertThat(LocalCluster.allAlive(List.of(target, b, c))).isTrue();
		assertThat(cluster.countAll(Kind.SUSPECTED, Kind.FAILED)).isZero();
		// and it keeps answering: a new member still joins through it
		GossipNode d = cluster.start("4");
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(target, b, c, d)));
	}

	@Test
	void keyRotationUnderTrafficRaisesNoSuspicion() throws Exception {
		LocalCluster cluster = cluster("127.0.0.1", 6);
		List<GossipNode> nodes = List.of(cluster.start("1"), cluster.start("2"), cluster.start("3"));
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(nodes));
		SealingKey oldKey = LocalCluster.KEYRING.primary();
		SealingKey newKey = SealingKey.fromPassphrase("the next cluster passphrase", "");
		Duration settle = LocalCluster.FAST.probeInterval().multipliedBy(6);
		// install the new key everywhere, make it primary everywhere, then remove the old one
		for (Keyring step : List.of(new Keyring(oldKey, List.of(newKey)), new Keyring(newKey, List.of(oldKey)),
				Keyring.of(newKey))) {
			for (GossipNode node : nodes) {
				node.keyring(step);
				Thread.sleep(LocalCluster.FAST.probeInterval().toMillis());
			}
			Thread.sleep(settle.toMillis());
		}
		assertThat(LocalCluster.allAlive(nodes)).isTrue();
		assertThat(cluster.countAll(Kind.SUSPECTED, Kind.FAILED)).isZero();
		assertThat(nodes).allMatch((n) -> n.transportStats().drops(DropReason.BAD_KEY) == 0);
	}

	@Test
	void nodeRestartedOnTheSamePortRejoins() {
		LocalCluster cluster = cluster("127.0.0.1", 7);
		GossipNode a = cluster.start("a");
		GossipNode b = cluster.start("b");
		GossipNode c = cluster.start("c");
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b, c)));
		int port = c.localAddress().getPort();
		long oldInstance = c.self().instance();
		c.close();
		await().atMost(DEADLINE).until(() -> LocalCluster.stateOf(a, "c") == MemberState.DEAD);
		GossipNode restarted = cluster.start("c", port, LocalCluster.KEYRING);
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b, restarted)));
		assertThat(a.members()).filteredOn((m) -> m.id().nodeId().equals("c"))
			.singleElement()
			.satisfies((m) -> assertThat(m.id().instance()).isNotEqualTo(oldInstance));
	}

	@Test
	void aDatagramArrivingAsTheSocketBindsReachesABuiltProtocol() throws Exception {
		MemberId self = new MemberId("early", 1);
		MemberId peer = new MemberId("peer", 1);
		try (DatagramSocket peerSocket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			Endpoint peerEndpoint = UdpTransport.toEndpoint((InetSocketAddress) peerSocket.getLocalSocketAddress());
			byte[] payload = new WireCodec()
				.encode(new Packet(peer, 0, new Message.JoinRequest(peerEndpoint, 0), List.of()));
			byte[] joinRequest = PacketSealer.create(LocalCluster.KEYRING, "").seal(payload, 0, payload.length);
			// The peer's join request arrives the moment the socket is bound, and the start goes on
			// only once the protocol thread has had every chance to take it.
			TransportFactory joinRequestOnBind = (address, keyring, label, maxSize, stats, handler) -> {
				CountDownLatch handedOver = new CountDownLatch(1);
				UdpTransport transport = UdpTransport.bind(address, keyring, label, maxSize, stats, (from, opened) -> {
					handler.received(from, opened);
					handedOver.countDown();
				});
				try {
					peerSocket.send(new DatagramPacket(joinRequest, joinRequest.length, transport.localAddress()));
					assertThat(handedOver.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
				awaitIdleUnlessCurrent("gossip-early");
				return transport;
			};
			NodeOptions options = new NodeOptions(self, new InetSocketAddress("127.0.0.1", 0), null, List::of,
					LocalCluster.KEYRING, "", LocalCluster.FAST);
			Queue<MembershipEvent> seen = new ConcurrentLinkedQueue<>();
			GossipNode node = GossipNode.start(options, new SplittableRandom(8),
					(snapshot, events) -> seen.addAll(events), joinRequestOnBind);
			this.closeables.add(node);
			node.updateMetadata(MemberMetadata.EMPTY, DEADLINE); // runs after every packet queued before it
			assertThat(seen).as("what the join request that came first led to")
				.anySatisfy((event) -> assertThat(event.kind()).isEqualTo(Kind.JOINED))
				.allSatisfy((event) -> assertThat(event.member().id()).isIn(self, peer));
			assertThat(LocalCluster.stateOf(node, "peer")).isNotNull();
			assertThat(node.taskFailures(ProtocolTask.PACKET)).isZero();
		}
	}

	@Test
	void anErrorThrownOnTheProtocolThreadIsLoggedAndTheNodeCarriesOn(CapturedOutput output) {
		AtomicBoolean armed = new AtomicBoolean();
		GossipNode a = startNode("a", List::of, (snapshot, events) -> {
			if (armed.compareAndSet(true, false)) {
				throw new AssertionError("listener bug on the protocol thread");
			}
		});
		armed.set(true);
		GossipNode b = startNode("b", () -> List.of(a.advertisedEndpoint()), (snapshot, events) -> {
		});
		await().atMost(DEADLINE).until(() -> LocalCluster.allAlive(List.of(a, b)));
		await().atMost(DEADLINE).until(() -> output.getOut().contains("listener bug on the protocol thread"));
		assertThat(armed).isFalse();
		assertThat(output.getOut()).contains("ERROR");
		assertThat(a.taskFailures()).containsEntry(ProtocolTask.LISTENER, 1L)
			.containsEntry(ProtocolTask.PACKET, 0L)
			.containsEntry(ProtocolTask.TIMER, 0L);
		// and the protocol thread still works
		b.updateMetadata(new MemberMetadata(Set.of(), Map.of("zone", "b")), DEADLINE);
		await().atMost(DEADLINE).until(() -> a.members().get(0).metadata().values().containsKey("zone"));
	}

	@Test
	void aFailingSeedLookupIsLoggedAndTheNodeKeepsTrying(CapturedOutput output) throws Exception {
		try (DatagramSocket silentSeed = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			Endpoint seed = UdpTransport.toEndpoint((InetSocketAddress) silentSeed.getLocalSocketAddress());
			AtomicInteger lookups = new AtomicInteger();
			GossipNode lonely = startNode("lonely", () -> {
				if (lookups.incrementAndGet() == 2) {
					throw new IllegalStateException("seed lookup bug");
				}
				return List.of(seed);
			}, (snapshot, events) -> {
			});
			await().atMost(DEADLINE).until(() -> lookups.get() >= 3);
			assertThat(output.getOut()).contains("seed lookup bug").contains("ERROR");
			assertThat(lonely.taskFailures(ProtocolTask.SEEDS)).isEqualTo(1);
		}
	}

	private GossipNode startNode(String nodeId, Supplier<List<Endpoint>> seeds, NodeListener listener) {
		NodeOptions options = new NodeOptions(new MemberId(nodeId, 1), new InetSocketAddress("127.0.0.1", 0), null,
				seeds, LocalCluster.KEYRING, "", LocalCluster.FAST);
		GossipNode node = GossipNode.start(options, new SplittableRandom(nodeId.hashCode()), listener);
		this.closeables.add(node);
		return node;
	}

	/** Waits until the thread named {@code name} has nothing to run, unless it is this very thread. */
	private static void awaitIdleUnlessCurrent(String name) {
		Thread thread = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.getName().equals(name))
			.findFirst()
			.orElse(null);
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		await().atMost(DEADLINE)
			.until(() -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);
	}

	private static boolean isBindable(InetAddress address) {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
