package io.github.gossip.internal.runtime;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

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
 */
public record NodeRuntime(TransportFactory transports, Function<NodeOptions, TaskLoop> loops, Clock clock,
		Supplier<Scheduler> subscriberDelivery) {

	/** UDP sockets, a protocol thread per node, the system clock, and subscribers on workers of their own. */
	public static NodeRuntime system() {
		return new NodeRuntime(UdpTransport::bind, GossipNode::protocolThread, Clock.systemUTC(),
				() -> Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
						Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "gossip-subscribers", 60, true));
	}

	/**
	 * Nodes on {@code network}, with their loops and clock on {@code time}. Subscribers are served at
	 * once, on the thread that advances the time, so that once it returns every subscriber has seen
	 * every event: a test reads them without waiting, and a run replays exactly.
	 */
	public static NodeRuntime virtual(VirtualTime time, InMemoryNetwork network) {
		return new NodeRuntime(network, (options) -> time.loop(), time.clock(), Schedulers::immediate);
	}

}
