package io.github.gossip.internal.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.transport.TransportFactory;
import io.github.gossip.internal.transport.UdpTransport;

/**
 * Real nodes on real loopback sockets in this JVM (or on another transport, such as an in-memory
 * network), for tests and benchmarks. Records every event each node publishes so that tests can assert
 * what was (and was not) seen.
 */
public final class LocalCluster implements AutoCloseable {

	/** Faster than the LAN profile so tests finish quickly, with the same ratios. */
	public static final ProtocolConfig FAST = new ProtocolConfig(Duration.ofMillis(500), Duration.ofMillis(200), 3, 4, 6,
			Duration.ofMillis(100), 3, 4, Duration.ofSeconds(10), 1400, Duration.ofHours(1));

	public static final Keyring KEYRING = Keyring.of(SealingKey.fromPassphrase("local cluster test passphrase", ""));

	private final InetAddress host;

	private final ProtocolConfig config;

	private final SplittableRandom random;

	private final TransportFactory transports;

	private final List<GossipNode> nodes = new ArrayList<>();

	private final Map<String, Queue<MembershipEvent>> events = new ConcurrentHashMap<>();

	private final List<Endpoint> seeds = new ArrayList<>();

	public LocalCluster(String host, ProtocolConfig config, long seed) {
		this(host, config, seed, UdpTransport::bind);
	}

	/** A cluster whose nodes bind their transports with {@code transports}. */
	public LocalCluster(String host, ProtocolConfig config, long seed, TransportFactory transports) {
		this.transports = transports;
		try {
			this.host = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
		this.config = config;
		this.random = new SplittableRandom(seed);
	}

	/** Starts a node with a free port; the first node started becomes everyone's seed. */
	public GossipNode start(String nodeId) {
		return start(nodeId, 0, KEYRING);
	}

	public GossipNode start(String nodeId, int port, Keyring keyring) {
		return start(nodeId, port, keyring, List.copyOf(this.seeds));
	}

	public GossipNode start(String nodeId, int port, Keyring keyring, List<Endpoint> seedsNow) {
		MemberId self = new MemberId(nodeId, MemberId.newInstance(System.currentTimeMillis(), this.random));
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(this.host, port), null, () -> seedsNow,
				keyring, "", this.config);
		Queue<MembershipEvent> seen = new ConcurrentLinkedQueue<>();
		this.events.put(nodeId, seen);
		GossipNode node = GossipNode.start(options, (RandomGenerator) this.random.split(),
				(snapshot, changes) -> seen.addAll(changes), this.transports);
		if (this.seeds.isEmpty()) {
			this.seeds.add(node.advertisedEndpoint());
		}
		this.nodes.add(node);
		return node;
	}

	public List<GossipNode> nodes() {
		return this.nodes;
	}

	/** Events that node {@code nodeId} published so far. */
	public List<MembershipEvent> events(String nodeId) {
		return List.copyOf(this.events.getOrDefault(nodeId, new ConcurrentLinkedQueue<>()));
	}

	/** Events of any kind in {@code kinds}, seen by any node, about member {@code about}. */
	public long count(String about, MembershipEvent.Kind... kinds) {
		List<MembershipEvent.Kind> wanted = List.of(kinds);
		return this.events.values()
			.stream()
			.flatMap(Queue::stream)
			.filter((e) -> e.member().id().nodeId().equals(about) && wanted.contains(e.kind()))
			.count();
	}

	/** Events of any kind in {@code kinds}, seen by any node, about anyone. */
	public long countAll(MembershipEvent.Kind... kinds) {
		List<MembershipEvent.Kind> wanted = List.of(kinds);
		return this.events.values().stream().flatMap(Queue::stream).filter((e) -> wanted.contains(e.kind())).count();
	}

	/** The state {@code observer} holds for member {@code nodeId}, or null if unknown. */
	public static MemberState stateOf(GossipNode observer, String nodeId) {
		return observer.members()
			.stream()
			.filter((m) -> m.id().nodeId().equals(nodeId))
			.map(Member::state)
			.findFirst()
			.orElse(null);
	}

	/** Whether every running node in {@code observers} sees every other as ALIVE. */
	public static boolean allAlive(List<GossipNode> observers) {
		for (GossipNode observer : observers) {
			long alive = observer.members().stream().filter((m) -> m.state() == MemberState.ALIVE).count();
			if (alive != observers.size() - 1) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void close() {
		this.nodes.forEach(GossipNode::close);
	}

}
