package io.github.gossip.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.RoleLeader;

/**
 * A cluster member for plain Java applications: a SWIM gossip node on a UDP socket, and the
 * {@link ClusterMembership} it maintains. Built by {@link #builder()}:
 * <pre class="code">
 * try (ClusterNode node = ClusterNode.builder()
 *         .nodeId("node-1")
 *         .bindAddress("10.0.0.5")
 *         .seeds("10.0.0.6:1179", "seeds.example.org")
 *         .key(System.getenv("CLUSTER_KEY"))
 *         .roles("acme.renew")
 *         .build()) {
 *     node.start().block(Duration.ofSeconds(30));
 *     node.events().subscribe((event) -&gt; log.info("{}", event));
 *     ...
 * }
 * </pre>
 * <p>
 * A node runs once: it binds its socket on {@link #start()} and releases it on {@link #leave()} or
 * {@link #close()}; a restart of the application builds a new node, whose newer instance id tells
 * every member that the old process is gone. Membership queries and event streams work before the
 * start (the view then holds this node alone) and after the stop.
 */
public final class ClusterNode implements ClusterMembership, AutoCloseable {

	private final NodeClusterMembership membership;

	private final Supplier<List<Endpoint>> seeds;

	private final boolean hasSeeds;

	private final InetSocketAddress bindAddress;

	private final Duration leaveSpread;

	private final Object monitor = new Object();

	/** Guarded by {@link #monitor}, like {@link #left}. */
	private Mono<ClusterNode> started;

	private Mono<Void> left;

	ClusterNode(NodeClusterMembership membership, Supplier<List<Endpoint>> seeds, boolean hasSeeds,
			InetSocketAddress bindAddress,
			Duration gossipInterval) {
		this.membership = membership;
		this.seeds = seeds;
		this.hasSeeds = hasSeeds;
		this.bindAddress = bindAddress;
		this.leaveSpread = gossipInterval.multipliedBy(NodeClusterMembership.LEAVE_ROUNDS);
	}

	/** A builder of a node; see {@link ClusterNodeBuilder} for every setting and its default. */
	public static ClusterNodeBuilder builder() {
		return new ClusterNodeBuilder();
	}

	/** This node's id. */
	public String nodeId() {
		return localMember().nodeId();
	}

	/**
	 * Binds the UDP socket, at once and on the calling thread (after looking the seeds' names up,
	 * which may wait for DNS), and joins the cluster: the node contacts its seeds and keeps
	 * retrying, with backoff and a fresh DNS lookup of each seed every time, until one answers.
	 * <p>
	 * The returned {@code Mono} emits this node once it has joined: as soon as it knows another live
	 * member (a seed answered, or a member contacted it), or at once when it has no seed other than
	 * itself. It fails when the socket cannot be bound (the port is in use, say), and when the node
	 * stops before it joined; a node whose socket could not be bound has released what it held,
	 * and calling this method again returns the same failure. It never times out by itself: a cluster whose seeds are all down is
	 * joined when the first one comes up, so add {@code .timeout(...)} to wait less. Calling this
	 * method again, until the node stops, returns the same {@code Mono}.
	 * @return the signal of having joined; the node starts whether or not it is subscribed to
	 * @throws IllegalStateException if the node was stopped: a node runs once
	 */
	public Mono<ClusterNode> start() {
		synchronized (this.monitor) {
			if (this.left != null) {
				throw new IllegalStateException(
						"The gossip node of " + nodeId() + " was stopped and cannot start again; build a new one");
			}
			if (this.started == null) {
				Mono<ClusterNode> joined;
				try {
					this.membership.start();
					joined = joined();
				}
				catch (RuntimeException ex) {
					// the socket could not be bound (the port is in use, say): release what the node
					// holds now, and keep answering with the same failure
					this.membership.close();
					joined = Mono.error(ex);
				}
				this.started = joined.cache();
			}
			return this.started;
		}
	}

