package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Membership;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Outputs;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.QuorumRule;
import io.github.gossip.internal.protocol.Timer;
import io.github.gossip.internal.wire.DecodeException;
import io.github.gossip.internal.wire.WireCodec;
import io.github.gossip.internal.wire.WireVersions;

/**
 * Deterministic discrete-event simulation of a cluster running the real {@link Membership} state
 * machine and exchanging real encoded bytes through {@link WireCodec}.
 * <p>
 * Virtual time is in microseconds; one {@link SplittableRandom} seeded from {@link #seed()}
 * drives the network model and every node's protocol, and events at equal times run in the order
 * they were scheduled, so a run is a pure function of its seed and scenario. Nothing touches a
 * socket or the wall clock.
 */
public final class Simulator {

	/** Thread-local seed of the latest simulator, read by {@link SimSeedExtension} on failure. */
	static final ThreadLocal<Long> CURRENT_SEED = new ThreadLocal<>();

	/** Port every simulated node uses; addresses differ. */
	public static final int PORT = 7946;

	private abstract static class Event implements Comparable<Event> {

		long at;

		long order;

		final SimNode node;

		final int generation;

		Event(SimNode node) {
			this.node = node;
			this.generation = (node != null) ? node.generation : 0;
		}

		@Override
		public int compareTo(Event o) {
			int c = Long.compare(this.at, o.at);
			return (c != 0) ? c : Long.compare(this.order, o.order);
		}

	}

	private static final class TimerEvent extends Event {

		final Timer timer;

		TimerEvent(SimNode node, Timer timer) {
			super(node);
			this.timer = timer;
		}

	}

	private static final class Delivery extends Event {

		final Endpoint from;

		final byte[] bytes;

		Delivery(SimNode to, Endpoint from, byte[] bytes) {
			super(to);
			this.from = from;
			this.bytes = bytes;
		}

	}

	/** The host of a checked endpoint answers that nothing is bound there. */
	private static final class Refusal extends Event {

		final Endpoint checked;

		Refusal(SimNode checker, Endpoint checked) {
			super(checker);
			this.checked = checked;
		}

	}

	private static final class Action extends Event {

		final Runnable action;

		Action(Runnable action) {
			super(null);
			this.action = action;
		}

	}

	private final long seed;

	private final SplittableRandom random;

	private final ProtocolConfig config;

	private final WireCodec codec = new WireCodec();

	private final PriorityQueue<Event> queue = new PriorityQueue<>();

	private final List<SimNode> nodes = new ArrayList<>();

	private final java.util.Map<Endpoint, SimNode> byEndpoint = new java.util.HashMap<>();

	private final NetworkModel network = new NetworkModel();

	private long now;

	private long order;

	private long wallClockBase = 1_700_000_000_000L;

	private boolean recordEvents = true;

	private Consumer<SimNode.Observed> listener;

	private java.util.Map<String, QuorumRule> quorums = java.util.Map.of();

	private java.util.function.BiConsumer<SimNode, Long> afterStep;

	private PacketTap tap;

	private long decodeFailures;

	/** Translated source addresses (see {@link #sourceAddress}) to the node behind each. */
	private final java.util.Map<Endpoint, SimNode> translated = new java.util.HashMap<>();

	/** Datagrams sent to addresses where no node listens or that let them in, by address. */
	private final java.util.Map<Endpoint, Long> undeliverable = new java.util.HashMap<>();

	/** Sync digests sent to each address, delivered or not. */
	private final java.util.Map<Endpoint, Long> digestsSent = new java.util.HashMap<>();

	private final java.util.Map<Endpoint, Long> digestBytesSent = new java.util.HashMap<>();

	private long processed;

	public Simulator(long seed, ProtocolConfig config) {
		this.seed = seed;
		this.random = new SplittableRandom(seed);
		this.config = config;
		CURRENT_SEED.set(seed);
	}

	public long seed() {
		return this.seed;
	}

	public NetworkModel network() {
		return this.network;
	}

	public ProtocolConfig config() {
		return this.config;
	}

	public List<SimNode> nodes() {
		return this.nodes;
	}

