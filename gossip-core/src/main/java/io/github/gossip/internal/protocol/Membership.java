package io.github.gossip.internal.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;
import io.github.gossip.internal.protocol.Message.LeaseGrant;
import io.github.gossip.internal.protocol.Message.LeaseRequest;
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
 * <p>
 * This class owns the inputs and dispatches them; each concern lives in its own type: the
 * {@link MemberTable} of records, the pure {@link MergeRules} and the {@link RecordMerger} that
 * carries them out, the {@link FailureDetector} with its {@link LocalHealth}, the
 * {@link LocalIdentity}, {@link Joining}, {@link AntiEntropy}, the {@link DatagramPacker} and the
 * {@link LeadershipWatch}.
 */
public final class Membership {

	/** Largest incarnation step accepted from gossip, so a forged huge value cannot pin a member. */
	static final long MAX_INCARNATION_JUMP = MergeRules.MAX_INCARNATION_JUMP;

	private static final long REAP_PERIOD_MILLIS = 60_000;

	private final ProtocolConfig config;

	/** When the last early gossip round ran ({@link #spreadQueuedNews}). */
	private long lastEagerRound = Long.MIN_VALUE / 2;

	private final RandomGenerator random;

	private final Outputs out;

	private final ProtocolCounters counters;

	private final DisseminationQueue queue;

	private final LocalHealth health;

	private final MemberTable table;

	private final LocalIdentity identity;

	private final DatagramPacker packer;

	private final LeadershipWatch leadership;

	private final MajorityLeases leases;

	private final FailureDetector detector;

	private final RecordMerger merger;

	private final Joining joining;

	private final AntiEntropy antiEntropy;

	private boolean started;

	public Membership(ProtocolConfig config, MemberId self, Endpoint advertise, RandomGenerator random,
			PacketSizer sizer, Outputs out) {
		this(config, self, advertise, MemberMetadata.EMPTY, random, sizer, out);
	}

	public Membership(ProtocolConfig config, MemberId self, Endpoint advertise, MemberMetadata metadata,
			RandomGenerator random, PacketSizer sizer, Outputs out) {
		this(config, self, advertise, metadata, Map.of(), random, sizer, out);
	}

	/**
	 * @param quorums the roles with the majority policy, by normalized name; every other role is
	 * led by its lowest live holder
	 */
	public Membership(ProtocolConfig config, MemberId self, Endpoint advertise, MemberMetadata metadata,
			Map<String, QuorumRule> quorums, RandomGenerator random, PacketSizer sizer, Outputs out) {
		Objects.requireNonNull(metadata, "metadata");
		Objects.requireNonNull(quorums, "quorums");
		this.config = Objects.requireNonNull(config, "config");
		Objects.requireNonNull(self, "self");
		Objects.requireNonNull(advertise, "advertise");
		this.random = Objects.requireNonNull(random, "random");
		Objects.requireNonNull(sizer, "sizer");
		this.out = Objects.requireNonNull(out, "out");
		MembershipParts parts = new MembershipParts(config, self, advertise, metadata, quorums, random, sizer, out);
		this.leases = parts.leases;
		this.counters = parts.counters;
		this.queue = parts.queue;
		this.health = parts.health;
		this.table = parts.table;
		this.identity = parts.identity;
		this.packer = parts.packer;
		this.leadership = parts.leadership;
		this.detector = parts.detector;
		this.merger = parts.merger;
		this.joining = parts.joining;
		this.antiEntropy = parts.antiEntropy;
	}

	// ------------------------------------------------------------------ inputs

	/**
	 * Starts probing and gossiping, and contacts every seed (addresses equal to our own advertised
	 * endpoint are skipped). With no reachable seed the node runs alone and keeps retrying with
	 * exponential backoff.
	 */
	public void start(long now, List<Endpoint> seedEndpoints) {
		start(now, now, seedEndpoints);
	}