	private Mono<ClusterNode> joined() {
		Mono<Boolean> alone = !this.hasSeeds ? Mono.just(true)
				: Mono.fromCallable(this::onlySeedIsItself).subscribeOn(Schedulers.boundedElastic());
		Mono<ClusterEvent> peer = this.membership.events(true)
			.filter((event) -> event.member() != null && !event.member().local() && event.member().status().isLive())
			.next()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"The gossip node of " + nodeId() + " stopped before it joined the cluster")));
		return alone.flatMap((itself) -> itself ? Mono.just(this) : peer.thenReturn(this));
	}

	/**
	 * Whether every seed is this very node (every node of a cluster often lists the same seeds): its
	 * advertised address, or its bind address and port. A node bound to a wildcard address receives
	 * on every address of this host, so a name such as {@code localhost}, which resolves to 127.0.0.1
	 * and ::1, names it under each; a node bound to one address is only that one, since another
	 * process may use the same port on another address.
	 */
	private boolean onlySeedIsItself() {
		ClusterMember self = localMember();
		Endpoint advertised = new Endpoint(self.address().getAddress().getAddress(), self.address().getPort());
		List<Endpoint> resolved = this.seeds.get();
		return !resolved.isEmpty() && resolved.stream().allMatch((seed) -> seed.equals(advertised) || isBound(seed));
	}

	private boolean isBound(Endpoint endpoint) {
		if (endpoint.port() != this.bindAddress.getPort()) {
			return false;
		}
		InetAddress bound = this.bindAddress.getAddress();
		if (!bound.isAnyLocalAddress()) {
			return Arrays.equals(endpoint.address(), bound.getAddress());
		}
		try {
			InetAddress address = InetAddress.getByAddress(endpoint.address());
			return address.isLoopbackAddress() || address.isAnyLocalAddress()
					|| NetworkInterface.getByInetAddress(address) != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Leaves the cluster gracefully, without blocking the caller: announces the leave, keeps
	 * gossiping for five gossip intervals so that the news spreads, then releases the socket. A
	 * node that never started just releases what it holds. Calling this method again returns the
	 * same {@code Mono}.
	 * @return completes once the node has stopped; the leave proceeds whether or not it is
	 * subscribed to
	 */
	public Mono<Void> leave() {
		synchronized (this.monitor) {
			if (this.left == null) {
				this.left = Mono.<Void>fromRunnable(() -> this.membership.leave(this.leaveSpread))
					.subscribeOn(Schedulers.boundedElastic())
					.cache();
				this.left.subscribe(null, (error) -> {
					// the caller sees the error through the returned Mono
				});
			}
			return this.left;
		}
	}

	/**
	 * Leaves the cluster gracefully, as {@link #leave()} does, and waits until the node has stopped
	 * (about five gossip intervals, bounded also when the protocol thread is stuck). Not for a
	 * thread that must not block, such as a Reactor non-blocking thread: use {@link #leave()} there.
	 */
	@Override
	public void close() {
		leave().block();
	}

	/** Whether the node runs and takes part in the cluster: started, not stopped, not superseded. */
	public boolean isRunning() {
		return this.membership.isRunning();
	}

	@Override
	public ClusterMember localMember() {
		return this.membership.localMember();
	}

	@Override
	public List<ClusterMember> members() {
		return this.membership.members();
	}

	@Override
	public Optional<ClusterMember> member(String nodeId) {
		return this.membership.member(nodeId);
	}

	@Override
	public Flux<ClusterEvent> events(boolean withCurrentView) {
		return this.membership.events(withCurrentView);
	}

	@Override
	public Map<String, ClusterMember> leaders() {
		return this.membership.leaders();
	}

	@Override
	public Optional<ClusterMember> leader(String role) {
		return this.membership.leader(role);
	}

	@Override
	public Flux<RoleLeader> leaderChanges(String role) {
		return this.membership.leaderChanges(role);
	}

	@Override
	public boolean isLeader(String role) {
		return this.membership.isLeader(role);
	}

	@Override
	public Optional<FencingToken> fencingToken(String role) {
		return this.membership.fencingToken(role);
	}

	@Override
	public long leaderEpoch(String role) {
		return this.membership.leaderEpoch(role);
	}

	@Override
	public void updateMetadata(Map<String, String> metadata) {
		this.membership.updateMetadata(metadata);
	}

	@Override
	public String toString() {
		return "ClusterNode[" + nodeId() + " at " + localMember().address() + ", " + localMember().status() + "]";
	}

}
