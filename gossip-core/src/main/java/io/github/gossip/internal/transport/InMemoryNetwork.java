package io.github.gossip.internal.transport;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import reactor.util.Logger;
import reactor.util.Loggers;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;

/**
 * A simulated datagram network inside one JVM, on which real nodes run: real protocol threads, real
 * timers and the real sealing, opening and replay checks of every transport; only the sockets are
 * replaced. It is the {@link TransportFactory} of its nodes, and it injects the faults a real network
 * has: seeded random loss, delay, and one-way or two-way partitions that can be healed.
 * <p>
 * Addresses: a transport binds to the address it asks for; port 0 picks a free port (from
 * {@value #FIRST_EPHEMERAL_PORT} up, like an operating system's ephemeral range). A wildcard address
 * ({@code 0.0.0.0}, or {@code ::} which also takes IPv4, as a dual-stack socket does) takes datagrams
 * for every address at its port; its datagrams are seen as coming from the loopback address. A port
 * bound on an address cannot be bound again on it nor on a wildcard, and the other way round.
 * <p>
 * Delivery: every datagram is handed over on the network's own delivery thread (or, on a
 * {@link VirtualTime}, as a task of that time), asynchronously and never within the send, so a node's
 * handler runs as it does on a socket's I/O thread.
 * Loss is decided when a datagram is sent, from a {@link SplittableRandom} of the network's seed;
 * partitions and whether the destination is bound are decided when it arrives, so healing a
 * partition lets through what is still in flight. Without jitter, datagrams arrive in the order they
 * were sent; with jitter they may be reordered, as UDP may reorder them. Every datagram is counted:
 * see {@link #counts()}.
 * <p>
 * Partition rules name transports by the endpoint they are bound to ({@link Transport#localAddress()}).
 * Safe to use from any thread.
 */
public final class InMemoryNetwork implements TransportFactory, AutoCloseable {

	private static final Logger logger = Loggers.getLogger(InMemoryNetwork.class);

	/** Where ports picked for port 0 start: the IANA dynamic range, as an operating system picks them. */
	public static final int FIRST_EPHEMERAL_PORT = 49152;

	private static final int LAST_PORT = 0xFFFF;

	private static final AtomicInteger networks = new AtomicInteger();

	private final TaskLoop delivery;

	/** The wall clock sealing stamps datagrams with and bounds their age by. */
	private final LongSupplier wallClockMillis;

	private final Map<Endpoint, InMemoryTransport> transports = new ConcurrentHashMap<>();

	private final Reachability reachability = new Reachability();

	/** Guarded by itself: senders on several threads draw from it. */
	private final SplittableRandom random;

	private final LongAdder delivered = new LongAdder();

	private final LongAdder lost = new LongAdder();

	private final LongAdder partitioned = new LongAdder();

	private final LongAdder unreachable = new LongAdder();

	private volatile double lossRate;

	private volatile Delay delay = new Delay(0, 0);

	/** Guarded by this, as is binding. */
	private int nextPort = FIRST_EPHEMERAL_PORT;

	private volatile boolean closed;

	/**
	 * Creates a network that delivers everything at once, until told otherwise.
	 * @param seed the seed of the random loss and jitter
	 */
	public InMemoryNetwork(long seed) {
		// a daemon: an unclosed network must not keep a test's JVM alive
		this(seed, TaskLoop.threads("gossip-memory-network-" + networks.incrementAndGet(), true),
				System::currentTimeMillis);
	}

	/**
	 * Creates a network that delivers on {@code time}: datagrams travel only while it advances, and
	 * sealing reads its clock, so that nodes whose loops run on the same time replay exactly.
	 * @param seed the seed of the random loss and jitter
	 * @param time the virtual time of the network and its nodes
	 */
	public InMemoryNetwork(long seed, VirtualTime time) {
		this(seed, time.loop(), time::wallMillis);
	}

	private InMemoryNetwork(long seed, TaskLoop delivery, LongSupplier wallClockMillis) {
		this.random = new SplittableRandom(seed);
		this.delivery = delivery;
		this.wallClockMillis = wallClockMillis;
	}