	public SimNode node(int index) {
		return this.nodes.get(index);
	}

	/** Current virtual time in millis. */
	public long nowMillis() {
		return this.now / 1000;
	}

	public long eventsProcessed() {
		return this.processed;
	}

	public long decodeFailures() {
		return this.decodeFailures;
	}

	/** Turn off per-node event recording for large runs that only use a listener. */
	public Simulator recordEvents(boolean record) {
		this.recordEvents = record;
		return this;
	}

	public Simulator listener(Consumer<SimNode.Observed> listener) {
		this.listener = listener;
		return this;
	}

	/** The roles with the majority policy that processes started from now on are given. */
	public Simulator quorums(java.util.Map<String, QuorumRule> quorums) {
		this.quorums = java.util.Map.copyOf(quorums);
		return this;
	}

	/**
	 * Called after every input a node processed, and when a node crashes (then with the node down),
	 * at the global time in micros: a checker can read the node's state as it changed.
	 */
	public Simulator afterStep(java.util.function.BiConsumer<SimNode, Long> afterStep) {
		this.afterStep = afterStep;
		return this;
	}

	/**
	 * Sees every packet a node sends and every packet a node is about to process, decoded: a bench
	 * can time what happens on the wire without the protocol knowing.
	 */
	public interface PacketTap {

		/** {@code from} sends {@code packet} to {@code to} now (delivered or not). */
		default void sent(SimNode from, Endpoint to, Packet packet) {
		}

		/** {@code to} is about to process {@code packet} now. */
		default void delivered(SimNode to, Packet packet) {
		}

	}

	/** Sets (or with null removes) the {@link PacketTap}. */
	public Simulator tap(PacketTap tap) {
		this.tap = tap;
		return this;
	}

	/** Global time now, in micros. */
	public long nowMicros() {
		return this.now;
	}

	/** Adds a node slot with id {@code node-<index>} at 10.x.y.z; it does nothing until started. */
	public SimNode addNode() {
		return addNode(String.format("node-%04d", this.nodes.size()));
	}

	/**
	 * Adds a node slot with the given id at a fresh address: with the id of an existing slot it
	 * models a restart on another host, or a second process configured with the same id.
	 */
	public SimNode addNode(String nodeId) {
		int index = this.nodes.size();
		int host = index + 1;
		Endpoint endpoint = Endpoint.ipv4(10, (host >> 16) & 0xFF, (host >> 8) & 0xFF, host & 0xFF, PORT);
		SimNode node = new SimNode(index, nodeId, endpoint);
		this.nodes.add(node);
		this.byEndpoint.put(endpoint, node);
		return node;
	}