	/**
	 * {@link #start(long, List)} for a driver whose clock ({@code now}) is its own, such as the time
	 * since the process started: {@code wallClockMillis}, the wall clock now (milliseconds since the
	 * epoch), is what members align their probe rounds on without talking (see {@code ProbeOrder}).
	 * A wall clock that is off, or stepped later, costs that alignment only.
	 */
	public void start(long now, long wallClockMillis, List<Endpoint> seedEndpoints) {
		if (this.started) {
			throw new IllegalStateException("already started");
		}
		this.started = true;
		this.joining.setSeeds(seedEndpoints);
		this.queue.add(this.identity.alive());
		// the order of these timers is the order of their random draws, which seeded runs replay
		this.detector.start(now, wallClockMillis);
		this.out.schedule(new Timer.GossipTick(now + this.random.nextLong(this.config.gossipInterval().toMillis())));
		this.out.schedule(new Timer.Reap(now + REAP_PERIOD_MILLIS));
		this.antiEntropy.start(now);
		// no timer, so no change to anything else, without a majority-policy role
		this.leases.start(now);
		this.leadership.markDirty();
		afterInput(now);
		this.joining.start(now);
	}

	/**
	 * Replaces the seed addresses used by later join attempts and by partition healing (which tries
	 * the seeds missing from the view), for a driver that re-resolves seed host names (DNS).
	 */
	public void updateSeeds(List<Endpoint> seedEndpoints) {
		this.joining.setSeeds(seedEndpoints);
	}

	/**
	 * Leaves gracefully: the LEFT record is pushed at once and keeps being gossiped while the driver
	 * keeps calling us; the driver should wait a few gossip intervals before stopping.
	 */
	public void leave(long now) {
		if (!this.started || this.identity.isLeaving() || this.identity.isSuperseded()) {
			return;
		}
		this.identity.leave();
		// this round is the early one: the LEFT record is not pushed twice at once
		this.lastEagerRound = now;
		gossipRound();
		this.leadership.markDirty();
		afterInput(now);
	}

	/**
	 * Replaces this member's metadata: the incarnation rises so that the new ALIVE record beats the
	 * old one everywhere. Roles are part of the metadata.
	 */
	public void updateMetadata(long now, MemberMetadata newMetadata) {
		Objects.requireNonNull(newMetadata, "newMetadata");
		MemberMetadata old = this.identity.metadata();
		// the leadership claims are the protocol's: the application replaces everything else
		newMetadata = newMetadata.withClaims(old.claims(), old.floors());
		if (newMetadata.equals(old)) {
			return;
		}
		this.identity.setMetadata(newMetadata);
		if (this.started && !this.identity.isLeaving() && !this.identity.isSuperseded()) {
			this.identity.announceMetadata();
			// leaders depend on roles only: a change of user values needs no new election
			this.leadership.metadataChanged(old, newMetadata);
			// the local application hears of its own change like every other member does
			this.out.event(new MembershipEvent(Kind.UPDATED, localMember(), now));
			afterInput(now);
		}
	}

	/** A decoded packet arrived from {@code from} (the datagram's source address). */
	public void onPacket(long now, Endpoint from, Packet packet) {
		if (!this.started || this.identity.isSuperseded()) {
			return;
		}
		MemberId sender = packet.sender();
		if (this.identity.isOurNodeId(sender)) {
			this.identity.onPacketFromOurNodeId(now, from, sender, packet.senderIncarnation());
			return;
		}
		MemberRecord known = this.table.get(sender.nodeId());
		if (known != null && known.id().supersedes(sender)) {
			// a process that was replaced must not influence anything any more; if it runs elsewhere
			// it is a zombie or a duplicate: tell it about its successor, so it steps down and reports
			if (!from.equals(known.endpoint())) {
				this.packer.send(from, Gossip.INSTANCE, known.update());
			}
			return;
		}
		this.joining.heardFrom(sender.nodeId());
		boolean refutedDeath = false;
		for (Update update : packet.updates()) {
			refutedDeath |= this.merger.apply(now, update, true);
			if (this.identity.isSuperseded()) {
				return;
			}
		}
		if (!(packet.message() instanceof JoinRequest)) {
			// a join request's header is merged as the request itself, with the advertised address
			this.merger.learnFromHeader(now, from, sender, packet.senderIncarnation());
		}
		MemberRecord talker = this.table.get(sender.nodeId());
		if (talker != null && talker.id().equals(sender)) {
			talker.heard(now);
		}
		MessageDispatch dispatch = new MessageDispatch(now, from, sender);
		packet.message().accept(dispatch);
		if ((refutedDeath || dispatch.refutedDeath) && !this.identity.isSuperseded()) {
			// we were declared dead: tell the accuser directly rather than wait for gossip to reach
			// it, since after a partition it may hold us dead and so never gossip to us
			this.packer.send(from, Gossip.INSTANCE, this.identity.alive());
		}
		afterInput(now);
	}

