package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

import reactor.util.Logger;
import reactor.util.Loggers;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.LeaderTerm;
import io.github.gossip.internal.protocol.Membership;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.Outputs;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolCounters;
import io.github.gossip.internal.protocol.Timer;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.transport.DatagramHandler;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;
import io.github.gossip.internal.transport.Transport;
import io.github.gossip.internal.transport.TransportFactory;
import io.github.gossip.internal.transport.TransportStats;
import io.github.gossip.internal.transport.UdpTransport;
import io.github.gossip.internal.wire.DecodeException;
import io.github.gossip.internal.wire.WireCodec;
import io.github.gossip.internal.wire.WireVersions;

/**
 * A running member: the protocol state machine, the transport and the timers, bound together on
 * one protocol thread. Every change of protocol state happens on that thread, so the state machine
 * needs no locks; the transport's I/O thread only opens and decodes datagrams and hands them over.
 * <p>
 * The transport is a UDP socket unless the node is started with another {@link TransportFactory},
 * such as an {@link InMemoryNetwork}: whichever it is, it seals and opens datagrams the same way.
 * <p>
 * The protocol thread is not a daemon: a non-web application keeps running while its node runs.
 */
public final class GossipNode implements AutoCloseable {

	private static final Logger logger = Loggers.getLogger(GossipNode.class);

	/** Decoded packets that may wait for the protocol thread before new ones are dropped. */
	static final int MAX_PENDING_PACKETS = 10_000;

	/**
	 * The longest a changed view waits to be published while packets keep arriving: a burst is
	 * published once, after its last packet, but a queue that never empties still publishes.
	 */
	static final long MAX_PUBLICATION_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	/**
	 * Probe intervals that a timer deciding on silence waits at most for the socket to be read up to
	 * its due time; it runs that late then, so it accuses nobody.
	 */
	static final int RECEIVE_PATIENCE_INTERVALS = 2;

	private final NodeOptions options;

	private final TaskLoop loop;

	private final WireCodec codec;

	/** The version to write to each live member's address; confined to the protocol thread. */
	private final PeerVersions peerVersions;

	private final AtomicInteger pendingPackets = new AtomicInteger();

	private final LongAdder packetsDecoded = new LongAdder();

	/** Packets decoded, by the wire version they were written in (index 0 unused). */
	private final LongAdder[] packetsByVersion = new LongAdder[WireVersions.LATEST + 1];

	private final NodeListener listener;

	private final ProtocolFailures failures = new ProtocolFailures();

	/** Protocol thread only: events not yet handed to the listener, in order. */
	private final List<MembershipEvent> pendingEvents = new ArrayList<>();

	/** Protocol thread only: how many of {@link #pendingEvents} {@link #peerVersions} has taken. */
	private int versionedEvents;

	private final long startNanos;

	/**
	 * How long decoded packets waited for the protocol thread, from the I/O thread's hand-off to the
	 * start of their task: the node's own queueing delay, which a peer's ack suffers too.
	 */
	private final LagHistogram packetWait = new LagHistogram();

	/**
	 * How long a timer that decides on silence waited for the socket to hand over what it held when
	 * the timer was due: the node's own receive delay (socket queue and I/O thread).
	 */
	private final LagHistogram receiveLag = new LagHistogram();

	/** How late timers ran on the protocol thread, from their due time to the start of their task. */
	private final LagHistogram timerLateness = new LagHistogram();

	/** Counted into by the transport, and by the node for payloads that fail to decode. */
	private final TransportStats stats = new TransportStats();

	// Written once, by the first task of the protocol thread (see open); start() waits for that
	// task, which publishes them to every thread that is handed the node.

	private Transport transport;

	private Endpoint advertise;

	private Membership membership;

	private volatile NodeSnapshot snapshot;

	private volatile int health;

	private volatile Keyring keyring;

	/** Protocol thread only: whether an event since the last copy may have changed the view. */
	private boolean viewChanged;

	/** Protocol thread only: whether a change waits to be published, and since when. */
	private boolean unpublished;

	private long unpublishedSince;

	/** {@link Membership#viewVersion()} of the published view; protocol thread only. */
	private long publishedViewVersion;

