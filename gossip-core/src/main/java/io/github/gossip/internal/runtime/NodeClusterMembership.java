package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.RoleLeader;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.LeaderTerm;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.transport.UdpTransport;
import io.github.gossip.internal.wire.WireVersions;

/**
 * The {@link ClusterMembership} of a {@link GossipNode}: exists before the node starts (so that
 * beans can subscribe early and miss nothing) and outlives it. A node runs once: after
 * {@link #close()} it cannot start again.
 * <p>
 * The public view is rebuilt on the protocol thread each time the node publishes its view (after a
 * change, once per burst of packets) and published atomically with the events that led to it; readers on any thread see a consistent view without locking.
 * Subscribers receive events on workers of their own ({@code gossip-subscribers-N}), never on the
 * protocol thread.
 */
public final class NodeClusterMembership implements ClusterMembership, AutoCloseable {

	private static final Logger logger = Loggers.getLogger(NodeClusterMembership.class);

	/** Gossip rounds a leaving node keeps running so that the news of its leave spreads. */
	public static final int LEAVE_ROUNDS = 5;

	/** Undelivered events one subscriber may hold before its stream ends with an error. */
	public static final int DEFAULT_SUBSCRIBER_CAPACITY = 8192;

	/** How long a caller waits for the protocol thread to take a command. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration CONFLICT_LOG_INTERVAL = Duration.ofMinutes(1);

	private static final Comparator<ClusterMember> BY_NODE_ID = Comparator.comparing(ClusterMember::nodeId,
			MemberId.NODE_ID_ORDER);

	private final RandomGenerator random;

	private final Clock clock;

	private final NodeRuntime runtime;

	private final Scheduler delivery;

	private final EventFanout<View> fanout;

	private final Object lifecycleMonitor = new Object();

	/** Guarded by {@link #lifecycleMonitor} for writes. */
	private volatile NodeOptions options;

	private volatile GossipNode node;

	private volatile boolean closed;

	/** Protocol thread only. */
	private Instant lastConflictLog;

	/**
	 * Protocol thread only: the public form of every member of the last view, by node id, with the
	 * record it was made from. A view is rebuilt whole, but most of its members have not changed
	 * since the last one: those keep their public form instead of being converted again.
	 */
	private Map<String, Converted> converted = Map.of();

	private volatile Instant lastNodeIdConflict;

	private volatile boolean superseded;

	public NodeClusterMembership(NodeOptions options, RandomGenerator random, Clock clock, int subscriberCapacity) {
		this(options, random, subscriberCapacity, NodeRuntime.system().withClock(clock));
	}

	/**
	 * A membership whose node runs on {@code runtime}: sockets and threads, or a virtual time and a
	 * simulated network.
	 */
	public NodeClusterMembership(NodeOptions options, RandomGenerator random, int subscriberCapacity,
			NodeRuntime runtime) {
		this.options = options;
		this.random = random;
		this.runtime = runtime;
		this.clock = runtime.clock();
		this.delivery = runtime.subscriberDelivery().get();
		ClusterMember local = toPublic(new Member(options.self(), plannedEndpoint(options), MemberState.ALIVE, 0,
				options.metadata()), true);
		this.fanout = new EventFanout<>(subscriberCapacity, View.of(local, List.of()), this::replay,
				this.delivery);
	}

