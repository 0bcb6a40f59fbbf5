package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;
import io.github.gossip.internal.protocol.Message.Nack;
import io.github.gossip.internal.protocol.Message.Ping;
import io.github.gossip.internal.protocol.Message.PingReq;
import io.github.gossip.internal.protocol.Message.SyncPush;
import io.github.gossip.internal.protocol.Message.SyncRequest;

/**
 * The SWIM + Lifeguard membership state machine of one process.
 * <p>
 * It does no I/O and reads no clock: the driver calls {@link #start}, {@link #onPacket},
 * {@link #onTimer} and {@link #leave} with the current local time in millis, on one thread, and
 * carries out what the machine asks through {@link Outputs}: packets to send, timers to set,
 * events to publish. Randomness comes from the injected generator, so a simulation with a seeded
 * generator replays exactly.
 */
public final class Membership {

	/** Upper bound of the Lifeguard local health score; the probe period stretches up to 9x. */
	static final int MAX_HEALTH = 8;

	/** Largest incarnation step accepted from gossip, so a forged huge value cannot pin a member. */
	static final long MAX_INCARNATION_JUMP = 1L << 20;

	private static final long REAP_PERIOD_MILLIS = 60_000;

	private static final int MAX_JOIN_BACKOFF_FACTOR = 32;

	/** Catch-up pulls after joining; see {@link Timer.JoinCatchUp}. */
	private static final int JOIN_CATCH_UPS = 2;

	/** An id conflict is reported (event and notice to the other process) at most this often. */
	static final long CONFLICT_REPORT_MILLIS = 60_000;

	private final ProtocolConfig config;

	private final MemberId self;

	private final Endpoint advertise;

	private final RandomGenerator random;

	private final PacketSizer sizer;

	private final Outputs out;

	private final Map<String, Entry> byId = new HashMap<>();

	private final List<Entry> entries = new ArrayList<>();

	private final List<Entry> probeOrder = new ArrayList<>();

	private int probeIndex;

	private final DisseminationQueue queue = new DisseminationQueue();

	private final Map<Long, Probe> probes = new HashMap<>();

	private final Map<Long, Relay> relays = new HashMap<>();

	private List<Endpoint> seeds = List.of();

	private long incarnation;

	private MemberMetadata metadata;

	private final ProtocolCounters counters = new ProtocolCounters();

	private long nextSeq;

	/** Unique across suspicions so a timer of an old suspicion never ends a newer one. */
	private long suspicionGeneration;

	private int liveCount = 1;

	private int health;

	private long noAccuseBefore = Long.MIN_VALUE;

	/** Members that sent us anything since we joined; only kept until the last catch-up. */
	private java.util.Set<String> heardFrom;

	private boolean started;

	private boolean joined;

	private boolean leaving;

	private boolean superseded;

	private final ReapedMembers reaped = new ReapedMembers();

	private final RoleLeadership leadership;

	/** Set when liveness, membership or metadata changed, so leadership is re-evaluated. */
	private boolean leadershipDirty;

	/** See {@link #horizon}; null until the first count, when every change matters. */
	private String leadershipHorizon;

	/** Due time of the one pending {@link Timer.LeaderCheck}, or {@link Long#MAX_VALUE}. */
	private long leaderCheckAt = Long.MAX_VALUE;

	/** Set while handling a packet that declared us dead: the sender gets our refutation at once. */
	private boolean refuteToSender;

	/** When the last follow-up sync was scheduled (see {@link #requestFollowUpSync}). */
	private long followUpScheduledAt = Long.MIN_VALUE;

	/** Last ID_CONFLICT report per conflicting instance, in protocol time. */
	private final Map<Long, Long> conflictReports = new HashMap<>();

	/** The newer process with our id, once we are superseded; it gets a notice once a minute. */
	private Member newerSelf;

	public Membership(ProtocolConfig config, MemberId self, Endpoint advertise, RandomGenerator random,
			PacketSizer sizer, Outputs out) {
		this(config, self, advertise, MemberMetadata.EMPTY, random, sizer, out);
	}

	public Membership(ProtocolConfig config, MemberId self, Endpoint advertise, MemberMetadata metadata,
			RandomGenerator random, PacketSizer sizer, Outputs out) {
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.config = Objects.requireNonNull(config, "config");
		this.self = Objects.requireNonNull(self, "self");
		this.advertise = Objects.requireNonNull(advertise, "advertise");
		this.random = Objects.requireNonNull(random, "random");
		this.sizer = Objects.requireNonNull(sizer, "sizer");
		this.out = Objects.requireNonNull(out, "out");
		this.leadership = new RoleLeadership(config.leaderStabilityWindow().toMillis());
	}

	// ------------------------------------------------------------------ inputs

	/**
	 * Starts probing and gossiping, and contacts every seed (addresses equal to our own advertised
	 * endpoint are skipped). With no reachable seed the node runs alone and keeps retrying with
	 * exponential backoff.
	 */
	public void start(long now, List<Endpoint> seedEndpoints) {
		if (this.started) {
			throw new IllegalStateException("already started");
		}
		this.started = true;
		this.seeds = seedEndpoints.stream().filter((s) -> !s.equals(this.advertise)).toList();
		this.queue.add(selfAlive());
		long interval = this.config.probeInterval().toMillis();
		this.out.schedule(new Timer.ProbeTick(now + this.random.nextLong(interval)));
		this.out.schedule(new Timer.GossipTick(now + this.random.nextLong(this.config.gossipInterval().toMillis())));
		this.out.schedule(new Timer.Reap(now + REAP_PERIOD_MILLIS));
		this.out.schedule(new Timer.SyncTick(now + jittered(this.config.syncIntervalMillis(1))));
		this.out.schedule(new Timer.ReconnectTick(now + jittered(this.config.reconnectIntervalMillis(1))));
		this.leadershipDirty = true;
		afterInput(now);
		this.joined = this.seeds.isEmpty();
		if (!this.joined) {
			sendJoinRequests();
			this.out.schedule(new Timer.JoinRetry(now + joinBackoff(0), 1));
		}
	}

	/**
	 * Replaces the seed addresses used by later join attempts, for a driver that re-resolves seed
	 * host names (DNS) before each retry.
	 */
	public void updateSeeds(List<Endpoint> seedEndpoints) {
		this.seeds = seedEndpoints.stream().filter((s) -> !s.equals(this.advertise)).toList();
	}

	/**
	 * Leaves gracefully: the LEFT record is pushed at once and keeps being gossiped while the driver
	 * keeps calling us; the driver should wait a few gossip intervals before stopping.
	 */
	public void leave(long now) {
		if (!this.started || this.leaving || this.superseded) {
			return;
		}
		this.leaving = true;
		this.queue.add(selfLeft());
		gossipRound();
		this.leadershipDirty = true;
		afterInput(now);
	}