	/**
	 * The host at {@code endpoint} answered a {@linkplain Outputs#checkPort port check} with "nothing
	 * is bound here" (ICMP port unreachable).
	 */
	public void onPortClosed(long now, Endpoint endpoint) {
		if (!this.started || this.identity.isSuperseded()) {
			return;
		}
		accuse(now, this.detector.onPortClosed(endpoint));
		afterInput(now);
	}

	/** A timer set through {@link Outputs#schedule} is due; {@code now} may be later than its time. */
	public void onTimer(long now, Timer timer) {
		if (this.identity.isSuperseded() && timer instanceof Timer.ConflictNotice) {
			// the one timer a superseded process still acts on
			this.identity.onConflictNotice(now);
			return;
		}
		if (!this.started || this.identity.isSuperseded()) {
			return;
		}
		this.health.timerFired(now, timer.at(), this.config.probeInterval().toMillis());
		timer.accept(new TimerDispatch(now, now - timer.at()));
		afterInput(now);
	}

	/**
	 * Whether {@code timer}, due now, would act because nothing arrived: a probe that goes indirect or
	 * ends in a suspicion, a suspicion that ends in a failure. A driver whose own queues may hold the
	 * answer (an ack in its socket) lets them drain before it hands such a timer over; every other
	 * timer it hands over at once. Changes nothing.
	 */
	public boolean decidesOnSilence(Timer timer) {
		return this.started && !this.identity.isSuperseded() && this.detector.decidesOnSilence(timer);
	}

	// ------------------------------------------------------------------ view

	public MemberId self() {
		return this.identity.id();
	}

	public long incarnation() {
		return this.identity.incarnation();
	}

	/** Lifeguard local health score: 0 is healthy; each point stretches probe period and timeout. */
	public int health() {
		return this.health.score();
	}

	/** Members believed ALIVE or SUSPECT, this node included. */
	public int liveCount() {
		return this.table.liveCount();
	}

	public boolean isJoined() {
		return this.joining.isJoined();
	}

	public boolean isSuperseded() {
		return this.identity.isSuperseded();
	}

	/** This process as other members should see it. */
	public Member localMember() {
		return this.identity.localMember();
	}

	/**
	 * The announced leader of every role that some member names (held or excluded) and that has a
	 * leader: the live member with the lowest node id among those holding the role, once stable.
	 * Every other role is led by {@link #unnamedRolesLeader()}.
	 */
	public Map<String, Member> leaders() {
		return this.leadership.leaders();
	}

	/** Every role some member named, held or excluded, while this process ran; sorted. */
	public Set<String> namedRoles() {
		return this.leadership.namedRoles();
	}

	/**
	 * The announced leader of every role that no member names: as every member holds such a role,
	 * the lowest live member, once stable.
	 */
	public Optional<Member> unnamedRolesLeader() {
		return this.leadership.unnamedRolesLeader();
	}

	/** The announced leader of {@code role}, named by some member or not. */
	public Optional<Member> leader(String role) {
		return this.leadership.leader(role);
	}

	/**
	 * This node's term as the leader of {@code role} at {@code now}, present exactly while it leads the
	 * role: its epoch (the fencing token's), since when, and until when.
	 */
	public Optional<LeaderTerm> term(String role, long now) {
		return this.leadership.term(role, now);
	}

	/**
	 * This node's terms by seat: each role with a seat of its own ({@link #namedRoles()}) it leads, and
	 * {@link MembershipEvent#UNNAMED_ROLES} when it leads every role nobody names.
	 */
	public Map<String, LeaderTerm> terms() {
		return this.leadership.terms();
	}

	/**
	 * Rises whenever the view changes in a way no event reports: {@link #terms()} or
	 * {@link #epochs()} (a renewed lease, a claim that raises a known epoch), a member's incarnation
	 * that rose with nothing else (a refutation of a suspicion we never held), or our own
	 * incarnation (we refuted). A cheap test of whether to read the view again.
	 */
	public long viewVersion() {
		// a sum of counters that only rise: it rises when any of them does
		return this.leadership.termsVersion() + this.merger.silentChanges() + this.identity.incarnation();
	}