	private volatile boolean closed;

	/** When the last warning of a peer's unsupported wire version was logged (I/O thread). */
	private volatile long lastVersionWarning;

	/** Seed look-ups started and the latest one applied, so that a slow one never undoes a newer one. */
	private long seedLookupsStarted;

	private long seedLookupApplied;

	private GossipNode(NodeOptions options, NodeListener listener, TaskLoop loop) {
		this.options = options;
		this.listener = listener;
		this.keyring = options.keyring();
		this.loop = loop;
		this.startNanos = loop.nanoTime();
		this.codec = new WireCodec(options.wire());
		this.peerVersions = new PeerVersions(options.wire());
		for (int version = 1; version < this.packetsByVersion.length; version++) {
			this.packetsByVersion[version] = new LongAdder();
		}
	}

	/** The protocol thread of a node: not a daemon, so that a non-web application keeps running. */
	static TaskLoop protocolThread(NodeOptions options) {
		return TaskLoop.threads("gossip-" + options.self().nodeId(), false);
	}

	/**
	 * The first task of the protocol thread: binds the socket, then builds the protocol. A datagram
	 * that arrives the moment the socket is bound waits in the queue behind this very task, so
	 * nothing reaches the protocol before it exists.
	 */
	private void open(RandomGenerator random, TransportFactory transports) {
		this.transport = transports.bind(this.options.bindAddress(), this.options.keyring(), this.options.label(),
				this.options.protocol().maxDatagramSize(), this.stats, new DatagramHandler() {

					@Override
					public void received(Endpoint from, byte[] payload) {
						GossipNode.this.received(from, payload);
					}

					@Override
					public void portClosed(Endpoint endpoint) {
						GossipNode.this.portClosed(endpoint);
					}

				});
		this.advertise = (this.options.advertiseHost() != null)
				? new Endpoint(this.options.advertiseHost(), this.transport.localAddress().getPort())
				: Endpoints.of(this.transport.localAddress());
		this.membership = new Membership(this.options.protocol(), this.options.self(), this.advertise,
				this.options.wire().announce(this.options.metadata()), this.options.quorums(), random, this.codec,
				new LoopOutputs());
		this.snapshot = new NodeSnapshot(this.membership.localMember(), List.of());
	}

	/**
	 * Binds the socket and starts the protocol: the node contacts its seeds and keeps retrying.
	 * @param options the node's settings
	 * @param random the protocol's source of randomness
	 * @return the running node
	 */
	public static GossipNode start(NodeOptions options, RandomGenerator random) {
		return start(options, random, (snapshot, events) -> {
		});
	}

	/**
	 * Binds the socket and starts the protocol, telling {@code listener} of every change from the
	 * first one on.
	 * @param options the node's settings
	 * @param random the protocol's source of randomness
	 * @param listener told of every change, on the protocol thread; must not block
	 * @return the running node
	 */
	public static GossipNode start(NodeOptions options, RandomGenerator random, NodeListener listener) {
		return start(options, random, listener, UdpTransport::bind);
	}

	/**
	 * Binds the node's transport with {@code transports} and starts the protocol, as
	 * {@link #start(NodeOptions, RandomGenerator, NodeListener)} does over UDP: in the same order, the
	 * transport bound by the protocol thread's first task. Pass an {@link InMemoryNetwork} to run the
	 * node on a simulated network, or a factory of one's own to act at the very moment of binding.
	 * @param options the node's settings; the bind address is handed to {@code transports}
	 * @param random the protocol's source of randomness
	 * @param listener told of every change, on the protocol thread; must not block
	 * @param transports binds the node's transport, on the protocol thread
	 * @return the running node
	 */
	public static GossipNode start(NodeOptions options, RandomGenerator random, NodeListener listener,
			TransportFactory transports) {
		return start(options, random, listener, transports, protocolThread(options));
	}