	/**
	 * Replaces this member's metadata: the incarnation rises so that the new ALIVE record beats the
	 * old one everywhere. Roles are part of the metadata.
	 */
	public void updateMetadata(long now, MemberMetadata newMetadata) {
		Objects.requireNonNull(newMetadata, "newMetadata");
		if (newMetadata.equals(this.metadata)) {
			return;
		}
		// leaders depend on roles only: a change of user values needs no new election
		boolean rolesChanged = !sameRoles(newMetadata, this.metadata);
		this.metadata = newMetadata;
		if (this.started && !this.leaving && !this.superseded) {
			this.incarnation++;
			this.queue.add(selfAlive());
			this.leadershipDirty |= rolesChanged;
			// the local application hears of its own change like every other member does
			this.out.event(new MembershipEvent(Kind.UPDATED, localMember(), now));
			afterInput(now);
		}
	}

	/** A decoded packet arrived from {@code from} (the datagram's source address). */
	public void onPacket(long now, Endpoint from, Packet packet) {
		if (!this.started || this.superseded) {
			return;
		}
		MemberId sender = packet.sender();
		if (sender.nodeId().equals(this.self.nodeId())) {
			if (sender.instance() != this.self.instance()) {
				Member other = new Member(sender, from, MemberState.ALIVE, packet.senderIncarnation());
				if (sender.supersedes(this.self)) {
					becomeSuperseded(now, other);
				}
				else if (!from.equals(this.advertise)) {
					// an older process with our id still runs elsewhere (a restart at the same address
					// cannot have a live predecessor, so those stray packets are not reported)
					reportConflict(now, other);
				}
			}
			return;
		}
		Entry known = this.byId.get(sender.nodeId());
		if (known != null && known.id.supersedes(sender)) {
			// a process that was replaced must not influence anything any more; if it runs elsewhere
			// it is a zombie or a duplicate: tell it about its successor, so it steps down and reports
			if (!from.equals(known.endpoint)) {
				send(from, Gossip.INSTANCE, known.update());
			}
			return;
		}
		if (this.heardFrom != null) {
			this.heardFrom.add(sender.nodeId());
		}
		this.refuteToSender = false;
		for (Update update : packet.updates()) {
			apply(now, update, true);
			if (this.superseded) {
				return;
			}
		}
		if (!(packet.message() instanceof JoinRequest)) {
			learnFromHeader(now, from, sender, packet.senderIncarnation());
		}
		Entry talker = this.byId.get(sender.nodeId());
		if (talker != null && talker.id.equals(sender)) {
			talker.lastHeard = now;
		}
		handleMessage(now, from, sender, packet.message());
		if (this.refuteToSender && !this.superseded) {
			// we were declared dead: tell the accuser directly rather than wait for gossip to reach
			// it, since after a partition it may hold us dead and so never gossip to us
			this.refuteToSender = false;
			send(from, Gossip.INSTANCE, selfAlive());
		}
		afterInput(now);
	}

	private void handleMessage(long now, Endpoint from, MemberId sender, Message message) {
		if (message instanceof Ping ping) {
			onPing(from, ping);
		}
		else if (message instanceof Ack ack) {
			onAck(sender, ack);
		}
		else if (message instanceof Nack nack) {
			Probe probe = this.probes.get(nack.seq());
			if (probe != null) {
				probe.nacks++;
			}
		}
		else if (message instanceof PingReq req) {
			onPingReq(now, from, req);
		}
		else if (message instanceof JoinRequest join) {
			onJoinRequest(now, from, sender, join);
		}
		else if (message instanceof JoinResponse response) {
			if (!this.joined) {
				this.joined = true;
				this.heardFrom = new java.util.HashSet<>();
				scheduleCatchUp(now, JOIN_CATCH_UPS);
			}
			for (Update update : response.members()) {
				apply(now, update, false);
			}
		}
		else if (message instanceof SyncRequest request) {
			onSyncRequest(from, request);
		}
		else if (message instanceof SyncPush push) {
			onSyncPush(now, from, sender, push);
		}
	}

	/** A timer set through {@link Outputs#schedule} is due; {@code now} may be later than its time. */
	public void onTimer(long now, Timer timer) {
		if (this.superseded && timer instanceof Timer.ConflictNotice) {
			onConflictNotice(now);
			return;
		}
		if (!this.started || this.superseded) {
			return;
		}
		long lag = now - timer.at();
		if (lag > this.config.probeInterval().toMillis()) {
			// our own loop stalled (GC pause, overload): what looks like silence from others may be
			// our own deafness, so rounds that began before now accuse nobody. One stall makes many
			// timers late; those due before the wake-up we already noticed are that same stall, and
			// the health score counts stalls, not late timers
			if (timer.at() >= this.noAccuseBefore) {
				adjustHealth(1);
			}
			this.noAccuseBefore = now;
		}
		if (timer instanceof Timer.ProbeTick) {
			onProbeTick(now);
		}
		else if (timer instanceof Timer.ProbeTimeout t) {
			onProbeTimeout(now, t.seq());
		}
		else if (timer instanceof Timer.ProbeRoundEnd t) {
			onRoundEnd(now, t.seq());
		}
		else if (timer instanceof Timer.RelayTimeout t) {
			Relay relay = this.relays.remove(t.seq());
			if (relay != null) {
				send(relay.requester, new Nack(relay.seq), null);
			}
		}
		else if (timer instanceof Timer.SuspicionTimeout t) {
			onSuspicionTimeout(now, t, lag);
		}
		else if (timer instanceof Timer.SuspicionCheck t) {
			onSuspicionCheck(t);
		}
		else if (timer instanceof Timer.GossipTick) {
			this.out.schedule(new Timer.GossipTick(now + this.config.gossipInterval().toMillis()));
			gossipRound();
		}
		else if (timer instanceof Timer.JoinRetry t) {
			onJoinRetry(now, t.attempt());
		}
		else if (timer instanceof Timer.JoinCatchUp t) {
			onCatchUp(now, t.remaining());
		}
		else if (timer instanceof Timer.Reap) {
			reap(now);
		}
		else if (timer instanceof Timer.SyncTick) {
			onSyncTick(now);
		}
		else if (timer instanceof Timer.ReconnectTick) {
			onReconnectTick(now);
		}
		else if (timer instanceof Timer.FollowUpSync) {
			syncWithRandomMember();
		}
		else if (timer instanceof Timer.LeaderCheck t && t.at() == this.leaderCheckAt) {
			this.leaderCheckAt = Long.MAX_VALUE;
			this.leadershipDirty = true;
		}
		afterInput(now);
	}

	// ------------------------------------------------------------------ view

	public MemberId self() {
		return this.self;
	}

	public long incarnation() {
		return this.incarnation;
	}

	/** Lifeguard local health score: 0 is healthy; each point stretches probe period and timeout. */
	public int health() {
		return this.health;
	}

	/** Members believed ALIVE or SUSPECT, this node included. */
	public int liveCount() {
		return this.liveCount;
	}

	public boolean isJoined() {
		return this.joined;
	}

	public boolean isSuperseded() {
		return this.superseded;
	}

	/** This process as other members should see it. */
	public Member localMember() {
		MemberState state = (this.leaving || this.superseded) ? MemberState.LEFT : MemberState.ALIVE;
		return new Member(this.self, this.advertise, state, this.incarnation, this.metadata);
	}