	/** The highest epoch this node knows of each seat, by seat; see {@link #terms()}. */
	public Map<String, Long> epochs() {
		return this.leadership.epochs();
	}

	/** The highest epoch this node knows of {@code role}; 0 when none. */
	public long epoch(String role) {
		return this.leadership.epoch(role);
	}

	public ProtocolCounters counters() {
		return this.counters;
	}

	/** Every other member known, tombstones included. */
	public List<Member> members() {
		return this.table.snapshots();
	}

	public Optional<Member> member(String nodeId) {
		return this.table.member(nodeId);
	}

	/** Number of updates waiting for dissemination; exposed for metrics. */
	public int pendingUpdates() {
		return this.queue.size();
	}

	// ------------------------------------------------------------------ helpers

	/** Runs after every input: re-evaluates leadership if the view changed in a way that matters. */
	private void afterInput(long now) {
		this.leadership.afterInput(now);
		spreadQueuedNews(now);
	}

	/**
	 * Passes news on as it arrives, and keeps passing it on while any is queued, rather than only at
	 * the gossip ticks: a change crosses the cluster in a few network hops rather than a few ticks,
	 * and a burst of news (a mass join) drains at the rate of these rounds rather than of the ticks.
	 * The sends come out of the same retransmit budget (the queue counts them and drops an update at
	 * its limit), so news costs no more in all, it is only sent sooner; at most one such round per
	 * quarter of a gossip interval on top of the ticks, so a burst is batched rather than a storm,
	 * and without news nothing changes.
	 */
	private void spreadQueuedNews(long now) {
		if (this.queue.isEmpty() || now - this.lastEagerRound < this.config.gossipInterval().toMillis() / 4) {
			return;
		}
		// a round that found nothing to send (in a small cluster, updates every member has already
		// had stay queued) takes no slot: real news that comes next goes out at once
		if (gossipRound()) {
			this.lastEagerRound = now;
		}
	}

	/** Pushes queued news to a few random members; whether any was sent. */
	private boolean gossipRound() {
		boolean sent = false;
		if (this.queue.isEmpty()) {
			return sent;
		}
		for (MemberRecord target : this.table.sample(this.config.gossipFanout(), null, this.random)) {
			if (this.queue.isEmpty()) {
				return sent;
			}
			sent |= this.packer.sendGossip(target.endpoint());
		}
		return sent;
	}

	/**
	 * Forgets tombstones older than the retention window (see {@link MemberTable#reap}); each
	 * reaped member is REMOVED.
	 */
	private void reap(long now) {
		this.out.schedule(new Timer.Reap(now + REAP_PERIOD_MILLIS));
		List<MemberRecord> gone = this.table.reap(now, this.config.deadMemberRetention().toMillis());
		for (MemberRecord e : gone) {
			this.out.event(new MembershipEvent(Kind.REMOVED, e.snapshot(), now));
		}
		if (!gone.isEmpty()) {
			this.detector.forgetReaped();
		}
	}

	/** Merges the accusation a failure detector timer produced, if any. */
	private void accuse(long now, Update accusation) {
		if (accusation != null) {
			this.merger.apply(now, accusation, true);
		}
	}

	/** Hands each kind of message to the part that owns it. */
	private final class MessageDispatch implements Message.Visitor {

		private final long now;

		private final Endpoint from;

		private final MemberId sender;

		/** Whether records the message carried declared us dead and we refuted them. */
		private boolean refutedDeath;

		MessageDispatch(long now, Endpoint from, MemberId sender) {
			this.now = now;
			this.from = from;
			this.sender = sender;
		}

		@Override
		public void onGossip(Gossip gossip) {
			// only its piggybacked news and header matter, both handled already
		}

		@Override
		public void onPing(Ping ping) {
			Membership.this.detector.onPing(this.from, ping);
		}

		@Override
		public void onAck(Ack ack) {
			Membership.this.detector.onAck(this.sender, ack);
		}

		@Override
		public void onNack(Nack nack) {
			Membership.this.detector.onNack(nack);
		}

		@Override
		public void onPingReq(PingReq pingReq) {
			Membership.this.detector.onPingReq(this.now, this.from, pingReq);
		}

		@Override
		public void onJoinRequest(JoinRequest joinRequest) {
			Membership.this.joining.onJoinRequest(this.now, this.from, this.sender, joinRequest);
		}