	/**
	 * Sets the share of datagrams lost at random, from now on.
	 * @param rate between 0 (none, the default) and 1 (all)
	 */
	public void lossRate(double rate) {
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException("loss rate must be between 0 and 1: " + rate);
		}
		this.lossRate = rate;
	}

	/** Delays every datagram sent from now on by {@code latency}; zero (the default) delivers at once. */
	public void delay(Duration latency) {
		delay(latency, latency);
	}

	/**
	 * Delays every datagram sent from now on by a random time between {@code min} and {@code max},
	 * drawn from the network's seed; datagrams may then arrive out of order.
	 */
	public void delay(Duration min, Duration max) {
		if (min.isNegative() || max.compareTo(min) < 0) {
			throw new IllegalArgumentException("delay must satisfy 0 <= min <= max: " + min + ", " + max);
		}
		this.delay = new Delay(min.toNanos(), max.toNanos());
	}

	/** Cuts the link from {@code from} to {@code to}, one way: {@code to} still reaches {@code from}. */
	public void block(Endpoint from, Endpoint to) {
		this.reachability.block(from, to);
	}

	/** Cuts the link between {@code a} and {@code b}, both ways. */
	public void blockBetween(Endpoint a, Endpoint b) {
		this.reachability.block(a, b);
		this.reachability.block(b, a);
	}

	/**
	 * Cuts {@code group} off from every transport outside it, both ways, including transports bound
	 * later; inside the group, and outside it, datagrams flow as before. Isolating one side of a
	 * two-way split is enough to split it.
	 */
	public void isolate(Collection<Endpoint> group) {
		this.reachability.isolate(group);
	}

	/** Restores every link cut by {@link #block}, {@link #blockBetween} or {@link #isolate}. */
	public void heal() {
		this.reachability.heal();
	}

	/** What happened to the datagrams sent so far. */
	public Counts counts() {
		return new Counts(this.delivered.sum(), this.lost.sum(), this.partitioned.sum(), this.unreachable.sum());
	}

	@Override
	public Transport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler) {
		Endpoint requested = Endpoints.of(bindAddress);
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("The in-memory network is closed");
			}
			Endpoint endpoint = (requested.port() != 0) ? requested
					: new Endpoint(requested.address(), freePort(requested));
			if (inUse(endpoint)) {
				throw new UncheckedIOException(new BindException("Address already in use: " + endpoint));
			}
			InMemoryTransport transport = new InMemoryTransport(this, endpoint,
					new DatagramSealing(keyring, label, maxDatagramSize, stats, handler, logger, this.wallClockMillis));
			this.transports.put(endpoint, transport);
			return transport;
		}
	}

	/** Closes every transport and stops delivering; what is still in flight is lost, and not counted. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.delivery.shutdownNow();
		List.copyOf(this.transports.values()).forEach(InMemoryTransport::close);
	}

	/** On the sender's thread: loses the datagram or schedules its delivery; {@code done} when settled. */
	void transmit(InMemoryTransport sender, Endpoint to, byte[] datagram, Runnable done) {
		Delay latency = this.delay;
		long delayNanos;
		synchronized (this.random) {
			if (this.lossRate > 0 && this.random.nextDouble() < this.lossRate) {
				this.lost.increment();
				done.run();
				return;
			}
			delayNanos = (latency.maxNanos() > latency.minNanos())
					? this.random.nextLong(latency.minNanos(), latency.maxNanos() + 1) : latency.minNanos();
		}
		Runnable arrival = () -> {
			done.run();
			deliver(sender, to, datagram);
		};
		try {
			if (delayNanos == 0) {
				this.delivery.execute(arrival);
			}
			else {
				this.delivery.schedule(arrival, delayNanos, TimeUnit.NANOSECONDS);
			}
		}
		catch (RejectedExecutionException closing) {
			this.unreachable.increment();
			done.run();
		}
	}

	/** On the delivery thread: hands a datagram to whatever is bound at {@code to}, if it is reachable. */
	private void deliver(InMemoryTransport sender, Endpoint to, byte[] datagram) {
		InMemoryTransport target = boundAt(to);
		if (target == null) {
			this.unreachable.increment();
			if (datagram.length == DatagramSealing.PORT_CHECK.length) {
				refuse(sender, to);
			}
			return;
		}
		if (!this.reachability.allows(sender.endpoint(), target.endpoint())) {
			this.partitioned.increment();
			return;
		}
		if (!target.receive(Endpoints.toSocketAddress(source(sender.endpoint(), to)), datagram,
				this.delivered::increment)) {
			this.unreachable.increment();
		}
	}

	/**
	 * Nothing is bound at {@code to}, and its host answers so, as a host that runs on answers a
	 * datagram to a closed port: the answer travels back like a datagram (lost, delayed or stopped by
	 * a partition as one would be) to the port check's socket, the only one that hears of it. Every
	 * other datagram's sender hears nothing, as an unconnected UDP socket does.
	 */
	private void refuse(InMemoryTransport sender, Endpoint to) {
		if (!this.reachability.allows(sender.endpoint(), to) || !this.reachability.allows(to, sender.endpoint())) {
			return;
		}
		Delay latency = this.delay;
		long delayNanos;
		synchronized (this.random) {
			if (this.lossRate > 0 && this.random.nextDouble() < this.lossRate) {
				return;
			}
			delayNanos = (latency.maxNanos() > latency.minNanos())
					? this.random.nextLong(latency.minNanos(), latency.maxNanos() + 1) : latency.minNanos();
		}
		try {
			this.delivery.schedule(() -> sender.refused(to), delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException closing) {
			// the network closed meanwhile: nobody listens for the answer
		}
	}

	void unbind(InMemoryTransport transport) {
		this.transports.remove(transport.endpoint(), transport);
	}

	/** The transport that receives what is sent to {@code to}: bound there, or on a wildcard at its port. */
	private InMemoryTransport boundAt(Endpoint to) {
		InMemoryTransport exact = this.transports.get(to);
		if (exact != null) {
			return exact;
		}
		InMemoryTransport wildcard = this.transports.get(wildcard(to.address().length, to.port()));
		if (wildcard == null && !to.isIpv6()) {
			wildcard = this.transports.get(wildcard(16, to.port())); // a dual-stack socket takes IPv4 too
		}
		return wildcard;
	}

	/** The source a receiver sees: the sender's address, or the loopback one for a wildcard sender. */
	private static Endpoint source(Endpoint sender, Endpoint to) {
		if (!isWildcard(sender)) {
			return sender;
		}
		byte[] loopback = new byte[to.address().length];
		loopback[loopback.length - 1] = 1;
		if (loopback.length == 4) {
			loopback[0] = 127;
		}
		return new Endpoint(loopback, sender.port());
	}

	private int freePort(Endpoint requested) {
		int span = LAST_PORT - FIRST_EPHEMERAL_PORT + 1;
		for (int tried = 0; tried < span; tried++) {
			int port = this.nextPort;
			this.nextPort = (port == LAST_PORT) ? FIRST_EPHEMERAL_PORT : port + 1;
			if (!inUse(new Endpoint(requested.address(), port))) {
				return port;
			}
		}
		throw new UncheckedIOException(new BindException("No free port left on " + requested));
	}

	/** Whether binding {@code endpoint} would clash with a bound transport; guarded by this. */
	private boolean inUse(Endpoint endpoint) {
		for (Endpoint bound : this.transports.keySet()) {
			if (bound.port() == endpoint.port()
					&& (bound.equals(endpoint) || isWildcard(bound) || isWildcard(endpoint))) {
				return true;
			}
		}
		return false;
	}

	private static Endpoint wildcard(int addressLength, int port) {
		return new Endpoint(new byte[addressLength], port);
	}

	private static boolean isWildcard(Endpoint endpoint) {
		int length = endpoint.isIpv6() ? 16 : 4;
		for (int i = 0; i < length; i++) {
			if (endpoint.addressByte(i) != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What happened to the datagrams sent on a network. Each one sent is counted once, under one of
	 * these once it is settled (what is in flight when the network closes is not).
	 *
	 * @param delivered handed to a bound transport (which may still drop it: a wrong key, a replay)
	 * @param lost lost at random
	 * @param partitioned stopped by a partition
	 * @param unreachable sent to an endpoint where nothing was bound (or closed before it arrived)
	 */
	public record Counts(long delivered, long lost, long partitioned, long unreachable) {

		/** Datagrams the network dropped, for any reason. */
		public long dropped() {
			return this.lost + this.partitioned + this.unreachable;
		}

	}

	private record Delay(long minNanos, long maxNanos) {
	}

}