	/**
	 * The announced leader of every role that some member names (held or excluded) and that has a
	 * leader: the live member with the lowest node id among those holding the role, once stable.
	 * Every other role is led by {@link #unnamedRolesLeader()}.
	 */
	public Map<String, Member> leaders() {
		if (this.superseded) {
			return Map.of();
		}
		Map<String, Member> leaders = new java.util.TreeMap<>();
		this.leadership.announced().forEach((role, nodeId) -> {
			Member m = memberOrSelf(nodeId);
			if (m != null) {
				leaders.put(role, m);
			}
		});
		return Collections.unmodifiableMap(leaders);
	}

	/** Every role some member named, held or excluded, while this process ran; sorted. */
	public Set<String> namedRoles() {
		return this.superseded ? Set.of() : Set.copyOf(this.leadership.namedRoles());
	}

	/**
	 * The announced leader of every role that no member names: as every member holds such a role,
	 * the lowest live member, once stable.
	 */
	public Optional<Member> unnamedRolesLeader() {
		String nodeId = this.leadership.unnamedLeader();
		return (this.superseded || nodeId == null) ? Optional.empty() : Optional.ofNullable(memberOrSelf(nodeId));
	}

	/** The announced leader of {@code role}, named by some member or not. */
	public Optional<Member> leader(String role) {
		return this.leadership.isNamed(role) ? Optional.ofNullable(leaders().get(role)) : unnamedRolesLeader();
	}

	private Member memberOrSelf(String nodeId) {
		return nodeId.equals(this.self.nodeId()) ? localMember() : member(nodeId).orElse(null);
	}

	public ProtocolCounters counters() {
		return this.counters;
	}

	/** Every other member known, tombstones included. */
	public List<Member> members() {
		List<Member> view = new ArrayList<>(this.entries.size());
		for (Entry e : this.entries) {
			view.add(e.snapshot());
		}
		return view;
	}

	public Optional<Member> member(String nodeId) {
		Entry e = this.byId.get(nodeId);
		return (e != null) ? Optional.of(e.snapshot()) : Optional.empty();
	}

	/** Number of updates waiting for dissemination; exposed for metrics. */
	public int pendingUpdates() {
		return this.queue.size();
	}

	// ------------------------------------------------------------------ probing

	private void onProbeTick(long now) {
		long interval = scaled(this.config.probeInterval().toMillis());
		this.out.schedule(new Timer.ProbeTick(now + interval));
		if (this.leaving) {
			return;
		}
		Entry target = nextProbeTarget();
		if (target == null) {
			return;
		}
		long seq = ++this.nextSeq;
		this.probes.put(seq, new Probe(target.id, now, now + interval));
		Update suspicion = (target.state == MemberState.SUSPECT) ? target.update() : null;
		send(target.endpoint, new Ping(seq, target.id), suspicion);
		this.counters.probes++;
		this.out.schedule(new Timer.ProbeTimeout(now + scaled(this.config.probeTimeout().toMillis()), seq));
	}

	private Entry nextProbeTarget() {
		for (int scanned = 0; scanned <= this.probeOrder.size(); scanned++) {
			if (this.probeIndex >= this.probeOrder.size()) {
				rebuildProbeOrder();
				if (this.probeOrder.isEmpty()) {
					return null;
				}
			}
			Entry e = this.probeOrder.get(this.probeIndex++);
			if (e.state.isLive()) {
				return e;
			}
		}
		return null;
	}

	private void rebuildProbeOrder() {
		for (Entry e : this.probeOrder) {
			e.inProbeOrder = false;
		}
		this.probeOrder.clear();
		for (Entry e : this.entries) {
			if (e.state.isLive()) {
				this.probeOrder.add(e);
				e.inProbeOrder = true;
			}
		}
		Collections.shuffle(this.probeOrder, asRandom());
		this.probeIndex = 0;
	}

	/** New members go to a random place of the round so detection time stays bounded. */
	private void addToProbeOrder(Entry e) {
		if (e.inProbeOrder) {
			return;
		}
		int at = this.probeIndex + this.random.nextInt(this.probeOrder.size() - this.probeIndex + 1);
		this.probeOrder.add(at, e);
		e.inProbeOrder = true;
	}

	private void onProbeTimeout(long now, long seq) {
		Probe probe = this.probes.get(seq);
		if (probe == null) {
			return;
		}
		Entry target = this.byId.get(probe.target.nodeId());
		if (target != null && target.id.equals(probe.target)) {
			for (Entry helper : sample(this.config.indirectChecks(), target)) {
				send(helper.endpoint, new PingReq(seq, target.id, target.endpoint), null);
				probe.expectedNacks++;
				this.counters.indirectProbes++;
			}
		}
		this.out.schedule(new Timer.ProbeRoundEnd(Math.max(now, probe.roundEnd), seq));
	}

	private void onRoundEnd(long now, long seq) {
		Probe probe = this.probes.remove(seq);
		if (probe == null) {
			return;
		}
		if (probe.start < this.noAccuseBefore) {
			// the round overlapped our own stall, which the score already counted once
			return;
		}
		// Lifeguard: missing nacks mean our own messages or processing are the problem
		adjustHealth(probe.expectedNacks > 0 ? probe.expectedNacks - probe.nacks : 1);
		Entry target = this.byId.get(probe.target.nodeId());
		if (target == null || !target.id.equals(probe.target) || !target.state.isLive()) {
			return;
		}
		this.counters.suspicions++;
		apply(now, new Update(MemberState.SUSPECT, target.id, target.incarnation, target.endpoint,
				this.self.nodeId()), true);
	}

	private void onAck(MemberId sender, Ack ack) {
		Probe probe = this.probes.remove(ack.seq());
		if (probe != null) {
			if (sender.nodeId().equals(probe.target.nodeId())) {
				adjustHealth(-1);
			}
			return;
		}
		Relay relay = this.relays.remove(ack.seq());
		if (relay != null) {
			send(relay.requester, new Ack(relay.seq), null);
		}
	}

	/**
	 * Every packet is a small proof of life of its sender. Piggybacked news is applied first, so
	 * this only adds what the news did not say; whatever it adds is gossiped on, because others
	 * likely missed the same news.
	 */
	private void learnFromHeader(long now, Endpoint from, MemberId sender, long incarnation) {
		Entry known = this.byId.get(sender.nodeId());
		if (known == null) {
			Update death = this.reaped.deathNotice(sender, incarnation, from);
			if (death != null) {
				// we failed and forgot it, yet it talks: tell it, so it refutes and comes back
				send(from, Gossip.INSTANCE, death);
				return;
			}
		}
		if (known == null || sender.supersedes(known.id)) {
			// a member whose ALIVE we missed, or a restarted process talking before its ALIVE arrived
			apply(now, Update.alive(sender, incarnation, from), true);
		}
		else if (known.id.equals(sender)) {
			if (incarnation > known.incarnation) {
				// the sender refuted news we still hold; its own word is the freshest there is
				apply(now, Update.alive(sender, incarnation, known.endpoint), true);
			}
			else if (known.state == MemberState.DEAD) {
				// declared dead yet talking: tell it, so it refutes instead of living on unseen
				send(from, Gossip.INSTANCE, known.update());
			}
		}
	}

	private void onPing(Endpoint from, Ping ping) {
		if (!ping.target().nodeId().equals(this.self.nodeId()) || ping.target().supersedes(this.self)) {
			return;
		}
		// a ping meant for our predecessor is answered too: the prober learns the new instance
		// from the ack's sender and our piggybacked ALIVE
		send(from, new Ack(ping.seq()), null);
	}