	/**
	 * Binds the socket and joins the cluster; events flow to subscribers from here on.
	 * @throws IllegalStateException if the node was closed: a node runs once
	 */
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new IllegalStateException("The gossip node of " + this.options.self().nodeId()
						+ " was stopped and cannot start again; create a new one (restart the application)");
			}
			if (this.node == null) {
				// the first change published by the node carries the bound address of the local member
				this.node = GossipNode.start(this.options, this.random, this::changed, this.runtime.transports(),
						this.runtime.loops().apply(this.options));
			}
		}
	}

	/** Leaves gracefully, waiting {@code spread} for the news to travel, then stops. */
	public void leave(Duration spread) {
		GossipNode running = this.node;
		if (running != null && !this.closed) {
			running.leave(spread, COMMAND_TIMEOUT);
		}
		close();
	}

	/**
	 * Stops at once, without telling anyone. The view shows this node LEFT and no leaders, so that
	 * {@link #isLeader} is false from now on; event streams complete once delivered.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		GossipNode running = this.node;
		if (running != null) {
			running.close();
		}
		// In one step with completing, which refuses later publications: one that the protocol thread
		// is still making (closing the node does not wait for it) cannot land after the final view.
		this.fanout.complete((last) -> last.withLocal(last.local().withStatus(MemberStatus.LEFT)).withoutLeaders());
		this.delivery.disposeGracefully().subscribe(null, (error) -> this.delivery.dispose());
	}

	/** The running node, for metrics and the actuator endpoint; empty before start and after stop. */
	public Optional<GossipNode> node() {
		GossipNode running = this.node;
		return (running != null && !this.closed) ? Optional.of(running) : Optional.empty();
	}

	/** Whether the node runs and takes part in the cluster (not stopped, not superseded). */
	public boolean isRunning() {
		return node().isPresent() && !this.superseded;
	}

	/** When another live process with this node's id was last seen, if ever. */
	public Optional<Instant> lastNodeIdConflict() {
		return Optional.ofNullable(this.lastNodeIdConflict);
	}

	/**
	 * Whether this process stopped taking part because a newer process with its node id exists: it
	 * is a stale copy of a restarted node, or two nodes share an id.
	 */
	public boolean isSuperseded() {
		return this.superseded;
	}

	/** Subscribers attached to {@link #events(boolean)}. */
	public int subscriberCount() {
		return this.fanout.subscriberCount();
	}

	/** Undelivered events of the slowest subscriber. */
	public int eventBacklog() {
		return this.fanout.maxBacklog();
	}

	@Override
	public ClusterMember localMember() {
		return this.fanout.view().local();
	}

	@Override
	public List<ClusterMember> members() {
		return this.fanout.view().members();
	}

	@Override
	public Optional<ClusterMember> member(String nodeId) {
		return Optional.ofNullable(this.fanout.view().byId().get(nodeId));
	}

	@Override
	public Flux<ClusterEvent> events(boolean withCurrentView) {
		return this.fanout.subscribe(withCurrentView);
	}

	/**
	 * The leaders of the roles some member names. Empty unless the node takes part in the cluster:
	 * a stopped or superseded node leads nothing.
	 */
	@Override
	public Map<String, ClusterMember> leaders() {
		return isRunning() ? this.fanout.view().leaders() : Map.of();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A role that no member names is held by every member, so the lowest live member leads it. The
	 * role name compares as configuration compares it ({@link RoleNames#normalize}).
	 */
	@Override
	public Optional<ClusterMember> leader(String role) {
		if (!isRunning()) {
			return Optional.empty();
		}
		String normalized = RoleNames.normalize(role);
		View view = this.fanout.view();
		Optional<ClusterMember> leader = view.leader(normalized);
		// this node's lease may have run out since the view was published (a pause): then it leads nothing
		return (leader.isPresent() && leader.get().local() && term(view, normalized).isEmpty()) ? Optional.empty()
				: leader;
	}

	/** Whether this node holds a term of {@code role} at this moment, by the protocol's clock. */
	@Override
	public boolean isLeader(String role) {
		return fencingToken(role).isPresent();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Decided against the clock at the moment of the call: a lease that ran out while this process
	 * was paused is over, even before the protocol thread has run again.
	 */
	@Override
	public Optional<FencingToken> fencingToken(String role) {
		if (!isRunning()) {
			return Optional.empty();
		}
		String normalized = RoleNames.normalize(role);
		View view = this.fanout.view();
		if (!view.leader(normalized).map(ClusterMember::local).orElse(false)) {
			return Optional.empty();
		}
		return term(view, normalized).map((term) -> new FencingToken(normalized, term.epoch(),
				this.options.self().nodeId(), this.options.self().instance()));
	}

	@Override
	public long leaderEpoch(String role) {
		String normalized = RoleNames.normalize(role);
		Map<String, Long> epochs = this.fanout.view().epochs();
		// a role with a seat of its own has an epoch from the moment it got one
		Long own = epochs.get(normalized);
		return (own != null) ? own : epochs.getOrDefault(MembershipEvent.UNNAMED_ROLES, 0L);
	}

	private Optional<LeaderTerm> term(View view, String role) {
		GossipNode running = this.node;
		LeaderTerm term = view.terms().get(view.seat(role));
		return (running != null && term != null && term.holdsAt(running.protocolMillis())) ? Optional.of(term)
				: Optional.empty();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Follows the views rather than the events, so the stream also says "no leader" when this node
	 * stops or is superseded, changes that announce no new leader: a reactive leader gate must not
	 * keep running on a zombie. Ends once the node has stopped.
	 */
	@Override
	public Flux<RoleLeader> leaderChanges(String role) {
		String normalized = RoleNames.normalize(role);
		return this.fanout.subscribe(() -> new LeaderSelection(normalized))
			.map((event) -> new RoleLeader(normalized, Optional.ofNullable(event.member()), leaderEpoch(normalized)));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Before the node starts, the metadata becomes the one it starts with; while it runs, the call
	 * returns once the protocol has taken the change (waiting at most a few seconds).
	 */
	@Override
	public void updateMetadata(Map<String, String> metadata) {
		GossipNode running;
		MemberMetadata updated;
		synchronized (this.lifecycleMonitor) {
			// validates here, on the caller; the application version is the configuration's, kept
			MemberMetadata current = this.options.metadata();
			updated = current.withValues(AppVersion.withUserMetadata(WireVersions.checkUserKeys(metadata),
					current.values().get(ClusterMember.APP_VERSION_KEY)));
			this.options.wire().announce(updated); // and with what the node adds to it
			if (this.closed) {
				throw new IllegalStateException("The gossip node has stopped; its metadata can no longer change");
			}
			this.options = this.options.withMetadata(updated);
			running = this.node;
			if (running == null) {
				ClusterMember local = toPublic(new Member(this.options.self(), plannedEndpoint(this.options),
						MemberState.ALIVE, 0, updated), true);
				this.fanout.publish(this.fanout.view().withLocal(local),
						List.of(new ClusterEvent(ClusterEvent.Type.UPDATED, local, null, this.clock.instant())));
				return;
			}
		}
		running.updateMetadata(updated, COMMAND_TIMEOUT);
	}

	/** On the protocol thread: rebuild the public view, then hand it out with its events. */
	private void changed(NodeSnapshot snapshot, List<MembershipEvent> events) {
		View view = View.of(toPublic(snapshot.local(), true), convert(snapshot.members()), snapshot.leaders(),
				snapshot.namedRoles(), snapshot.unnamedRolesLeader(), snapshot.terms(), snapshot.epochs());
		List<ClusterEvent> published = new ArrayList<>(events.size());
		for (MembershipEvent event : events) {
			if (MembershipEvent.UNNAMED_ROLES.equals(event.role())) {
				continue; // the leader of roles nobody names has no name to publish; leader(role) shows it
			}
			ClusterEvent mapped = toPublic(event);
			published.add(mapped);
			if (mapped.type() == ClusterEvent.Type.NODE_ID_CONFLICT) {
				reportConflict(event);
			}
		}
		this.fanout.publish(view, published);
	}

	private void reportConflict(MembershipEvent event) {
		Instant now = this.clock.instant();
		this.lastNodeIdConflict = now;
		if (event.kind() == MembershipEvent.Kind.SUPERSEDED) {
			this.superseded = true;
		}
		if (this.lastConflictLog != null && now.isBefore(this.lastConflictLog.plus(CONFLICT_LOG_INTERVAL))) {
			return;
		}
		this.lastConflictLog = now;
		if (event.kind() == MembershipEvent.Kind.SUPERSEDED) {
			logger.error("Another process with node id '" + event.member().id().nodeId()
					+ "' and a newer instance is running: this process stops taking part in the cluster. "
					+ "Either it is a stale copy of a restarted node, or two nodes share cluster.node-id.");
		}
		else {
			logger.error("Two live processes use cluster.node-id '" + event.member().id().nodeId() + "': this one ("
					+ this.options.self() + ") and " + event.member().id() + " at " + event.member().endpoint()
					+ ". Give every node its own cluster.node-id.");
		}
	}

	private ClusterEvent toPublic(MembershipEvent event) {
		ClusterEvent.Type type = switch (event.kind()) {
			case JOINED -> ClusterEvent.Type.JOINED;
			case SUSPECTED -> ClusterEvent.Type.SUSPECTED;
			case ALIVE_AGAIN -> ClusterEvent.Type.ALIVE_AGAIN;
			case FAILED -> ClusterEvent.Type.FAILED;
			case LEFT -> ClusterEvent.Type.LEFT;
			case UPDATED -> ClusterEvent.Type.UPDATED;
			case REMOVED -> ClusterEvent.Type.REMOVED;
			case LEADER_CHANGED -> ClusterEvent.Type.LEADER_CHANGED;
			case ID_CONFLICT, SUPERSEDED -> ClusterEvent.Type.NODE_ID_CONFLICT;
		};
		ClusterMember member = null;
		if (event.member() != null) {
			boolean local = event.member().id().equals(this.options.self());
			member = toPublic(event.member(), local);
		}
		return new ClusterEvent(type, member, event.role(), this.clock.instant());
	}

	private List<ClusterEvent> replay(View view) {
		Instant now = this.clock.instant();
		List<ClusterEvent> events = new ArrayList<>(view.members().size() + view.leaders().size());
		view.members().forEach((m) -> events.add(new ClusterEvent(ClusterEvent.Type.CURRENT, m, null, now)));
		view.leaders().forEach((role, m) -> events.add(new ClusterEvent(ClusterEvent.Type.LEADER_CHANGED, m, role, now)));
		return events;
	}

	/** The public form of other members; on the protocol thread, reusing the forms of unchanged records. */
	private List<ClusterMember> convert(List<Member> members) {
		Map<String, Converted> previous = this.converted;
		Map<String, Converted> next = new HashMap<>(Math.max(16, members.size() * 4 / 3 + 1));
		List<ClusterMember> result = new ArrayList<>(members.size());
		for (Member member : members) {
			String nodeId = member.id().nodeId();
			Converted known = previous.get(nodeId);
			if (known == null || (known.member() != member && !known.member().equals(member))) {
				known = new Converted(member, toPublic(member, false));
			}
			next.put(nodeId, known);
			result.add(known.cluster());
		}
		this.converted = next;
		return result;
	}

	static ClusterMember toPublic(Member member, boolean local) {
		return new ClusterMember(member.id().nodeId(), address(member.endpoint()), status(member.state()),
				member.incarnation(), member.metadata().roles(), member.metadata().excludedRoles(),
				WireVersions.userValues(member.metadata().values()), local);
	}

	static MemberStatus status(MemberState state) {
		return switch (state) {
			case ALIVE -> MemberStatus.ALIVE;
			case SUSPECT -> MemberStatus.SUSPECT;
			case DEAD -> MemberStatus.FAILED;
			case LEFT -> MemberStatus.LEFT;
		};
	}

	private static InetSocketAddress address(Endpoint endpoint) {
		return UdpTransport.toSocketAddress(endpoint);
	}

	/** Before binding, the address this node will advertise (port 0 until bound, in tests). */
	private static Endpoint plannedEndpoint(NodeOptions options) {
		byte[] host = (options.advertiseHost() != null) ? options.advertiseHost()
				: options.bindAddress().getAddress().getAddress();
		return new Endpoint(host, options.bindAddress().getPort());
	}

	/**
	 * The leader of one role in each view, as one event whenever the leading node changes: the
	 * current leader first, then each change, whatever its cause.
	 */
	private final class LeaderSelection implements EventFanout.Selection<View> {

		private final String role;

		private Optional<String> last;

		LeaderSelection(String role) {
			this.role = role;
		}

		@Override
		public List<ClusterEvent> open(View view) {
			ClusterMember leader = view.leader(this.role).orElse(null);
			this.last = Optional.ofNullable(leader).map(ClusterMember::nodeId);
			return List.of(leaderChanged(leader));
		}

		@Override
		public List<ClusterEvent> select(View view, List<ClusterEvent> events) {
			ClusterMember leader = view.leader(this.role).orElse(null);
			Optional<String> now = Optional.ofNullable(leader).map(ClusterMember::nodeId);
			if (now.equals(this.last)) {
				return List.of();
			}
			this.last = now;
			return List.of(leaderChanged(leader));
		}

		private ClusterEvent leaderChanged(ClusterMember leader) {
			return new ClusterEvent(ClusterEvent.Type.LEADER_CHANGED, leader, this.role,
					NodeClusterMembership.this.clock.instant());
		}

	}

	/** A member's record and the public form made from it. */
	private record Converted(Member member, ClusterMember cluster) {
	}

	/**
	 * The public view; immutable. {@code namedRoles} and {@code unnamedLeader} answer for the roles
	 * missing from {@code leaders}: a named one has no leader, any other has the unnamed roles' one.
	 */
	private record View(ClusterMember local, List<ClusterMember> members, Map<String, ClusterMember> byId,
			Map<String, ClusterMember> leaders, Set<String> namedRoles, ClusterMember unnamedLeader,
			Map<String, LeaderTerm> terms, Map<String, Long> epochs) {

		/** A view that knows no leader. */
		static View of(ClusterMember local, List<ClusterMember> others) {
			return of(local, others, Map.of(), Set.of(), null, Map.of(), Map.of());
		}

		static View of(ClusterMember local, List<ClusterMember> others, Map<String, Member> protocolLeaders,
				Set<String> namedRoles, Member unnamedRolesLeader, Map<String, LeaderTerm> terms,
				Map<String, Long> epochs) {
			List<ClusterMember> all = new ArrayList<>(others.size() + 1);
			all.add(local);
			all.addAll(others);
			all.sort(BY_NODE_ID);
			Map<String, ClusterMember> byId = new LinkedHashMap<>();
			all.forEach((m) -> byId.put(m.nodeId(), m));
			Map<String, ClusterMember> leaders = new TreeMap<>();
			protocolLeaders.forEach((role, leader) -> leaders.put(role, known(byId, leader)));
			ClusterMember unnamedLeader = (unnamedRolesLeader != null) ? known(byId, unnamedRolesLeader) : null;
			return new View(local, List.copyOf(all), Collections.unmodifiableMap(byId),
					Collections.unmodifiableMap(leaders), Set.copyOf(namedRoles), unnamedLeader, Map.copyOf(terms),
					Map.copyOf(epochs));
		}

		/** The seat {@code role} is led at: its own if it has one, else that of every role nobody names. */
		String seat(String role) {
			return this.namedRoles.contains(role) ? role : MembershipEvent.UNNAMED_ROLES;
		}

		private static ClusterMember known(Map<String, ClusterMember> byId, Member leader) {
			ClusterMember known = byId.get(leader.id().nodeId());
			return (known != null) ? known : toPublic(leader, false);
		}

		Optional<ClusterMember> leader(String role) {
			return Optional.ofNullable(this.namedRoles.contains(role) ? this.leaders.get(role) : this.unnamedLeader);
		}

		View withLocal(ClusterMember newLocal) {
			List<ClusterMember> others = this.members.stream().filter((m) -> !m.local()).toList();
			View rebuilt = of(newLocal, others);
			return new View(newLocal, rebuilt.members, rebuilt.byId, this.leaders, this.namedRoles, this.unnamedLeader,
					this.terms, this.epochs);
		}

		/** Keeps the epochs: they never decrease, also not when the node stops. */
		View withoutLeaders() {
			return new View(this.local, this.members, this.byId, Map.of(), Set.of(), null, Map.of(), this.epochs);
		}

	}

}
