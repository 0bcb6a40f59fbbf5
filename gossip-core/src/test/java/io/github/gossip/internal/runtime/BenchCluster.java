package io.github.gossip.internal.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.github.gossip.bench.BenchReport;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.transport.DatagramHandler;
import io.github.gossip.internal.transport.Transport;
import io.github.gossip.internal.transport.TransportFactory;
import io.github.gossip.internal.transport.UdpTransport;

/**
 * Real nodes on loopback UDP sockets, sealed with {@link LocalCluster#KEYRING}, for benchmarks that
 * watch hundreds of them at once. Unlike {@link LocalCluster} it keeps no event history, so that its
 * own memory does not weigh on the heap per node, and it never scans every view: each node's
 * listener notes, with a {@link System#nanoTime()} stamp, how many members it holds ALIVE and
 * whether an event is one being {@link #watch watched}; a benchmark then waits on those notes, which
 * costs nothing the nodes would feel.
 * <p>
 * It also notes where a datagram's delay arises: each node's transport stamps what it sends, and the
 * receiving node looks the stamp up once the datagram is opened on its I/O thread, so that
 * {@link #transit()} is the time a datagram spent in the sender's outbound queue, the kernel and the
 * receiver's socket before its I/O thread opened it; the nodes themselves note how long a decoded
 * packet then waited for the protocol thread and how late their timers ran.
 */
final class BenchCluster implements AutoCloseable {

	private final ProtocolConfig config;

	private final SplittableRandom random;

	private final InetAddress host = InetAddress.getLoopbackAddress();

	/** Running nodes, in start order ({@link #startAll}: in the order listed); the first is every later node's seed. */
	private final List<GossipNode> nodes = new ArrayList<>();

	private final Map<String, Observer> observers = new ConcurrentHashMap<>();