	private void onPingReq(long now, Endpoint from, PingReq req) {
		long seq = ++this.nextSeq;
		this.relays.put(seq, new Relay(from, req.seq()));
		send(req.targetEndpoint(), new Ping(seq, req.target()), null);
		// answer before the requester's round ends so that the nack counts for its health score
		long wait = scaled(this.config.probeTimeout().toMillis()) * 4 / 5;
		this.out.schedule(new Timer.RelayTimeout(now + wait, seq));
	}

	// ------------------------------------------------------------------ suspicion

	private void startSuspicion(long now, Entry e, String accuser) {
		int n = this.liveCount;
		int expected = Math.max(0, Math.min(this.config.indirectChecks(), n - 2));
		e.suspicion = new Suspicion(now, accuser, expected, this.config.suspicionMinMillis(n),
				this.config.suspicionMaxMillis(n));
		scheduleSuspicion(now, e);
	}

	private void scheduleSuspicion(long now, Entry e) {
		Suspicion s = e.suspicion;
		s.generation = ++this.suspicionGeneration;
		long deadline = Math.max(now, s.deadline());
		this.out.schedule(new Timer.SuspicionTimeout(deadline, e.id.nodeId(), s.generation));
		long check = deadline - scaled(this.config.probeTimeout().toMillis());
		if (check > now) {
			this.out.schedule(new Timer.SuspicionCheck(check, e.id.nodeId(), s.generation));
		}
	}

	/**
	 * Last look before declaring a member dead: a refutation gossiped by the suspect may have
	 * missed us, but the suspect's own ack cannot lie about its incarnation (see
	 * {@link #learnFromHeader}). The ping belongs to no probe round, so silence changes nothing.
	 */
	private void onSuspicionCheck(Timer.SuspicionCheck t) {
		Entry e = this.byId.get(t.nodeId());
		if (e == null || e.state != MemberState.SUSPECT || e.suspicion == null
				|| e.suspicion.generation != t.generation() || this.leaving) {
			return;
		}
		send(e.endpoint, new Ping(++this.nextSeq, e.id), e.update());
	}

	private void onSuspicionTimeout(long now, Timer.SuspicionTimeout t, long lag) {
		Entry e = this.byId.get(t.nodeId());
		if (e == null || e.state != MemberState.SUSPECT || e.suspicion == null
				|| e.suspicion.generation != t.generation()) {
			return;
		}
		if (lag > this.config.probeInterval().toMillis()) {
			// we were frozen: a refutation may be waiting in our socket; give it one round
			scheduleSuspicionAt(e, now + this.config.probeInterval().toMillis());
			return;
		}
		apply(now, new Update(MemberState.DEAD, e.id, e.incarnation, e.endpoint, null), true);
	}

	private void scheduleSuspicionAt(Entry e, long at) {
		e.suspicion.generation = ++this.suspicionGeneration;
		this.out.schedule(new Timer.SuspicionTimeout(at, e.id.nodeId(), e.suspicion.generation));
	}

	// ------------------------------------------------------------------ state merge

	private void apply(long now, Update u, boolean regossip) {
		if (u.member().nodeId().equals(this.self.nodeId())) {
			applyAboutSelf(now, u);
			return;
		}
		Entry e = this.byId.get(u.member().nodeId());
		if (e == null) {
			if (this.reaped.admits(u)) {
				addNew(now, u, regossip);
			}
			return;
		}
		int order = Long.compareUnsigned(u.member().instance(), e.id.instance());
		if (order < 0) {
			return; // news about a replaced process: never let it come back
		}
		if (order > 0) {
			replaceInstance(now, e, u, regossip);
			return;
		}
		if (u.incarnation() - e.incarnation > MAX_INCARNATION_JUMP) {
			return; // implausible: a forged or corrupt record must not pin the member's incarnation
		}
		switch (u.state()) {
			case ALIVE -> {
				if (u.incarnation() == e.incarnation && fillMetadata(now, e, u)) {
					break;
				}
				if (u.incarnation() <= e.incarnation) {
					return;
				}
				MemberState before = e.state;
				boolean moved = takeEndpoint(e, u);
				e.incarnation = u.incarnation();
				// a refutation counts as a sign of life, even second hand
				e.lastHeard = now;
				boolean changed = takeMetadata(e, u);
				setState(now, e, MemberState.ALIVE);
				if (before != MemberState.ALIVE) {
					emit(Kind.ALIVE_AGAIN, e, now);
					if (!before.isLive()) {
						requestFollowUpSync(now);
					}
				}
				else if (moved || changed) {
					emit(Kind.UPDATED, e, now);
				}
			}
			case SUSPECT -> {
				if (!e.state.isLive() || u.incarnation() < e.incarnation) {
					return;
				}
				if (e.state == MemberState.SUSPECT && u.incarnation() == e.incarnation) {
					if (!e.suspicion.confirm(u.accuser())) {
						return;
					}
					scheduleSuspicion(now, e);
				}
				else {
					e.incarnation = u.incarnation();
					takeEndpoint(e, u);
					takeMetadata(e, u);
					setState(now, e, MemberState.SUSPECT);
					startSuspicion(now, e, u.accuser());
					emit(Kind.SUSPECTED, e, now);
				}
			}
			case DEAD -> {
				if (u.incarnation() < e.incarnation || !e.state.isLive()) {
					return;
				}
				e.incarnation = u.incarnation();
				setState(now, e, MemberState.DEAD);
				emit(Kind.FAILED, e, now);
			}
			case LEFT -> {
				if (u.incarnation() < e.incarnation || e.state == MemberState.LEFT) {
					return;
				}
				e.incarnation = u.incarnation();
				setState(now, e, MemberState.LEFT);
				emit(Kind.LEFT, e, now);
			}
		}
		if (regossip) {
			this.queue.add(u);
		}
	}

	/**
	 * A record of the incarnation we hold, carrying the metadata we lacked because we learned that
	 * incarnation from a packet header: take the metadata, and the advertised address in place of
	 * the packet's source address. True if it did.
	 */
	private boolean fillMetadata(long now, Entry e, Update u) {
		if (u.metadata() == null || e.metadataKnown() && e.endpointAdvertised || !e.state.isLive()) {
			return false;
		}
		boolean moved = takeEndpoint(e, u);
		boolean changed = takeMetadata(e, u);
		if (moved || changed) {
			emit(Kind.UPDATED, e, now);
		}
		return true;
	}

	/**
	 * Takes the record's address unless we hold the member's advertised one and the record may not
	 * carry it. A packet's source address can differ from the advertised one (NAT, multi-homed
	 * hosts); a record with metadata was written by the member itself, so it carries the advertised
	 * address, which an instance never changes. Records without metadata (learned from a header, or
	 * relayed by someone who learned them so) therefore never move an advertised address. True if
	 * the address changed.
	 */
	private static boolean takeEndpoint(Entry e, Update u) {
		boolean own = u.metadata() != null;
		if (e.endpointAdvertised && !own) {
			return false;
		}
		boolean moved = !u.endpoint().equals(e.endpoint);
		e.endpoint = u.endpoint();
		e.endpointAdvertised = own;
		return moved;
	}