		@Override
		public void onJoinResponse(JoinResponse joinResponse) {
			this.refutedDeath = Membership.this.joining.onJoinResponse(this.now, joinResponse);
		}

		@Override
		public void onSyncRequest(SyncRequest syncRequest) {
			Membership.this.antiEntropy.onSyncRequest(this.from, syncRequest);
		}

		@Override
		public void onSyncPush(SyncPush syncPush) {
			this.refutedDeath = Membership.this.antiEntropy.onSyncPush(this.now, this.from, this.sender, syncPush);
		}

		@Override
		public void onLeaseRequest(LeaseRequest leaseRequest) {
			Membership.this.leases.onRequest(this.now, this.from, this.sender, leaseRequest);
		}

		@Override
		public void onLeaseGrant(LeaseGrant leaseGrant) {
			Membership.this.leases.onGrant(this.now, this.sender.nodeId(), leaseGrant);
			Membership.this.leadership.leasesChanged();
		}

	}

	/** Hands each kind of timer to the part that owns it; {@code lag} is how late it fired. */
	private final class TimerDispatch implements Timer.Visitor {

		private final long now;

		private final long lag;

		TimerDispatch(long now, long lag) {
			this.now = now;
			this.lag = lag;
		}

		@Override
		public void onProbeTick(Timer.ProbeTick probeTick) {
			Membership.this.detector.onProbeTick(this.now);
		}

		@Override
		public void onProbeTimeout(Timer.ProbeTimeout probeTimeout) {
			Membership.this.detector.onProbeTimeout(this.now, probeTimeout.seq());
		}

		@Override
		public void onProbeRoundEnd(Timer.ProbeRoundEnd probeRoundEnd) {
			accuse(this.now, Membership.this.detector.onRoundEnd(this.now, probeRoundEnd.seq()));
		}

		@Override
		public void onRelayTimeout(Timer.RelayTimeout relayTimeout) {
			Membership.this.detector.onRelayTimeout(relayTimeout.seq());
		}

		@Override
		public void onSuspicionTimeout(Timer.SuspicionTimeout suspicionTimeout) {
			accuse(this.now, Membership.this.detector.onSuspicionTimeout(this.now, suspicionTimeout, this.lag));
		}

		@Override
		public void onSuspicionCheck(Timer.SuspicionCheck suspicionCheck) {
			Membership.this.detector.onSuspicionCheck(suspicionCheck);
		}

		@Override
		public void onGossipTick(Timer.GossipTick gossipTick) {
			Membership.this.out.schedule(
					new Timer.GossipTick(this.now + Membership.this.config.gossipInterval().toMillis()));
			gossipRound();
		}

		@Override
		public void onJoinRetry(Timer.JoinRetry joinRetry) {
			Membership.this.joining.onJoinRetry(this.now, joinRetry.attempt());
		}

		@Override
		public void onJoinCatchUp(Timer.JoinCatchUp joinCatchUp) {
			Membership.this.joining.onCatchUp(this.now, joinCatchUp.remaining());
		}

		@Override
		public void onReap(Timer.Reap reap) {
			reap(this.now);
		}

		@Override
		public void onSyncTick(Timer.SyncTick syncTick) {
			Membership.this.antiEntropy.onSyncTick(this.now);
		}

		@Override
		public void onReconnectTick(Timer.ReconnectTick reconnectTick) {
			Membership.this.antiEntropy.onReconnectTick(this.now);
		}

		@Override
		public void onLeaderCheck(Timer.LeaderCheck leaderCheck) {
			Membership.this.leadership.onLeaderCheck(leaderCheck);
		}

		@Override
		public void onConflictNotice(Timer.ConflictNotice conflictNotice) {
			// only a superseded process acts on it (see onTimer); before that it is a stale timer
		}

		@Override
		public void onFollowUpSync(Timer.FollowUpSync followUpSync) {
			Membership.this.antiEntropy.onFollowUpSync(this.now);
		}

		@Override
		public void onLeaseTick(Timer.LeaseTick leaseTick) {
			Membership.this.leases.onTick(this.now);
			Membership.this.leadership.leasesChanged();
		}

		@Override
		public void onLeaseCheck(Timer.LeaseCheck leaseCheck) {
			Membership.this.leadership.onLeaseCheck(leaseCheck);
		}

	}

}