	private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);

	/** Views the nodes' listeners were handed: each one a copy of a whole view. */
	private final LongAdder views = new LongAdder();

	private volatile Watch watch;

	/** When each datagram in flight was sent, in {@link System#nanoTime()}; see {@link #transit()}. */
	private final Map<Sent, Long> sentAt = new ConcurrentHashMap<>();

	private final LagHistogram transit = new LagHistogram();

	/** How late a task ran on the shared Netty I/O threads of every node's socket; see {@link #ioLoopLag()}. */
	private final LagHistogram ioLoopLag = new LagHistogram();

	private volatile boolean sampling;

	private final Map<GossipNode, TaskLoop> loops = new ConcurrentHashMap<>();

	/** Nodes {@link #hang hung}, closed with the cluster. */
	private final List<GossipNode> hung = new ArrayList<>();

	private Endpoint seed;

	BenchCluster(ProtocolConfig config, long seed) {
		this.config = config;
		this.random = new SplittableRandom(seed);
		for (Kind kind : Kind.values()) {
			this.counts.put(kind, new LongAdder());
		}
	}

	/** Starts a node on a free port whose only seed is the first node started. */
	GossipNode start(String nodeId) {
		GossipNode node = prepare(nodeId).get();
		if (this.seed == null) {
			this.seed = node.advertisedEndpoint();
		}
		this.nodes.add(node);
		return node;
	}

	/**
	 * Starts {@code nodeIds} together, each through the first node (started first when there is none
	 * yet), {@code threads} at a time: as the members of a cluster that all start at once do. Starting
	 * them one after another from one thread measured the harness as much as the protocol, since each
	 * start waits until the I/O threads, busy with the members already running, bind its socket.
	 * @return the nodes, in the order of {@code nodeIds}
	 */
	List<GossipNode> startAll(List<String> nodeIds, int threads) throws InterruptedException {
		List<GossipNode> started = new ArrayList<>();
		List<String> rest = nodeIds;
		if (this.seed == null && !nodeIds.isEmpty()) {
			started.add(start(nodeIds.get(0)));
			rest = nodeIds.subList(1, nodeIds.size());
		}
		List<GossipNode> joined = new ArrayList<>(Collections.nCopies(rest.size(), null));
		List<Callable<Void>> starts = new ArrayList<>();
		for (int i = 0; i < rest.size(); i++) {
			int slot = i;
			Supplier<GossipNode> start = prepare(rest.get(i));
			starts.add(() -> {
				GossipNode node = start.get();
				synchronized (joined) {
					joined.set(slot, node);
				}
				return null;
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		Throwable failure = null;
		try {
			for (Future<Void> start : pool.invokeAll(starts)) {
				try {
					start.get();
				}
				catch (ExecutionException ex) {
					failure = (failure != null) ? failure : ex.getCause();
				}
			}
		}
		finally {
			// interrupted, the starts under way still finish: wait for them, so that none is left out
			pool.shutdownNow();
			pool.awaitTermination(1, TimeUnit.MINUTES);
			synchronized (joined) {
				// every node that started is listed, so that closing the cluster closes it
				joined.stream().filter(Objects::nonNull).forEach((node) -> {
					this.nodes.add(node);
					started.add(node);
				});
			}
		}
		if (failure != null) {
			throw new IllegalStateException("a member did not start", failure);
		}
		return started;
	}

	/**
	 * What starting {@code nodeId} needs, drawn on the caller's thread (the random source is not
	 * thread-safe); the start itself may then run on any thread.
	 */
	private Supplier<GossipNode> prepare(String nodeId) {
		MemberId self = new MemberId(nodeId, MemberId.newInstance(System.currentTimeMillis(), this.random));
		List<Endpoint> seeds = (this.seed != null) ? List.of(this.seed) : List.of();
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(this.host, 0), null, () -> seeds,
				LocalCluster.KEYRING, "", this.config);
		Observer observer = new Observer();
		this.observers.put(nodeId, observer);
		RandomGenerator random = (RandomGenerator) this.random.split();
		TransportFactory transports = stampingTransports();
		return () -> {
			TaskLoop loop = GossipNode.protocolThread(options);
			GossipNode node = GossipNode.start(options, random,
					(snapshot, events) -> noted(nodeId, observer, snapshot, events), transports, loop);
			this.loops.put(node, loop);
			return node;
		};
	}

	/**
	 * UDP transports that stamp each payload they send with the time, by destination port and content,
	 * and on receipt record how long ago the stamp was taken: one host, so one clock.
	 */
	private TransportFactory stampingTransports() {
		return (bindAddress, keyring, label, maxDatagramSize, stats, handler) -> {
			int[] port = new int[1];
			UdpTransport udp = UdpTransport.bind(bindAddress, keyring, label, maxDatagramSize, stats, new DatagramHandler() {

				@Override
				public void received(Endpoint from, byte[] payload) {
					Long sent = BenchCluster.this.sentAt.remove(Sent.of(port[0], payload));
					if (sent != null) {
						BenchCluster.this.transit.record((System.nanoTime() - sent) / 1000);
					}
					handler.received(from, payload);
				}

				@Override
				public void portClosed(Endpoint endpoint) {
					handler.portClosed(endpoint);
				}

			});
			port[0] = udp.localAddress().getPort();
			return new Transport() {

				@Override
				public boolean send(Endpoint to, byte[] payload) {
					BenchCluster.this.sentAt.put(Sent.of(to.port(), payload), System.nanoTime());
					if (BenchCluster.this.countingKinds) {
						countKind(payload);
					}
					return udp.send(to, payload);
				}

				@Override
				public void afterReceived(Runnable action) {
					udp.afterReceived(action);
				}

				@Override
				public void checkPort(Endpoint to) {
					udp.checkPort(to);
				}

				@Override
				public InetSocketAddress localAddress() {
					return udp.localAddress();
				}

				@Override
				public io.github.gossip.internal.transport.TransportStats stats() {
					return udp.stats();
				}

				@Override
				public void keyring(io.github.gossip.internal.crypto.Keyring keyring) {
					udp.keyring(keyring);
				}

				@Override
				public void close() {
					udp.close();
				}

			};
		};
	}

	/**
	 * From the sender's send to the receiver's I/O thread opening the datagram, over every datagram
	 * received since the last {@link #resetDelays()}: the outbound queue, the kernel's socket buffer
	 * and the I/O thread's own lag.
	 */
	LagHistogram transit() {
		return this.transit;
	}

	/** How long decoded packets waited for their protocol thread, over every running node. */
	LagHistogram packetWait() {
		LagHistogram all = new LagHistogram();
		this.nodes.forEach((node) -> all.add(node.packetWait()));
		return all;
	}

	/** How long every running node's timers that decide on silence waited for its socket to be read. */
	LagHistogram receiveLag() {
		LagHistogram all = new LagHistogram();
		this.nodes.forEach((node) -> all.add(node.receiveLag()));
		return all;
	}

	/** How late every running node's protocol thread ran its timers. */
	LagHistogram timerLateness() {
		LagHistogram all = new LagHistogram();
		this.nodes.forEach((node) -> all.add(node.timerLateness()));
		return all;
	}

	/**
	 * How late a task ran on the I/O threads that read, open and write every node's datagrams (the
	 * event loops of Reactor Netty's UDP resources, which all sockets of this JVM share), sampled
	 * every 10 ms per thread since the last {@link #resetDelays()}: a write waits that long before it
	 * reaches the kernel, a datagram in the socket buffer about that long before it is read.
	 */
	LagHistogram ioLoopLag() {
		return this.ioLoopLag;
	}

	private void sampleIoLoops() {
		if (this.sampling) {
			return;
		}
		this.sampling = true;
		reactor.netty.udp.UdpResources.get().onServer(true).forEach((executor) -> sampleIoLoop(executor, System.nanoTime()));
	}

	private void sampleIoLoop(io.netty.util.concurrent.EventExecutor executor, long scheduledAt) {
		if (!this.sampling) {
			return;
		}
		executor.schedule(() -> {
			long now = System.nanoTime();
			this.ioLoopLag.record((now - scheduledAt - 10_000_000) / 1000);
			sampleIoLoop(executor, now);
		}, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Starts the delays afresh, for a window measured from now on. */
	void resetDelays() {
		sampleIoLoops();
		this.ioLoopLag.reset();
		this.transit.reset();
		this.sentAt.clear();
		this.nodes.forEach((node) -> {
			node.packetWait().reset();
			node.timerLateness().reset();
			node.receiveLag().reset();
		});
	}

	/** On the node's protocol thread: keep it short, it runs after every change of view. */
	private void noted(String nodeId, Observer observer, NodeSnapshot snapshot, List<MembershipEvent> events) {
		this.views.increment();
		if (events.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		int alive = 0;
		for (Member member : snapshot.members()) {
			if (member.state() == MemberState.ALIVE) {
				alive++;
			}
		}
		observer.alive = alive;
		observer.changedAt = now;
		Watch current = this.watch;
		for (MembershipEvent event : events) {
			this.counts.get(event.kind()).increment();
			if (current != null && current.matches.test(event)) {
				current.seen.putIfAbsent(nodeId, now);
			}
		}
	}

	/** The running nodes, in start order (see {@link #nodes}). */
	List<GossipNode> nodes() {
		return this.nodes;
	}

	int size() {
		return this.nodes.size();
	}

	/**
	 * Closes {@code node} without a word: a process that crashed on a host that runs on, whose
	 * closed port the host reports to port checks.
	 */
	void crash(GossipNode node) {
		this.nodes.remove(node);
		this.loops.remove(node);
		this.hung.remove(node);
		node.close();
	}

	/**
	 * Blocks {@code node}'s protocol thread for good, its socket still bound: a hung process, or one
	 * on a host that vanished as far as the answers go. Nothing answers it, not even its host. It is
	 * closed with the cluster, or by {@link #crash}.
	 */
	void hang(GossipNode node) {
		this.nodes.remove(node);
		this.hung.add(node);
		this.loops.remove(node).execute(() -> {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException closing) {
				Thread.currentThread().interrupt();
			}
		});
	}

	/** Forgets {@code node}, which is leaving or has left on its own. */
	void forget(GossipNode node) {
		this.nodes.remove(node);
	}

	/** Events of {@code kind} that any node published so far. */
	long count(Kind kind) {
		return this.counts.get(kind).sum();
	}

	/** Views that any node published so far. */
	long views() {
		return this.views.sum();
	}

	/** Datagrams every running node sent so far. */
	/** {@code counter} summed over {@code nodes}. */
	static long sum(List<GossipNode> nodes, java.util.function.ToLongFunction<GossipNode> counter) {
		return nodes.stream().mapToLong(counter).sum();
	}

	long datagramsOut() {
		return sum(this.nodes, (node) -> node.transportStats().datagramsOut());
	}

	/** Bytes every running node sent so far. */
	long bytesOut() {
		return sum(this.nodes, (node) -> node.transportStats().bytesOut());
	}

	/**
	 * The highest Lifeguard local health score of any running node: above 0 a node missed acks and
	 * probes more slowly, which lowers the datagrams it sends.
	 */
	int healthMax() {
		return this.nodes.stream().mapToInt(GossipNode::healthScore).max().orElse(0);
	}

	/** Running nodes whose local health score is above 0. */
	long unhealthy() {
		return this.nodes.stream().filter((node) -> node.healthScore() > 0).count();
	}

	/**
	 * Waits until every running node holds every other ALIVE.
	 * @return when the last of them got there, in {@link System#nanoTime()}
	 * @throws IllegalStateException if that did not happen within {@code timeout}
	 */
	long awaitAllAlive(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long last = allAliveSince();
			if (last != 0) {
				return last;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not every one of " + size() + " nodes held every other ALIVE within "
						+ timeout + "; the fewest held: " + fewestAlive());
			}
			Thread.sleep(10);
		}
	}

	/**
	 * Members whose record not every running node holds alike (state, incarnation, metadata), each
	 * node's own record included: "state:n,incarnation:n,metadata:n" by what differs first. Every
	 * member may hold every other ALIVE while these differ, and anti-entropy syncs push the records
	 * until they agree.
	 */
	String disagreements() {
		Map<String, Set<Member>> byMember = new java.util.HashMap<>();
		for (GossipNode node : this.nodes) {
			NodeSnapshot view = node.snapshot();
			byMember.computeIfAbsent(view.local().id().nodeId(), (id) -> new java.util.HashSet<>()).add(view.local());
			for (Member m : view.members()) {
				byMember.computeIfAbsent(m.id().nodeId(), (id) -> new java.util.HashSet<>()).add(m);
			}
		}
		int state = 0;
		int incarnation = 0;
		int metadata = 0;
		for (Set<Member> records : byMember.values()) {
			if (records.stream().map(Member::state).distinct().count() > 1) {
				state++;
			}
			else if (records.stream().map(Member::incarnation).distinct().count() > 1) {
				incarnation++;
			}
			else if (records.stream().map(Member::metadata).distinct().count() > 1) {
				metadata++;
			}
		}
		return "state:" + state + ",incarnation:" + incarnation + ",metadata:" + metadata;
	}

	private volatile boolean countingKinds;

	private final Map<String, LongAdder> bytesByKind = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> datagramsByKind = new ConcurrentHashMap<>();

	private final io.github.gossip.internal.wire.WireCodec kindCodec = new io.github.gossip.internal.wire.WireCodec();

	/**
	 * Counts the bytes sent by message kind until {@link #kinds} reads them. Each payload is decoded
	 * once more on its sender's thread: a few microseconds per datagram, about 1 % of the CPU an idle
	 * window measures.
	 */
	void countKinds() {
		this.bytesByKind.clear();
		this.datagramsByKind.clear();
		this.countingKinds = true;
	}

	/** Bytes sent by message kind since {@link #countKinds}, largest first, as "Kind:bytes,...". */
	String kinds() {
		this.countingKinds = false;
		return byKind(this.bytesByKind);
	}

	/** Datagrams sent by message kind since {@link #countKinds}, as {@link #kinds} gives bytes. */
	String datagramKinds() {
		this.countingKinds = false;
		return byKind(this.datagramsByKind);
	}

	private static String byKind(Map<String, LongAdder> counts) {
		return counts.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
			.map((e) -> e.getKey() + ":" + e.getValue().sum())
			.collect(java.util.stream.Collectors.joining(","));
	}

	private void countKind(byte[] payload) {
		try {
			count(this.kindCodec.decode(payload).message().getClass().getSimpleName(), payload.length);
		}
		catch (RuntimeException ex) {
			// a receive barrier's token, not a packet
			count("other", payload.length);
		}
	}

	private void count(String kind, int bytes) {
		this.bytesByKind.computeIfAbsent(kind, (k) -> new LongAdder()).add(bytes);
		this.datagramsByKind.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
	}

	/** When the last node came to hold every other ALIVE, or 0 if one does not now. */
	private long allAliveSince() {
		int others = size() - 1;
		long last = Long.MIN_VALUE;
		for (GossipNode node : this.nodes) {
			Observer observer = this.observers.get(node.self().nodeId());
			if (observer.alive != others) {
				return 0;
			}
			last = Math.max(last, observer.changedAt);
		}
		return Math.max(last, 1);
	}

	private int fewestAlive() {
		return this.nodes.stream()
			.mapToInt((node) -> this.observers.get(node.self().nodeId()).alive)
			.min()
			.orElse(0);
	}

	/**
	 * From now on, notes for each node when it first publishes an event that {@code matches}; call it
	 * before the action whose news it waits for. One watch at a time: it replaces the previous one.
	 */
	Watch watch(Predicate<MembershipEvent> matches) {
		Watch started = new Watch(matches);
		this.watch = started;
		return started;
	}

	/** An event of {@code kind} about the member whose node id is {@code nodeId}. */
	static Predicate<MembershipEvent> about(String nodeId, Kind kind) {
		return (event) -> event.kind() == kind && event.member().id().nodeId().equals(nodeId);
	}

	/** An event that leaves the member whose node id is {@code nodeId} ALIVE: it joined or is back. */
	static Predicate<MembershipEvent> aliveAbout(String nodeId) {
		return (event) -> event.member() != null && event.member().id().nodeId().equals(nodeId)
				&& event.member().state() == MemberState.ALIVE
				&& (event.kind() == Kind.JOINED || event.kind() == Kind.ALIVE_AGAIN || event.kind() == Kind.UPDATED);
	}

	@Override
	public void close() {
		this.sampling = false;
		this.watch = null;
		this.nodes.forEach(GossipNode::close);
		this.nodes.clear();
		this.hung.forEach(GossipNode::close);
		this.hung.clear();
		this.loops.clear();
	}

	/** A datagram in flight: its destination port and a hash of its payload, which the receiver opens to the same bytes. */
	private record Sent(int port, int length, int hash) {

		static Sent of(int port, byte[] payload) {
			return new Sent(port, payload.length, ByteBuffer.wrap(payload).hashCode());
		}

	}

	/** What one node's listener last noted; written on its protocol thread, read by the benchmark. */
	private static final class Observer {

		volatile int alive;

		volatile long changedAt;

	}

	/** The nodes that published a matching event, each with when it first did. */
	static final class Watch {

		private final Predicate<MembershipEvent> matches;

		private final Map<String, Long> seen = new ConcurrentHashMap<>();

		private Watch(Predicate<MembershipEvent> matches) {
			this.matches = matches;
		}

		/**
		 * Waits until every node of {@code observers} published a matching event.
		 * @return when the last of them did, in {@link System#nanoTime()}
		 * @throws IllegalStateException if some did not within {@code timeout}
		 */
		long await(List<GossipNode> observers, Duration timeout) throws InterruptedException {
			Set<String> ids = ConcurrentHashMap.newKeySet();
			observers.forEach((node) -> ids.add(node.self().nodeId()));
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!this.seen.keySet().containsAll(ids)) {
				if (System.nanoTime() > deadline) {
					ids.removeAll(this.seen.keySet());
					throw new IllegalStateException(ids.size() + " of " + observers.size()
							+ " nodes published no matching event within " + timeout);
				}
				Thread.sleep(5);
			}
			return ids.stream().mapToLong(this.seen::get).max().orElseThrow();
		}

		/**
		 * How the news spread over {@code observers}, each one's time since {@code start} at
		 * percentiles 50, 90 and 100 in ms, and who was last: a last member far behind the ninetieth
		 * is one that missed the push of news, a tail close behind it the push's own pace.
		 */
		String spread(List<GossipNode> observers, long start) {
			List<Long> millis = new ArrayList<>();
			String last = null;
			long lastAt = Long.MIN_VALUE;
			for (GossipNode node : observers) {
				Long at = this.seen.get(node.self().nodeId());
				if (at != null) {
					millis.add((at - start) / 1_000_000);
					if (at > lastAt) {
						lastAt = at;
						last = node.self().nodeId();
					}
				}
			}
			return "p50_ms=" + BenchReport.percentile(millis, 50) + " p90_ms=" + BenchReport.percentile(millis, 90)
					+ " max_ms=" + BenchReport.percentile(millis, 100) + " last=" + last;
		}

	}

}