	/** Stores the record's metadata if it carries any; true if that changed what we knew. */
	private boolean takeMetadata(Entry e, Update u) {
		if (u.metadata() == null) {
			return false;
		}
		e.metadataIncarnation = u.incarnation();
		if (u.metadata().equals(e.metadata)) {
			return false;
		}
		this.leadershipDirty |= !sameRoles(u.metadata(), e.metadata);
		e.metadata = u.metadata();
		return true;
	}

	/**
	 * A record from a state sync: the sender's view, which may be a whole partition behind or ahead
	 * of ours. Merged like gossip except that a sync never turns a member we hold live into a
	 * failed one, nor the reverse at the same incarnation: the two sides disagree about a process,
	 * so that process is told what the other side believes (a "notice", its DEAD record). A live
	 * process refutes with a higher incarnation, which then wins everywhere; a dead one stays
	 * silent and our own failure detector decides. That keeps the heal of a partition from
	 * failing, for a moment, every member of the other side.
	 */
	private void applySynced(long now, Update u, MemberId sender, Set<String> noticed) {
		Entry e = this.byId.get(u.member().nodeId());
		if (e == null) {
			if (!u.state().isLive()) {
				// a tombstone we do not hold (never knew, or reaped): taking it would restart its
				// retention here, and tombstones would circulate between members for ever
				return;
			}
			Update death = this.reaped.deathNotice(u.member(), u.incarnation(), u.endpoint());
			if (death != null) {
				// we failed and reaped it, the sender holds it live: it must refute to come back
				notice(u.endpoint(), death, noticed);
				return;
			}
		}
		else if (e.id.equals(u.member())) {
			if (u.state().isLive() && e.state == MemberState.DEAD) {
				if (u.incarnation() <= e.incarnation) {
					notice(e.endpoint, e.update(), noticed);
					return;
				}
				if (u.state() == MemberState.SUSPECT) {
					// suspected at a newer incarnation means alive at it: the member refuted its death
					u = new Update(MemberState.ALIVE, u.member(), u.incarnation(), u.endpoint(), null, u.metadata());
				}
			}
			else if (e.state.isLive() && !u.state().isLive() && u.state() != MemberState.LEFT
					&& u.incarnation() >= e.incarnation) {
				disputeDeath(now, e, u, sender, noticed);
				return;
			}
			else if (e.state.isLive() && u.state() == MemberState.SUSPECT) {
				if (u.incarnation() > e.incarnation && u.metadata() != null) {
					apply(now, Update.alive(u.member(), u.incarnation(), u.endpoint(), u.metadata()), true);
				}
				return;
			}
		}
		apply(now, u, true);
	}

	/**
	 * The sync partner holds dead a member we hold live. If that member talked to us lately, the
	 * partner is behind (typically the other side of a healed partition): the member is told, so
	 * it refutes. If it has been silent for longer than a probe cycle and a suspicion, which our
	 * own probes should not allow, it may well be dead and we
	 * missed the news (we were cut off when it was spread): our own suspicion starts, with the
	 * partner as accuser, and our failure detector decides; a live member refutes a suspicion in
	 * time, so this never fails a reachable member.
	 */
	private void disputeDeath(long now, Entry e, Update dead, MemberId partner, Set<String> noticed) {
		// one round-robin cycle, in which we probe it, plus one suspicion: within that, silence is normal
		long quiet = this.liveCount * this.config.probeInterval().toMillis()
				+ this.config.suspicionMaxMillis(this.liveCount);
		if (now - e.lastHeard <= quiet) {
			notice(e.endpoint, dead, noticed);
		}
		else if (e.state == MemberState.ALIVE) {
			apply(now, new Update(MemberState.SUSPECT, e.id, e.incarnation, e.endpoint, partner.nodeId()), true);
		}
		else if (e.suspicion != null && e.suspicion.confirm(partner.nodeId())) {
			scheduleSuspicion(now, e);
		}
	}

	private void notice(Endpoint to, Update record, Set<String> noticed) {
		if (noticed.add(record.member().nodeId())) {
			send(to, Gossip.INSTANCE, record);
		}
	}

	private void addNew(long now, Update u, boolean regossip) {
		Entry e = new Entry(u.member(), u.endpoint(), u.incarnation());
		this.byId.put(e.id.nodeId(), e);
		this.entries.add(e);
		e.stateSince = now;
		e.lastHeard = now;
		e.endpointAdvertised = u.metadata() != null;
		takeMetadata(e, u);
		if (u.state().isLive()) {
			e.state = MemberState.ALIVE;
			this.liveCount++;
			// a member that names no role still holds every role it does not exclude
			this.leadershipDirty |= mattersToLeadership(e);
			addToProbeOrder(e);
			emit(Kind.JOINED, e, now);
			requestFollowUpSync(now);
			if (u.state() == MemberState.SUSPECT) {
				setState(now, e, MemberState.SUSPECT);
				startSuspicion(now, e, u.accuser());
				emit(Kind.SUSPECTED, e, now);
			}
		}
		else {
			// a tombstone learned second hand: no event, but it keeps stale ALIVEs from resurrecting it
			e.state = u.state();
		}
		if (regossip) {
			this.queue.add(u);
		}
	}

	private void replaceInstance(long now, Entry e, Update u, boolean regossip) {
		boolean wasLive = e.state.isLive();
		e.id = u.member();
		e.endpoint = u.endpoint();
		e.endpointAdvertised = u.metadata() != null;
		e.incarnation = u.incarnation();
		e.suspicion = null;
		e.lastHeard = now;
		this.leadershipDirty |= mattersToLeadership(e);
		e.metadata = MemberMetadata.EMPTY;
		e.metadataIncarnation = -1;
		takeMetadata(e, u);
		if (u.state().isLive()) {
			setState(now, e, MemberState.ALIVE);
			emit(wasLive ? Kind.UPDATED : Kind.JOINED, e, now);
			requestFollowUpSync(now);
			if (u.state() == MemberState.SUSPECT) {
				setState(now, e, MemberState.SUSPECT);
				startSuspicion(now, e, u.accuser());
				emit(Kind.SUSPECTED, e, now);
			}
		}
		else {
			setState(now, e, u.state());
			if (wasLive) {
				emit(u.state() == MemberState.LEFT ? Kind.LEFT : Kind.FAILED, e, now);
			}
		}
		if (regossip) {
			this.queue.add(u);
		}
	}

	private void applyAboutSelf(long now, Update u) {
		if (u.member().instance() != this.self.instance()) {
			if (u.member().supersedes(this.self)) {
				becomeSuperseded(now, new Member(u.member(), u.endpoint(), u.state(), u.incarnation(),
						(u.metadata() != null) ? u.metadata() : MemberMetadata.EMPTY));
			}
			return;
		}
		if (this.leaving) {
			if (u.state() != MemberState.LEFT) {
				this.queue.add(selfLeft());
			}
			return;
		}
		boolean accused = u.state() != MemberState.ALIVE && u.incarnation() >= this.incarnation;
		boolean overtaken = u.state() == MemberState.ALIVE && u.incarnation() > this.incarnation;
		if ((accused || overtaken) && u.incarnation() - this.incarnation <= MAX_INCARNATION_JUMP) {
			// refute: only we may raise our incarnation, and a higher one beats any accusation
			this.incarnation = u.incarnation() + 1;
			this.counters.refutations++;
			adjustHealth(1);
			this.queue.add(selfAlive());
			if (u.state() == MemberState.DEAD) {
				this.refuteToSender = true;
			}
		}
	}

