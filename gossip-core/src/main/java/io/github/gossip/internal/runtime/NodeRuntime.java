package io.github.gossip.internal.runtime;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.internal.transport.InMemoryNetwork;
import io.github.gossip.internal.transport.TransportFactory;
import io.github.gossip.internal.transport.UdpTransport;

/**
 * What a node runs on, apart from its settings: the network, the loop of its protocol and timers, the
 * wall clock of its public view, and where the subscribers of its events are served. Production runs
 * on {@linkplain #system() sockets, threads and the system clock}; a test may run many nodes
 * {@linkplain #virtual on one virtual time and a simulated network}, where every node is the real one
 * and only the world around it is replaced.
 *
 * @param transports binds the node's transport
 * @param loops makes the protocol loop of a node from its options
 * @param clock the wall clock of the public view (when a conflict was seen, when a leader began)
 * @param subscriberDelivery makes the scheduler that serves the subscribers of one node's events
 * @param instances draws the instance id of a node that starts now ({@link MemberId#newInstance})
 * @param randoms makes the source of one node's protocol draws (probe order, gossip targets)
 */
public record NodeRuntime(TransportFactory transports, Function<NodeOptions, TaskLoop> loops, Clock clock,
		Supplier<Scheduler> subscriberDelivery, LongSupplier instances, Supplier<RandomGenerator> randoms) {

	/** A runtime that draws instance ids and protocol randomness as {@link #system()} does. */
	public NodeRuntime(TransportFactory transports, Function<NodeOptions, TaskLoop> loops, Clock clock,
			Supplier<Scheduler> subscriberDelivery) {
		this(transports, loops, clock, subscriberDelivery, NodeRuntime::systemInstance, NodeRuntime::systemRandom);
	}

	/**
	 * UDP sockets, a protocol thread per node, the system clock, and subscribers on workers of their own;
	 * instance ids from the system clock and a secure random, protocol draws from an unpredictable seed.
	 */
	public static NodeRuntime system() {
		return new NodeRuntime(UdpTransport::bind, GossipNode::protocolThread, Clock.systemUTC(),
				() -> Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
						Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "gossip-subscribers", 60, true));
	}

	private static long systemInstance() {
		return MemberId.newInstance(System.currentTimeMillis(), new SecureRandom());
	}

	private static RandomGenerator systemRandom() {
		return RandomGenerator.of("L64X128MixRandom");
	}

	/**
	 * Nodes on {@code network}, with their loops and clock on {@code time}. Subscribers are served at
	 * once, on the thread that advances the time, so that once it returns every subscriber has seen
	 * every event: a test reads them without waiting, and a run replays exactly.
	 */
	public static NodeRuntime virtual(VirtualTime time, InMemoryNetwork network) {
		return new NodeRuntime(network, (options) -> time.loop(), time.clock(), Schedulers::immediate);
	}

	/**
	 * Nodes on {@code network} and {@code time}, as {@link #virtual(VirtualTime, InMemoryNetwork)}, that
	 * also draw every random choice from {@code random}: each node's instance id from the virtual wall
	 * clock and a split of it, and its protocol's draws from another, so a run replays exactly.
	 * Made for one node at a time: the calls to {@link #instances} and {@link #randoms} take turns on
	 * {@code random}.
	 */
	public static NodeRuntime virtual(VirtualTime time, InMemoryNetwork network, SplittableRandom random) {
		return new NodeRuntime(network, (options) -> time.loop(), time.clock(), Schedulers::immediate,
				() -> MemberId.newInstance(time.wallMillis(), random.split()), random::split);
	}

	/** This runtime with the protocol loops made by {@code newLoops}. */
	public NodeRuntime withLoops(Function<NodeOptions, TaskLoop> newLoops) {
		return new NodeRuntime(this.transports, newLoops, this.clock, this.subscriberDelivery, this.instances,
				this.randoms);
	}

	/** This runtime with the wall clock {@code newClock}. */
	public NodeRuntime withClock(Clock newClock) {
		return new NodeRuntime(this.transports, this.loops, newClock, this.subscriberDelivery, this.instances,
				this.randoms);
	}

}