	public List<SimNode> addNodes(int count) {
		List<SimNode> added = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			added.add(addNode());
		}
		return added;
	}

	/** Starts a new process in {@code node}'s slot now, joining through {@code seeds}. */
	public void start(SimNode node, List<SimNode> seeds) {
		if (node.up) {
			throw new IllegalStateException(node + " is already up");
		}
		node.generation++;
		node.up = true;
		node.portClosed = false;
		node.pausedUntilMicros = 0;
		// instance ids grow with (virtual) start time, as a real restart's would
		long instance = MemberId.newInstance(this.wallClockBase + nowMillis(), this.random);
		MemberId id = new MemberId(node.nodeId, instance);
		// a node announces the wire versions it speaks in its record, as every node of this release does
		node.membership = new Membership(this.config, id, node.endpoint, WireVersions.THIS_RELEASE.announce(node.metadata),
				this.quorums, this.random, this.codec, outputs(node));
		// hosts' wall clocks agree (NTP); a skewed node's own clock, which times its protocol, does not
		node.membership.start(node.localMillis(this.now), this.wallClockBase + nowMillis(),
				seeds.stream().map(SimNode::endpoint).toList());
	}

	/**
	 * Adds a node slot with id {@code nodeId} that takes over the address of {@code previous}
	 * (which should be down): a different node started on a reused host and port.
	 */
	public SimNode addNodeAt(String nodeId, SimNode previous) {
		SimNode node = new SimNode(this.nodes.size(), nodeId, previous.endpoint);
		this.nodes.add(node);
		this.byEndpoint.put(previous.endpoint, node);
		return node;
	}

	/**
	 * Datagrams from {@code node} arrive with source address {@code source} instead of the address
	 * it advertises: a NAT, or a multi-homed host whose replies leave through another interface.
	 * With {@code reachable} anyone reaches the node at {@code source} too (a second interface);
	 * without, {@code source} lets in only datagrams from nodes it has sent to (a NAT mapping).
	 */
	public void sourceAddress(SimNode node, Endpoint source, boolean reachable) {
		node.sourceAddress = source;
		if (reachable) {
			this.byEndpoint.put(source, node);
		}
		else {
			this.translated.put(source, node);
		}
	}

	/** Datagrams sent so far to {@code address} that reached nobody: no node listens, or a NAT refused them. */
	public long undeliverable(Endpoint address) {
		return this.undeliverable.getOrDefault(address, 0L);
	}

	/** Sync digests ({@link Message.SyncRequest}) any node sent so far to {@code address}, whether or not anyone listens there. */
	public long digestsSentTo(Endpoint address) {
		return this.digestsSent.getOrDefault(address, 0L);
	}

	/** Payload bytes of the sync digests any node sent so far to {@code address}, delivered or not. */
	public long digestBytesSentTo(Endpoint address) {
		return this.digestBytesSent.getOrDefault(address, 0L);
	}

	/** Starts a process with {@code metadata} (kept for later restarts of the slot). */
	public void start(SimNode node, List<SimNode> seeds, MemberMetadata metadata) {
		node.metadata = metadata;
		start(node, seeds);
	}

	/**
	 * Delivers {@code packet} to {@code to} now, as if sent from {@code from}: replays of old
	 * records, forged or stale gossip. Bypasses the network model but not the codec.
	 */
	public void inject(SimNode to, Endpoint from, Packet packet) {
		enqueue(new Delivery(to, from, this.codec.encode(packet)), this.now + 1);
	}

	/** The process stops at once: no leave, pending timers and packets are dropped. */
	public void crash(SimNode node) {
		node.up = false;
		node.generation++;
		if (this.afterStep != null) {
			this.afterStep.accept(node, this.now);
		}
	}

	/**
	 * The process exits at once, as {@link #crash} does, but on a host that runs on: its port is
	 * closed, and the host answers port checks of it with a refusal (ICMP port unreachable). A
	 * crashed node's host answers nothing, as a vanished or hung host would not.
	 */
	public void exit(SimNode node) {
		crash(node);
		node.portClosed = true;
	}

	/** Crash then start a new process with the same node id and address. */
	public void restart(SimNode node, List<SimNode> seeds) {
		crash(node);
		start(node, seeds);
	}

	/** Graceful leave now; the process keeps running until crashed. */
	public void leave(SimNode node) {
		node.membership.leave(node.localMillis(this.now));
	}

	/**
	 * The node processes nothing for {@code millis} (a GC pause), then everything that queued up:
	 * first its overdue timers, then the datagrams, each group in arrival order.
	 */
	public void stall(SimNode node, long millis) {
		node.pausedUntilMicros = Math.max(node.pausedUntilMicros, this.now + millis * 1000);
	}

	/** Local clock = offset + global * rate. */
	public void skew(SimNode node, long offsetMillis, double rate) {
		node.clockOffsetMillis = offsetMillis;
		node.clockRate = rate;
	}

	/** Runs {@code action} at virtual time {@code atMillis}. */
	public void at(long atMillis, Runnable action) {
		Action event = new Action(action);
		enqueue(event, Math.max(this.now, atMillis * 1000));
	}

	public void runFor(long millis) {
		runUntil(this.now / 1000 + millis);
	}

	public void runUntil(long atMillis) {
		long end = atMillis * 1000;
		while (!this.queue.isEmpty() && this.queue.peek().at <= end) {
			step();
		}
		this.now = Math.max(this.now, end);
	}

	/**
	 * Runs until {@code condition} holds, checking every {@code checkMillis} of virtual time, for at
	 * most {@code maxMillis}. Returns the virtual time (millis) at which it held, or -1.
	 */
	public long runUntil(BooleanSupplier condition, long checkMillis, long maxMillis) {
		long deadline = nowMillis() + maxMillis;
		while (nowMillis() <= deadline) {
			if (condition.getAsBoolean()) {
				return nowMillis();
			}
			runFor(checkMillis);
		}
		return -1;
	}

	private void step() {
		Event event = this.queue.poll();
		this.now = event.at;
		this.processed++;
		if (event instanceof Action action) {
			action.action.run();
			return;
		}
		SimNode node = event.node;
		if (!node.up || event.generation != node.generation) {
			return;
		}
		if (node.pausedUntilMicros > this.now) {
			// frozen: keep the event for when the node wakes up. Overdue timers run before the
			// datagrams that queued up in the socket, the adverse order a real event loop may take:
			// the node sees its probe rounds expire before it reads the acks that would have saved them
			enqueue(event, node.pausedUntilMicros + ((event instanceof TimerEvent) ? 0 : 1));
			return;
		}
		long local = node.localMillis(this.now);
		if (event instanceof TimerEvent t) {
			node.membership.onTimer(local, t.timer);
			if (this.afterStep != null) {
				this.afterStep.accept(node, this.now);
			}
		}
		else if (event instanceof Refusal r) {
			node.membership.onPortClosed(local, r.checked);
			if (this.afterStep != null) {
				this.afterStep.accept(node, this.now);
			}
		}
		else {
			Delivery d = (Delivery) event;
			node.rxPackets++;
			node.rxBytes += d.bytes.length;
			Packet packet;
			try {
				packet = this.codec.decode(d.bytes);
			}
			catch (DecodeException ex) {
				this.decodeFailures++;
				return;
			}
			if (packet.message() instanceof Message.SyncRequest || packet.message() instanceof Message.SyncPush) {
				node.syncRxBytes += d.bytes.length;
			}
			if (this.tap != null) {
				this.tap.delivered(node, packet);
			}
			node.membership.onPacket(local, d.from, packet);
			if (this.afterStep != null) {
				this.afterStep.accept(node, this.now);
			}
		}
	}

	private void enqueue(Event event, long at) {
		event.at = at;
		event.order = ++this.order;
		this.queue.add(event);
	}

	private Outputs outputs(SimNode node) {
		int generation = node.generation;
		return new Outputs() {
			@Override
			public void send(Endpoint to, Packet packet) {
				byte[] bytes = Simulator.this.codec.encode(packet);
				if (packet.message() instanceof Message.SyncRequest || packet.message() instanceof Message.SyncPush) {
					node.syncTxBytes += bytes.length;
				}
				if (packet.message() instanceof Message.SyncPush) {
					node.syncPushTxPackets++;
				}
				if (packet.message() instanceof Message.SyncRequest) {
					Simulator.this.digestsSent.merge(to, 1L, Long::sum);
					Simulator.this.digestBytesSent.merge(to, (long) bytes.length, Long::sum);
				}
				if (Simulator.this.tap != null) {
					Simulator.this.tap.sent(node, to, packet);
				}
				transmit(node, to, bytes);
			}

			@Override
			public void checkPort(Endpoint to) {
				SimNode target = Simulator.this.byEndpoint.get(to);
				// only the host of an exited process answers; nothing is drawn otherwise, so a run
				// without exits replays exactly as before port checks existed
				if (target == null || target.up || !target.portClosed
						|| !Simulator.this.network.reachable(node.index, target.index)
						|| !Simulator.this.network.reachable(target.index, node.index)
						|| Simulator.this.network.loss.drop(node.index, target.index, Simulator.this.random)
						|| Simulator.this.network.loss.drop(target.index, node.index, Simulator.this.random)) {
					return;
				}
				long roundTrip = Simulator.this.network.delay.micros(Simulator.this.random)
						+ Simulator.this.network.delay.micros(Simulator.this.random);
				enqueue(new Refusal(node, to), Simulator.this.now + roundTrip);
			}

			@Override
			public void schedule(Timer timer) {
				enqueue(new TimerEvent(node, timer), Math.max(Simulator.this.now, node.globalMicros(timer.at())));
			}

			@Override
			public void event(MembershipEvent event) {
				if (generation != node.generation) {
					return;
				}
				SimNode.Observed observed = new SimNode.Observed(nowMillis(), node.membership.self(), event);
				if (Simulator.this.recordEvents) {
					node.events.add(observed);
				}
				if (Simulator.this.listener != null) {
					Simulator.this.listener.accept(observed);
				}
			}
		};
	}

	private void transmit(SimNode from, Endpoint to, byte[] bytes) {
		if (bytes.length > this.config.packetBudget()) {
			// the real transport could not send this without IP fragmentation: a protocol bug
			throw new IllegalStateException(from + " built a " + bytes.length + "-byte packet, budget "
					+ this.config.packetBudget() + " (seed " + this.seed + ")");
		}
		from.txPackets++;
		from.txBytes += bytes.length;
		SimNode target = this.byEndpoint.get(to);
		if (target == null && !this.translated.isEmpty()) {
			target = this.translated.get(to);
			if (target != null && !target.contacted.contains(from.index)) {
				target = null;
			}
		}
		if (from.sourceAddress != null && target != null) {
			from.contacted.add(target.index);
		}
		if (target == null) {
			this.undeliverable.merge(to, 1L, Long::sum);
			return;
		}
		if (!this.network.reachable(from.index, target.index)
				|| this.network.loss.drop(from.index, target.index, this.random)) {
			return;
		}
		int copies = (this.network.duplicate > 0 && this.random.nextDouble() < this.network.duplicate) ? 2 : 1;
		for (int i = 0; i < copies; i++) {
			long delay = this.network.delay.micros(this.random);
			if (this.network.reorder > 0 && this.random.nextDouble() < this.network.reorder) {
				delay += this.random.nextLong(this.network.reorderExtraMicros + 1);
			}
			Endpoint source = (from.sourceAddress != null) ? from.sourceAddress : from.endpoint;
			enqueue(new Delivery(target, source, bytes), this.now + Math.max(1, delay));
		}
	}

	// ------------------------------------------------------------------ convenience for assertions

	/** Nodes that are up (running a process). */
	public List<SimNode> upNodes() {
		return this.nodes.stream().filter(SimNode::isUp).toList();
	}

	/** True if every up node counts {@code live} live members, itself included: a cheap check of convergence. */
	public boolean everyUpNodeCountsLive(int live) {
		for (SimNode node : this.nodes) {
			if (node.isUp() && node.membership().liveCount() != live) {
				return false;
			}
		}
		return true;
	}

	/** True if every up node sees every other up node ALIVE (with its current instance). */
	public boolean allSeeAllAlive() {
		List<SimNode> up = upNodes();
		for (SimNode a : up) {
			if (a.membership.liveCount() != up.size()) {
				return false;
			}
			for (SimNode b : up) {
				if (a != b && (a.stateOf(b) != MemberState.ALIVE
						|| a.instanceOf(b) != b.membership.self().instance())) {
					return false;
				}
			}
		}
		return true;
	}

	/** True if every up node other than {@code target} sees it in {@code state}. */
	public boolean allSee(SimNode target, MemberState state) {
		for (SimNode a : upNodes()) {
			if (a != target && a.stateOf(target) != state) {
				return false;
			}
		}
		return true;
	}

	/** Events of {@code kind} observed anywhere, optionally only about {@code subject}. */
	public List<SimNode.Observed> observed(MembershipEvent.Kind kind, SimNode subject) {
		List<SimNode.Observed> result = new ArrayList<>();
		for (SimNode n : this.nodes) {
			for (SimNode.Observed o : n.events) {
				if (o.event().kind() == kind
						&& (subject == null || o.event().member().id().nodeId().equals(subject.nodeId))) {
					result.add(o);
				}
			}
		}
		return result;
	}

	@Override
	public String toString() {
		return "Simulator[seed=" + this.seed + ", t=" + nowMillis() + "ms, nodes=" + this.nodes.size() + "]";
	}

}