	/**
	 * A newer process with our node id exists: a restart elsewhere while we still run (a zombie),
	 * or a second process configured with our id. Either way the cluster follows the newer one
	 * (higher instance), so we stop taking part and never raise our incarnation against it: that
	 * is what keeps two such processes from making each other flap. We report the conflict, and
	 * keep telling the other process once a minute so it reports it too.
	 */
	private void becomeSuperseded(long now, Member newer) {
		this.superseded = true;
		this.out.event(new MembershipEvent(Kind.SUPERSEDED,
				new Member(this.self, this.advertise, MemberState.LEFT, this.incarnation, this.metadata), now));
		if (!newer.endpoint().equals(this.advertise)) {
			this.newerSelf = newer;
			onConflictNotice(now);
		}
	}

	private void onConflictNotice(long now) {
		Member newer = this.newerSelf;
		if (newer == null) {
			return;
		}
		reportConflict(now, newer);
		// header only: it carries our id and instance, which is all the other process needs
		this.out.send(newer.endpoint(), new Packet(this.self, this.incarnation, Gossip.INSTANCE, List.of()));
		this.out.schedule(new Timer.ConflictNotice(now + CONFLICT_REPORT_MILLIS));
	}

	private void reportConflict(long now, Member other) {
		Long last = this.conflictReports.get(other.id().instance());
		if (last != null && now - last < CONFLICT_REPORT_MILLIS) {
			return;
		}
		if (this.conflictReports.size() > 64) {
			this.conflictReports.clear();
		}
		this.conflictReports.put(other.id().instance(), now);
		this.out.event(new MembershipEvent(Kind.ID_CONFLICT, other, now));
	}

	private void setState(long now, Entry e, MemberState state) {
		boolean wasLive = e.state.isLive();
		e.state = state;
		e.stateSince = now;
		if (state != MemberState.SUSPECT) {
			e.suspicion = null;
		}
		if (wasLive && !state.isLive()) {
			this.liveCount--;
			this.leadershipDirty |= mattersToLeadership(e);
		}
		else if (!wasLive && state.isLive()) {
			this.liveCount++;
			this.leadershipDirty |= mattersToLeadership(e);
			addToProbeOrder(e);
		}
	}

	private void emit(Kind kind, Entry e, long now) {
		this.out.event(new MembershipEvent(kind, e.snapshot(), now));
	}

	// ------------------------------------------------------------------ leadership

	/** Runs after every input: re-evaluates leadership if the view changed in a way that matters. */
	private void afterInput(long now) {
		if (!this.leadershipDirty || this.superseded) {
			return;
		}
		this.leadershipDirty = false;
		// the live members, this node first unless it leaves; whoever names a role, held or
		// excluded, gives it a seat of its own
		List<Member> live = new ArrayList<>();
		Set<String> named = new TreeSet<>(this.leadership.namedRoles());
		if (!this.leaving) {
			live.add(localMember());
		}
		named.addAll(this.metadata.roles());
		named.addAll(this.metadata.excludedRoles());
		for (Entry e : this.entries) {
			if (e.state.isLive()) {
				live.add(e.snapshot());
				named.addAll(e.metadata.roles());
				named.addAll(e.metadata.excludedRoles());
			}
		}
		String lowest = null;
		Map<String, String> candidates = new HashMap<>();
		named.forEach((role) -> candidates.put(role, null));
		for (Member m : live) {
			lowest = lower(lowest, m.id().nodeId());
			for (String role : named) {
				if (m.metadata().holds(role)) {
					candidates.put(role, lower(candidates.get(role), m.id().nodeId()));
				}
			}
		}
		this.leadershipHorizon = horizon(candidates, lowest);
		String leavingSelf = this.leaving ? this.self.nodeId() : null;
		long next = this.leadership.evaluate(now, candidates, lowest, leavingSelf, (role, nodeId) -> {
			Member leader = (nodeId != null) ? memberOrSelf(nodeId) : null;
			this.out.event(new MembershipEvent(Kind.LEADER_CHANGED, leader, now, role));
		});
		if (next < this.leaderCheckAt) {
			this.leaderCheckAt = next;
			this.out.schedule(new Timer.LeaderCheck(next));
		}
	}

	private static String lower(String a, String b) {
		return (a == null || MemberId.NODE_ID_ORDER.compare(b, a) < 0) ? b : a;
	}

	/**
	 * The highest candidate of any role, or null when some role has none (then any member that
	 * comes alive may become one). A member above it that names no role cannot change a candidate
	 * by coming or going, which spares a large cluster without roles a recount per join.
	 */
	private static String horizon(Map<String, String> candidates, String lowest) {
		if (lowest == null || candidates.containsValue(null)) {
			return null;
		}
		String highest = lowest;
		for (String candidate : candidates.values()) {
			highest = (MemberId.NODE_ID_ORDER.compare(candidate, highest) > 0) ? candidate : highest;
		}
		return highest;
	}

	/** Whether a change in {@code e}'s liveness or instance may change a leader. */
	private boolean mattersToLeadership(Entry e) {
		return e.metadata.namesRoles() || this.leadershipHorizon == null
				|| MemberId.NODE_ID_ORDER.compare(e.id.nodeId(), this.leadershipHorizon) <= 0;
	}

	private static boolean sameRoles(MemberMetadata a, MemberMetadata b) {
		return a.roles().equals(b.roles()) && a.excludedRoles().equals(b.excludedRoles());
	}

	// ------------------------------------------------------------------ join, gossip, reap

	private void onJoinRequest(long now, Endpoint from, MemberId sender, JoinRequest join) {
		apply(now, Update.alive(sender, join.incarnation(), join.advertise()), true);
		int budget = this.config.packetBudget() - this.sizer.baseSize(this.self, this.incarnation, new JoinResponse(List.of()))
				- this.sizer.countOverhead() * 2;
		List<Update> part = new ArrayList<>();
		int used = 0;
		part.add(selfAlive());
		used += this.sizer.updateSize(part.get(0));
		for (Entry e : this.entries) {
			Update u = e.update();
			int size = this.sizer.updateSize(u);
			if (used + size > budget) {
				send(from, new JoinResponse(part), null);
				part = new ArrayList<>();
				used = 0;
			}
			part.add(u);
			used += size;
		}
		send(from, new JoinResponse(part), null);
	}

	private void onJoinRetry(long now, int attempt) {
		if (this.joined || this.leaving) {
			return;
		}
		sendJoinRequests();
		this.out.schedule(new Timer.JoinRetry(now + joinBackoff(attempt), attempt + 1));
	}

	/** First catch-up after about two probe intervals, the next after about eight. */
	private void scheduleCatchUp(long now, int remaining) {
		long base = this.config.probeInterval().toMillis() * (remaining == JOIN_CATCH_UPS ? 2 : 8);
		this.out.schedule(new Timer.JoinCatchUp(now + base / 2 + this.random.nextLong(base + 1), remaining));
	}