	/**
	 * Starts the node as {@link #start(NodeOptions, RandomGenerator, NodeListener, TransportFactory)}
	 * does, with every task of the node, its timers and clock on {@code loop}: a loop of a
	 * {@link io.github.gossip.internal.time.VirtualTime} runs it in virtual time.
	 * @param loop the node's protocol loop, which the node shuts down when it closes
	 */
	public static GossipNode start(NodeOptions options, RandomGenerator random, NodeListener listener,
			TransportFactory transports, TaskLoop loop) {
		GossipNode node = new GossipNode(options, listener, loop);
		try {
			node.onLoop(() -> {
				node.open(random, transports);
				node.membership.start(node.now(), node.loop.currentTimeMillis(), node.options.seeds().get());
			}).join();
		}
		catch (RuntimeException ex) {
			node.close(); // the protocol thread is not a daemon: never leave it behind
			// the caller sees what failed (a port in use, say), not the hand-over to the protocol thread
			throw (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		return node;
	}

	/** The latest view: every other known member, failed and departed ones included. */
	public List<Member> members() {
		return this.snapshot.members();
	}

	/** The latest view, with this node and the role leaders. */
	public NodeSnapshot snapshot() {
		return this.snapshot;
	}

	/** The Lifeguard local health score: 0 is healthy; it rises while this node misses acks and nacks. */
	public int healthScore() {
		return this.health;
	}

	/** The failure detector's counters. */
	public ProtocolCounters protocolCounters() {
		return this.membership.counters();
	}

	/** Failures of the node's tasks, of {@code task}: each one a bug, logged at ERROR. */
	public long taskFailures(ProtocolTask task) {
		return this.failures.count(task);
	}

	/** Every task failure counter, by task. */
	public Map<ProtocolTask, Long> taskFailures() {
		return this.failures.counts();
	}

	/** Decoded packets waiting for the protocol thread. */
	public int pendingPackets() {
		return Math.max(0, this.pendingPackets.get());
	}

	/** How long decoded packets waited for the protocol thread, for a report of where delay arises. */
	LagHistogram packetWait() {
		return this.packetWait;
	}

	/** How long timers that decide on silence waited for the socket, for a report of where delay arises. */
	LagHistogram receiveLag() {
		return this.receiveLag;
	}

	/** How late the protocol thread ran its timers, for a report of where delay arises. */
	LagHistogram timerLateness() {
		return this.timerLateness;
	}

	/**
	 * Replaces this node's metadata (roles and user values), gossips it with a new incarnation, and
	 * waits until the protocol has taken it.
	 * @throws IllegalStateException if the protocol thread did not take it within {@code timeout}
	 */
	public void updateMetadata(MemberMetadata metadata, Duration timeout) {
		await(onLoop(() -> this.membership.updateMetadata(now(), this.options.wire().announce(metadata))), timeout, "update the metadata");
	}

	/** The endpoint this node advertises. */
	public Endpoint advertisedEndpoint() {
		return this.advertise;
	}

	/** Datagrams that opened and decoded into protocol packets. */
	public long packetsDecoded() {
		return this.packetsDecoded.sum();
	}

	/**
	 * Packets decoded that were written in wire {@code version}: what a rolling upgrade's operator
	 * watches fall to zero for the previous version.
	 */
	public long packetsDecoded(int version) {
		return (version >= 1 && version < this.packetsByVersion.length) ? this.packetsByVersion[version].sum() : 0;
	}

	/** This process's identity. */
	public MemberId self() {
		return this.options.self();
	}

	/** The transport's counters. */
	public TransportStats transportStats() {
		return this.stats;
	}

	/** The address this node's transport is bound to. */
	public InetSocketAddress localAddress() {
		return this.transport.localAddress();
	}

	/** Replaces the keys (rotation); the next datagram each way uses them. */
	public void keyring(Keyring keyring) {
		this.transport.keyring(keyring);
		this.keyring = keyring;
	}

	/** The keys in use. */
	public Keyring keyring() {
		return this.keyring;
	}

	/**
	 * Leaves gracefully: announces LEFT and keeps gossiping for {@code spread} so the news reaches the
	 * cluster, then closes.
	 */
	public void leave(Duration spread) {
		leave(spread, Duration.ofSeconds(5));
	}

	/**
	 * Leaves gracefully, waiting at most {@code timeout} for the protocol thread to announce it; a
	 * stuck protocol thread is logged and the node closes anyway, so that shutdown stays bounded.
	 */
	public void leave(Duration spread, Duration timeout) {
		if (this.closed) {
			return;
		}
		try {
			await(onLoop(() -> this.membership.leave(now())), timeout, "announce the leave");
		}
		catch (IllegalStateException ex) {
			logger.warn(ex.getMessage() + "; closing without announcing it");
			close();
			return;
		}
		this.loop.sleep(spread);
		close();
	}

	/** Stops at once, without telling anyone (others will detect a failure). */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.loop.shutdownNow();
		if (this.transport != null) { // null when the socket could not be bound
			this.transport.close();
		}
	}

	/** The protocol's clock, in which {@link LeaderTerm}s end: milliseconds since this node started. */
	long protocolMillis() {
		return now();
	}

	private long now() {
		return (this.loop.nanoTime() - this.startNanos) / 1_000_000;
	}

	private void await(CompletableFuture<Void> done, Duration timeout, String what) {
		try {
			done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("The gossip protocol thread did not " + what + " within " + timeout);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("Could not " + what, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to " + what, ex);
		}
	}

	/**
	 * Runs {@code action} on the protocol thread; inline when already on it, so a command issued from
	 * a listener never waits for the thread it runs on. The view is published before the returned
	 * future completes, so that the caller's next {@link #snapshot()} shows the command's effect.
	 */
	private CompletableFuture<Void> onLoop(Runnable action) {
		return this.loop.submit(() -> {
			this.viewChanged = true; // a local command may change the view without an event
			action.run();
			afterInput(true);
		});
	}

	/** On the transport's I/O thread: decode here, apply on the protocol thread. */
	private void received(Endpoint from, byte[] payload) {
		Packet packet;
		try {
			WireCodec.Decoded decoded = this.codec.read(payload);
			packet = decoded.packet();
			this.packetsByVersion[decoded.version()].increment();
			if (decoded.skippedUnknownMessage()) {
				this.stats.skippedUnknownMessage();
			}
		}
		catch (DecodeException ex) {
			if (ex.isUnsupportedVersion()) {
				this.stats.dropped(DropReason.UNSUPPORTED_VERSION);
				warnOfVersion(from, ex);
			}
			else {
				this.stats.dropped(DropReason.MALFORMED);
			}
			return;
		}
		this.packetsDecoded.increment();
		if (this.pendingPackets.incrementAndGet() > MAX_PENDING_PACKETS) {
			this.pendingPackets.decrementAndGet();
			this.stats.dropped(DropReason.OVERLOAD);
			return;
		}
		long handedOff = this.loop.nanoTime();
		try {
			this.loop.execute(() -> {
				this.pendingPackets.decrementAndGet();
				this.packetWait.record((this.loop.nanoTime() - handedOff) / 1000);
				guarded(ProtocolTask.PACKET, () -> this.membership.onPacket(now(), from, packet));
			});
		}
		catch (RejectedExecutionException ex) {
			this.pendingPackets.decrementAndGet();
		}
	}

	/** On the transport's I/O thread: a port check was refused; the protocol hears of it on its thread. */
	private void portClosed(Endpoint endpoint) {
		try {
			this.loop.execute(() -> guarded(ProtocolTask.PACKET, () -> this.membership.onPortClosed(now(), endpoint)));
		}
		catch (RejectedExecutionException closing) {
			// the node closed meanwhile
		}
	}

	/**
	 * A peer writes in a version this node does not speak: releases more than one apart run side by
	 * side, which the promise of {@link WireVersions} does not cover. Said once a minute at most.
	 */
	private void warnOfVersion(Endpoint from, DecodeException ex) {
		long now = this.loop.nanoTime();
		long last = this.lastVersionWarning;
		if (last != 0 && now - last < TimeUnit.MINUTES.toNanos(1)) {
			return;
		}
		this.lastVersionWarning = now;
		logger.warn("Dropped a gossip datagram from " + from + ": " + ex.getMessage()
				+ "; every release speaks its own and the previous wire version, so upgrade one release at a time"
				+ " (further such drops are counted as unsupported-version but not logged for a minute)");
	}

	/**
	 * Looks the seeds up again for the next join or heal attempt: a seed name (a headless Service,
	 * say) may name other addresses by then. DNS may block for seconds, so it runs off the protocol
	 * thread and hands the result back to it; on the protocol thread, where it is called.
	 */
	private void refreshSeeds() {
		long lookup = ++this.seedLookupsStarted;
		this.loop.offload(this.options.seeds()).whenComplete((seeds, ex) -> {
			if (ex != null) {
				this.failures.failed(ProtocolTask.SEEDS, (ex instanceof CompletionException) ? ex.getCause() : ex);
			}
			else if (!this.closed) {
				try {
					this.loop.execute(() -> guarded(ProtocolTask.SEEDS, () -> applySeeds(lookup, seeds)));
				}
				catch (RejectedExecutionException closing) {
					// the node closed since the check: its seeds no longer matter
				}
			}
		});
	}

	private void applySeeds(long lookup, List<Endpoint> seeds) {
		if (lookup > this.seedLookupApplied) {
			this.seedLookupApplied = lookup;
			this.membership.updateSeeds(seeds);
		}
	}

	/** Runs one input of the protocol thread; a bug is reported and the thread goes on to the next. */
	private void guarded(ProtocolTask task, Runnable action) {
		this.failures.guard(task, action);
		// even after a failure: what the input changed before it failed is taken and published
		this.failures.guard(task, () -> afterInput(false));
	}

	/**
	 * After each input: the wire versions follow the members its events named at once, since the
	 * next datagram may go to one of them; the view is published unless more packets already wait.
	 * <p>
	 * Publishing copies the whole view, O(members), and a forming cluster of hundreds changes each
	 * member's view hundreds of times, in bursts of datagrams that queue up while the protocol thread
	 * works. So a burst is published once, after its last packet, with every event of it in order; a command
	 * ({@code command}) is published at once, and a view never waits more than
	 * {@link #MAX_PUBLICATION_DELAY_NANOS} while packets keep coming.
	 */
	private void afterInput(boolean command) {
		this.health = this.membership.health();
		updatePeerVersions();
		// a renewed lease changes no member and raises no event, nor does a claim that raises a known
		// epoch, nor an incarnation that rose with nothing else; readers must see all of them
		if (!this.viewChanged && this.membership.viewVersion() == this.publishedViewVersion) {
			return;
		}
		long now = this.loop.nanoTime();
		if (!this.unpublished) {
			this.unpublished = true;
			this.unpublishedSince = now;
		}
		// a packet counted as pending runs after this input, and publishes after itself in turn
		if (command || this.pendingPackets.get() <= 0 || now - this.unpublishedSince >= MAX_PUBLICATION_DELAY_NANOS) {
			publishView();
		}
	}

	/** Hands the record of every member that an event named since the last call to {@link #peerVersions}. */
	private void updatePeerVersions() {
		for (int i = this.versionedEvents; i < this.pendingEvents.size(); i++) {
			Member member = this.pendingEvents.get(i).member();
			if (member != null) {
				// the record as it is now, after the whole input: an event names a record as it was then
				String nodeId = member.id().nodeId();
				this.peerVersions.update(nodeId, this.membership.member(nodeId).orElse(null));
			}
		}
		this.versionedEvents = this.pendingEvents.size();
	}

	/** Copies the view for readers on other threads and hands it to the listener with its events. */
	private void publishView() {
		this.viewChanged = false;
		this.unpublished = false;
		this.publishedViewVersion = this.membership.viewVersion();
		Map<String, LeaderTerm> terms = this.membership.terms();
		NodeSnapshot view = new NodeSnapshot(this.membership.localMember(), this.membership.members(),
				this.membership.leaders(), this.membership.namedRoles(), this.membership.unnamedRolesLeader().orElse(null),
				terms, this.membership.epochs());
		this.snapshot = view;
		List<MembershipEvent> events = List.copyOf(this.pendingEvents);
		this.pendingEvents.clear();
		this.versionedEvents = 0;
		try {
			this.listener.changed(view, events);
		}
		catch (Throwable ex) {
			this.failures.failed(ProtocolTask.LISTENER, ex);
		}
	}

	/** The version this node writes to each live member's address now; for tests, on the protocol thread. */
	Map<Endpoint, Integer> peerVersions() {
		return this.peerVersions.toMap();
	}

	/** The versions the current view calls for, computed from scratch; for tests, on the protocol thread. */
	Map<Endpoint, Integer> peerVersionsOfView() {
		return PeerVersions.of(this.options.wire(), this.membership.members());
	}

	/** Carries out the state machine's effects; every call arrives on the protocol thread. */
	private final class LoopOutputs implements Outputs {

		@Override
		public void send(Endpoint to, Packet packet) {
			Integer version = GossipNode.this.peerVersions.get(to);
			GossipNode.this.transport.send(to, (version != null) ? GossipNode.this.codec.encode(packet, version)
					: GossipNode.this.codec.encode(packet));
		}

		@Override
		public void checkPort(Endpoint to) {
			GossipNode.this.transport.checkPort(to);
		}

		@Override
		public void schedule(Timer timer) {
			if (GossipNode.this.closed) {
				return;
			}
			long delay = Math.max(0, timer.at() - now());
			try {
				GossipNode.this.loop.schedule(() -> due(timer), delay, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException closing) {
				// the node closed since the check: a normal shutdown, not a failure of the timer
			}
		}

		/**
		 * A timer is due. One that would act on silence (go indirect, suspect, declare dead) first lets
		 * every datagram that already reached the socket arrive: under CPU starvation the I/O thread
		 * reads late, datagrams wait in the socket for seconds, and an ack waiting there is this node's
		 * own delay, not the peer's silence. The timer then runs as late as the socket was behind, which
		 * the protocol takes for a stall of its own: such a round accuses nobody, a suspicion gets one
		 * more round, the health score rises and probing slows. A proof that does not come back (the
		 * socket overflowed) is waited for {@link #RECEIVE_PATIENCE_INTERVALS} probe intervals.
		 */
		private void due(Timer timer) {
			if (GossipNode.this.closed || !GossipNode.this.membership.decidesOnSilence(timer)) {
				guarded(ProtocolTask.TIMER, () -> fire(timer));
				return;
			}
			Thread caller = Thread.currentThread();
			long since = GossipNode.this.loop.nanoTime();
			AtomicBoolean fired = new AtomicBoolean();
			AtomicBoolean returned = new AtomicBoolean();
			Runnable run = () -> {
				if (fired.compareAndSet(false, true)) {
					guarded(ProtocolTask.TIMER, () -> fire(timer));
				}
			};
			GossipNode.this.transport.afterReceived(() -> {
				if (!returned.get() && Thread.currentThread() == caller) {
					run.run(); // within the call: the transport hands every datagram over as it arrives
					return;
				}
				GossipNode.this.receiveLag.record((GossipNode.this.loop.nanoTime() - since) / 1000);
				try {
					GossipNode.this.loop.execute(run); // behind every packet the socket held before
				}
				catch (RejectedExecutionException closing) {
					// the node closed meanwhile
				}
			});
			returned.set(true);
			if (!fired.get()) {
				try {
					long patience = RECEIVE_PATIENCE_INTERVALS * GossipNode.this.options.protocol().probeInterval().toMillis();
					GossipNode.this.loop.schedule(run, patience, TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException closing) {
					// the node closed meanwhile
				}
			}
		}

		private void fire(Timer timer) {
			long sinceStart = GossipNode.this.loop.nanoTime() - GossipNode.this.startNanos;
			GossipNode.this.timerLateness.record(sinceStart / 1000 - timer.at() * 1000);
			GossipNode.this.membership.onTimer(now(), timer);
			// join retries stop once joined; reconnect ticks, which try the seeds missing from the
			// view, go on for the node's life, so the seeds are looked up again after each of both
			if (timer instanceof Timer.JoinRetry || timer instanceof Timer.ReconnectTick) {
				refreshSeeds();
			}
		}

		@Override
		public void event(MembershipEvent event) {
			GossipNode.this.viewChanged = true;
			GossipNode.this.pendingEvents.add(event);
		}

	}

}