	private void onCatchUp(long now, int remaining) {
		if (this.leaving) {
			return;
		}
		List<Entry> peer = sample(1, null);
		if (!peer.isEmpty()) {
			send(peer.get(0).endpoint, new JoinRequest(this.advertise, this.incarnation), null);
		}
		announceToSilentMembers();
		if (remaining > 1) {
			scheduleCatchUp(now, remaining - 1);
		}
		else {
			this.heardFrom = null;
		}
	}

	/**
	 * Members that have sent us nothing since we joined may have missed our ALIVE (every member
	 * that knows us probes or gossips to us sooner or later). Any packet from us teaches them,
	 * through its header, so a few of them get one; bounded by the gossip fanout.
	 */
	private void announceToSilentMembers() {
		if (this.heardFrom == null) {
			return;
		}
		List<Entry> silent = new ArrayList<>();
		for (Entry e : this.entries) {
			if (e.state == MemberState.ALIVE && !this.heardFrom.contains(e.id.nodeId())) {
				silent.add(e);
			}
		}
		Collections.shuffle(silent, asRandom());
		for (int i = 0; i < Math.min(this.config.gossipFanout(), silent.size()); i++) {
			send(silent.get(i).endpoint, Gossip.INSTANCE, null);
		}
	}

	private void sendJoinRequests() {
		for (Endpoint seed : this.seeds) {
			send(seed, new JoinRequest(this.advertise, this.incarnation), null);
		}
	}

	/** Exponential backoff with jitter so that a cluster restarting at once does not retry in lockstep. */
	private long joinBackoff(int attempt) {
		long base = this.config.probeInterval().toMillis();
		long factor = Math.min(1L << Math.min(attempt, 20), MAX_JOIN_BACKOFF_FACTOR);
		long delay = base * factor;
		return delay / 2 + this.random.nextLong(delay / 2 + 1);
	}

	private void gossipRound() {
		if (this.queue.isEmpty()) {
			return;
		}
		for (Entry target : sample(this.config.gossipFanout(), null)) {
			if (this.queue.isEmpty()) {
				return;
			}
			send(target.endpoint, Gossip.INSTANCE, null);
		}
	}

	/**
	 * Forgets tombstones older than the retention window, remembering each reaped member compactly
	 * for one more window so that stale records cannot bring it back.
	 */
	private void reap(long now) {
		this.out.schedule(new Timer.Reap(now + REAP_PERIOD_MILLIS));
		long retention = this.config.deadMemberRetention().toMillis();
		this.reaped.expire(now, retention);
		List<Entry> gone = new ArrayList<>();
		boolean removed = this.entries.removeIf((e) -> {
			boolean expired = !e.state.isLive() && now - e.stateSince > retention;
			if (expired) {
				this.byId.remove(e.id.nodeId());
				this.reaped.remember(e.id, e.incarnation, now);
				gone.add(e);
			}
			return expired;
		});
		for (Entry e : gone) {
			emit(Kind.REMOVED, e, now);
		}
		if (removed) {
			this.probeOrder.removeIf((e) -> !this.byId.containsKey(e.id.nodeId()) || this.byId.get(e.id.nodeId()) != e);
			this.probeIndex = Math.min(this.probeIndex, this.probeOrder.size());
		}
	}

	// ------------------------------------------------------------------ anti-entropy

	/** Push-pull with one random live member, at an interval that grows with the cluster. */
	private void onSyncTick(long now) {
		this.out.schedule(new Timer.SyncTick(now + jittered(this.config.syncIntervalMillis(this.liveCount))));
		syncWithRandomMember();
	}

	private void syncWithRandomMember() {
		if (this.leaving || !this.joined) {
			return;
		}
		List<Entry> peer = sample(1, null);
		if (!peer.isEmpty()) {
			send(peer.get(0).endpoint, digest(), null);
		}
	}

	/**
	 * A member joined or came back: others likely changed too (a partition healed, a cluster
	 * started), and push gossip reaches each member only with high probability, not certainty. One
	 * sync a few seconds later, once gossip had its chance, fetches the rest at the cost of a digest.
	 * At most one per {@link ProtocolConfig#followUpSpacingMillis()}, so churn cannot make it a steady cost.
	 */
	private void requestFollowUpSync(long now) {
		long spacing = this.config.followUpSpacingMillis();
		if (!this.joined || this.followUpScheduledAt != Long.MIN_VALUE && now - this.followUpScheduledAt < spacing) {
			return;
		}
		this.followUpScheduledAt = now;
		long delay = this.config.probeInterval().toMillis();
		this.out.schedule(new Timer.FollowUpSync(now + 2 * delay + this.random.nextLong(delay + 1)));
	}

	/**
	 * Partition healing: sync with one random address among the members we hold failed and the
	 * seeds that are not live members of our view. After a partition both sides hold the other
	 * failed, and once tombstones are reaped the seeds are the way back; one contact is enough for
	 * the views to merge.
	 * <p>
	 * The cluster as a whole, not each member, tries its failed members about once per period, as
	 * in Serf: a member tries with probability (failed addresses it holds) / (live members it
	 * holds, itself included), drawn only when that is below one. The smaller side of a split (or
	 * either side of an even one, or a member alone) holds at least as many failed as live, so each
	 * of its members still tries every period; one crash in a cluster of 32 costs about one
	 * digest per period cluster-wide instead of 31 sent into a void. A seed missing from our view
	 * altogether (reaped, or never heard of) is tried by every member every period, as the way
	 * back once tombstones are gone; a seed held as a tombstone counts as a failed member.
	 */
	private void onReconnectTick(long now) {
		this.out.schedule(new Timer.ReconnectTick(now + jittered(this.config.reconnectIntervalMillis(this.liveCount))));
		if (this.leaving || !this.joined) {
			return;
		}
		List<Endpoint> candidates = new ArrayList<>();
		Set<Endpoint> live = new HashSet<>();
		Set<Endpoint> tombstones = new HashSet<>();
		Set<Endpoint> failed = new HashSet<>();
		for (Entry e : this.entries) {
			if (e.state == MemberState.DEAD) {
				candidates.add(e.endpoint);
				failed.add(e.endpoint);
			}
			if (e.state.isLive()) {
				live.add(e.endpoint);
			}
			else {
				tombstones.add(e.endpoint);
			}
		}
		boolean seedMissing = false;
		for (Endpoint seed : this.seeds) {
			if (!live.contains(seed)) {
				candidates.add(seed);
				if (tombstones.contains(seed)) {
					failed.add(seed);
				}
				else {
					seedMissing = true;
				}
			}
		}
		if (candidates.isEmpty()) {
			return;
		}
		// drawn only below one, so a member that must try consumes no random draw for it
		boolean tries = seedMissing || failed.size() >= this.liveCount
				|| this.random.nextInt(this.liveCount) < failed.size();
		if (tries) {
			send(candidates.get(this.random.nextInt(candidates.size())), digest(), null);
		}
	}

	private SyncRequest digest() {
		return new SyncRequest(ViewDigest.bucketHashes(records(), ViewDigest.bucketCount(this.entries.size() + 1)));
	}

	/** The whole view as records, our own included, as a state sync compares and sends it. */
	private List<Update> records() {
		List<Update> records = new ArrayList<>(this.entries.size() + 1);
		records.add(this.leaving ? selfLeft() : selfAlive());
		for (Entry e : this.entries) {
			records.add(e.update());
		}
		return records;
	}

	/** Answers a digest with our records of the buckets that differ, asking for theirs back. */
	private void onSyncRequest(Endpoint from, SyncRequest request) {
		int buckets = request.bucketHashes().size();
		List<Update> records = records(); // built once: hashed here, then sent for the differing buckets
		List<Integer> differing = ViewDigest.differing(ViewDigest.bucketHashes(records, buckets),
				request.bucketHashes());
		if (!differing.isEmpty()) {
			pushBuckets(from, records, true, buckets, differing);
		}
	}

	private void onSyncPush(long now, Endpoint from, MemberId sender, SyncPush push) {
		Set<String> noticed = new HashSet<>();
		for (Update record : push.records()) {
			if (record.member().nodeId().equals(this.self.nodeId())) {
				apply(now, record, true);
			}
			else {
				applySynced(now, record, sender, noticed);
			}
			if (this.superseded) {
				return;
			}
		}
		if (push.wantReply() && !push.buckets().isEmpty()) {
			pushBuckets(from, records(), false, push.bucketCount(), push.buckets());
		}
	}

	/**
	 * Sends our records of {@code buckets} in as many datagrams as needed; each lists the buckets
	 * whose records start in it, so a lost part costs only its own buckets.
	 */
	private void pushBuckets(Endpoint to, List<Update> records, boolean wantReply, int bucketCount,
			List<Integer> buckets) {
		List<List<Update>> byBucket = ViewDigest.recordsOf(records, bucketCount, buckets);
		int budget = this.config.packetBudget()
				- this.sizer.baseSize(this.self, this.incarnation, new SyncPush(wantReply, bucketCount, List.of(), List.of()))
				- this.sizer.countOverhead() * 3;
		List<Integer> partBuckets = new ArrayList<>();
		List<Update> part = new ArrayList<>();
		int used = 0;
		for (int i = 0; i < buckets.size(); i++) {
			// a bucket number costs at most two bytes in the part's list
			if (used + 2 > budget) {
				send(to, new SyncPush(wantReply, bucketCount, partBuckets, part), null);
				partBuckets = new ArrayList<>();
				part = new ArrayList<>();
				used = 0;
			}
			partBuckets.add(buckets.get(i));
			used += 2;
			for (Update u : byBucket.get(i)) {
				int size = this.sizer.updateSize(u);
				if (used + size > budget) {
					send(to, new SyncPush(wantReply, bucketCount, partBuckets, part), null);
					partBuckets = new ArrayList<>();
					part = new ArrayList<>();
					used = 0;
				}
				part.add(u);
				used += size;
			}
		}
		send(to, new SyncPush(wantReply, bucketCount, partBuckets, part), null);
	}

	// ------------------------------------------------------------------ helpers

	/** Our own ALIVE record, with our metadata. */
	private Update selfAlive() {
		return Update.alive(this.self, this.incarnation, this.advertise, this.metadata);
	}

	private Update selfLeft() {
		return new Update(MemberState.LEFT, this.self, this.incarnation, this.advertise, null);
	}

	/** Uniform in [period / 2, 3 * period / 2), so members do not act in lockstep. */
	private long jittered(long period) {
		return period / 2 + this.random.nextLong(Math.max(1, period));
	}

	/** Sends {@code message} with as many queued updates as fit, {@code first} ahead of them. */
	private void send(Endpoint to, Message message, Update first) {
		int budget = this.config.packetBudget() - this.sizer.baseSize(this.self, this.incarnation, message) - this.sizer.countOverhead();
		List<Update> updates = new ArrayList<>(4);
		if (first != null) {
			int size = this.sizer.updateSize(first);
			if (size <= budget) {
				updates.add(first);
				budget -= size;
			}
		}
		this.queue.take(budget, this.config.retransmitLimit(this.liveCount), this.sizer, to, updates);
		this.out.send(to, new Packet(this.self, this.incarnation, message, updates));
	}

	/** Up to {@code k} distinct random ALIVE members other than {@code exclude}. */
	private List<Entry> sample(int k, Entry exclude) {
		List<Entry> picked = new ArrayList<>(k);
		int size = this.entries.size();
		if (size == 0 || k <= 0) {
			return picked;
		}
		int attempts = 4 * k + 8;
		for (int i = 0; i < attempts && picked.size() < k; i++) {
			Entry e = this.entries.get(this.random.nextInt(size));
			if (e != exclude && e.state.isLive() && !picked.contains(e)) {
				picked.add(e);
			}
		}
		if (picked.size() < k && this.liveCount - 1 > picked.size()) {
			// mostly tombstones: fall back to a scan so small or shrinking clusters still find helpers
			List<Entry> live = new ArrayList<>();
			for (Entry e : this.entries) {
				if (e != exclude && e.state.isLive() && !picked.contains(e)) {
					live.add(e);
				}
			}
			Collections.shuffle(live, asRandom());
			for (int i = 0; i < live.size() && picked.size() < k; i++) {
				picked.add(live.get(i));
			}
		}
		return picked;
	}

	private long scaled(long millis) {
		return millis * (1 + this.health);
	}

	private void adjustHealth(int delta) {
		this.health = Math.max(0, Math.min(MAX_HEALTH, this.health + delta));
	}

	private java.util.Random asRandom() {
		return new java.util.Random(this.random.nextLong());
	}

	private static final class Entry {

		MemberId id;

		Endpoint endpoint;

		/** Whether {@link #endpoint} came from the member's own record, not a packet's source address. */
		boolean endpointAdvertised;

		MemberState state;

		long incarnation;

		long stateSince;

		/** Last time a packet from this process arrived; see {@link Membership#disputeDeath}. */
		long lastHeard;

		Suspicion suspicion;

		MemberMetadata metadata = MemberMetadata.EMPTY;

		/** Incarnation whose record carried {@link #metadata}; below {@link #incarnation} it may be stale. */
		long metadataIncarnation = -1;

		boolean inProbeOrder;

		Entry(MemberId id, Endpoint endpoint, long incarnation) {
			this.id = id;
			this.endpoint = endpoint;
			this.incarnation = incarnation;
		}

		Member snapshot() {
			return new Member(this.id, this.endpoint, this.state, this.incarnation, this.metadata);
		}

		boolean metadataKnown() {
			return this.metadataIncarnation >= this.incarnation;
		}

		/** This entry as a record; it carries the metadata when we know it for this incarnation. */
		Update update() {
			String accuser = (this.state == MemberState.SUSPECT) ? this.suspicion.firstAccuser : null;
			return new Update(this.state, this.id, this.incarnation, this.endpoint, accuser,
					metadataKnown() ? this.metadata : null);
		}

	}

	private static final class Probe {

		final MemberId target;

		final long start;

		final long roundEnd;

		int expectedNacks;

		int nacks;

		Probe(MemberId target, long start, long roundEnd) {
			this.target = target;
			this.start = start;
			this.roundEnd = roundEnd;
		}

	}

	private record Relay(Endpoint requester, long seq) {
	}

}
