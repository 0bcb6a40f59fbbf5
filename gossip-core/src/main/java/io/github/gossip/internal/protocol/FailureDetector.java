package io.github.gossip.internal.protocol;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Nack;
import io.github.gossip.internal.protocol.Message.Ping;
import io.github.gossip.internal.protocol.Message.PingReq;

/**
 * SWIM failure detection with the Lifeguard refinements: one probe per (health-scaled) interval in
 * round-robin order, indirect probes through a few members when the direct ack is late, the
 * nacks those members owe us as a measure of our own health, relaying indirect probes for others,
 * and the suspicion timers that end a suspicion unless it is refuted.
 * <p>
 * It decides accusations but does not merge them: {@link #onRoundEnd} and
 * {@link #onSuspicionTimeout} return the SUSPECT or DEAD news for the caller to merge like any
 * other news.
 */
final class FailureDetector {

	private final ProtocolConfig config;

	private final LocalIdentity identity;

	private final MemberTable table;

	private final LocalHealth health;

	private final DatagramPacker packer;

	private final ProtocolCounters counters;

	private final RandomGenerator random;

	private final Outputs out;

	private final ProbeOrder order = new ProbeOrder();

	private final Map<Long, Probe> probes = new HashMap<>();

	private final Map<Long, Relay> relays = new HashMap<>();

	private long nextSeq;

	/** The wall clock minus {@code now}, as of the start: probe rounds are counted on the wall clock. */
	private long wallClockOffset;

	/** When the last {@linkplain #probeDisputed probe out of turn} went out. */
	private long lastDisputedProbe = Long.MIN_VALUE / 2;

	/** Unique across suspicions so a timer of an old suspicion never ends a newer one. */
	private long suspicionGeneration;

	FailureDetector(ProtocolConfig config, LocalIdentity identity, MemberTable table, LocalHealth health,
			DatagramPacker packer, ProtocolCounters counters, RandomGenerator random, Outputs out) {
		this.config = config;
		this.identity = identity;
		this.table = table;
		this.health = health;
		this.packer = packer;
		this.counters = counters;
		this.random = random;
		this.out = out;
	}

	/**
	 * Whether {@code timer} would act on silence if it ran now: a probe still unanswered, a suspicion
	 * still current. A pure query, for a driver that first lets what already reached it arrive.
	 */
	boolean decidesOnSilence(Timer timer) {
		if (timer instanceof Timer.ProbeTimeout t) {
			return this.probes.containsKey(t.seq());
		}
		if (timer instanceof Timer.ProbeRoundEnd t) {
			return this.probes.containsKey(t.seq());
		}
		if (timer instanceof Timer.SuspicionTimeout t) {
			MemberRecord e = this.table.get(t.nodeId());
			return e != null && e.state() == MemberState.SUSPECT && e.suspicion() != null
					&& e.suspicion().generation == t.generation();
		}
		return false;
	}

	/** Schedules the first probe at a random point of the first interval. */
	void start(long now, long wallClockMillis) {
		this.wallClockOffset = wallClockMillis - now;
		this.out.schedule(new Timer.ProbeTick(now + this.random.nextLong(this.config.probeInterval().toMillis())));
	}

	// ------------------------------------------------------------------ probing

	void onProbeTick(long now) {
		long base = this.config.probeInterval().toMillis();
		long interval = this.health.scaled(base);
		long wallClock = now + this.wallClockOffset;
		long round;
		if (interval == base) {
			// rounds counted on the wall clock, not per member, so that members agree on them, and
			// each member probes at its rank's share of the interval, so that the member probed
			// next round is probed about one interval after this round's probe (see ProbeOrder)
			long phase = this.order.phase(this.identity.id().nodeId(), this.table.records(), this.table.liveCount() - 1,
					base);
			// the round whose point is nearest: a tick more than half an interval late, or a rank that
			// moved, skips an offset of the round robin, as a view change does, and the next tick
			// comes half an interval to one and a half after this one
			round = Math.floorDiv(wallClock - phase + base / 2, base);
			this.out.schedule(new Timer.ProbeTick((round + 1) * base + phase - this.wallClockOffset));
		}
		else {
			// a health-stretched interval: probing slows down for this member alone, which still
			// steps through every offset of the round robin, one per probe
			round = Math.floorDiv(wallClock, interval);
			this.out.schedule(new Timer.ProbeTick(now + interval));
		}
		if (this.identity.isLeaving()) {
			return;
		}
		MemberRecord target = this.order.next(round, this.identity.id().nodeId(), this.table.records(),
				this.table.liveCount() - 1);
		if (target == null) {
			return;
		}
		probe(now, target, interval);
	}

	private void probe(long now, MemberRecord target, long interval) {
		long seq = ++this.nextSeq;
		this.probes.put(seq, new Probe(target.id(), now, now + interval));
		this.packer.send(target.endpoint(), new Ping(seq, target.id()), suspicionOf(target));
		this.counters.probes++;
		this.out.schedule(new Timer.ProbeTimeout(now + this.health.scaled(this.config.probeTimeout().toMillis()), seq));
	}

	/**
	 * Another member holds {@code e} dead while we hold it live, and it talked to us lately (see
	 * {@code AntiEntropy}): either the other is behind, or we missed the news of its death. Push
	 * gossip misses a member now and then: in a cluster of 8 each member passes news on four
	 * times, and one exit in 20 of the simulator's benchmark reached all members but one, which
	 * learned it only from its own probe of the dead member (12.1 s after the exit under the
	 * shuffled schedule of then, the others within 1.2 s; up to a probe cycle under today's). So
	 * we probe it now rather than at its turn: a live member answers, an exited one is failed by
	 * its host's refusal, a silent one goes through our own suspicion. At most one such probe per
	 * probe interval and none for a member being probed already, so the heal of a partition,
	 * which disputes a whole side at once, costs one more probe a second while it lasts.
	 */
	void probeDisputed(long now, MemberRecord e) {
		long interval = this.health.scaled(this.config.probeInterval().toMillis());
		if (this.identity.isLeaving() || now - this.lastDisputedProbe < interval) {
			return;
		}
		for (Probe probe : this.probes.values()) {
			if (probe.target.equals(e.id())) {
				return;
			}
		}
		this.lastDisputedProbe = now;
		probe(now, e, interval);
	}

	/** The suspicion a ping to {@code target} carries, so a suspect hears of it from its prober too; or null. */
	private static Update suspicionOf(MemberRecord target) {
		return (target.state() == MemberState.SUSPECT) ? target.update() : null;
	}

	/** A member became live: it is ranked before the next probe. */
	void addToProbeOrder(MemberRecord e) {
		this.order.add(e);
	}

	/** Tombstones were reaped: they leave the round. */
	void forgetReaped() {
		this.order.retain(this.table::holds);
	}

	void onProbeTimeout(long now, long seq) {
		Probe probe = this.probes.get(seq);
		if (probe == null) {
			return;
		}
		MemberRecord target = this.table.get(probe.target.nodeId());
		if (target != null && target.id().equals(probe.target)) {
			List<MemberRecord> helpers = this.table.sample(this.config.indirectChecks(), target, this.random);
			for (MemberRecord helper : helpers) {
				this.packer.send(helper.endpoint(), new PingReq(seq, target.id(), target.endpoint()), null);
				probe.expectedNacks++;
				this.counters.indirectProbes++;
			}
			// a process that crashed on a host that runs on leaves its port closed, which a pause,
			// an overload or a partition never does: the host's answer settles the probe at once
			this.out.checkPort(target.endpoint());
			probe.checkedPort = target.endpoint();
			if (helpers.size() < this.config.indirectChecks()) {
				// fewer members to ask than k (a cluster of up to k + 1): the direct path is tried
				// once more in the same round, an independent chance such as memberlist's TCP
				// fallback ping; at 20 % loss three members see a quarter fewer suspicions
				this.packer.send(target.endpoint(), new Ping(seq, target.id()), suspicionOf(target));
			}
		}
		this.out.schedule(new Timer.ProbeRoundEnd(Math.max(now, probe.roundEnd), seq));
	}

	/** The round of probe {@code seq} ended unanswered: the SUSPECT news to merge, or null. */
	Update onRoundEnd(long now, long seq) {
		Probe probe = this.probes.remove(seq);
		if (probe == null) {
			return null;
		}
		if (this.health.overlapsStall(probe.start)) {
			// the round overlapped our own stall, which the score already counted once
			return null;
		}
		// Lifeguard: missing nacks mean our own messages or processing are the problem
		this.health.adjust(probe.expectedNacks > 0 ? probe.expectedNacks - probe.nacks : 1);
		MemberRecord target = this.table.get(probe.target.nodeId());
		if (target == null || !target.id().equals(probe.target) || !target.state().isLive()) {
			return null;
		}
		this.counters.suspicions++;
		return new Update(MemberState.SUSPECT, target.id(), target.incarnation(), target.endpoint(),
				this.identity.id().nodeId());
	}

	/**
	 * The host of a member whose probe went unanswered says nothing is bound to its port: the
	 * process is gone, not paused or cut off, since only a running socket keeps a port bound. So it
	 * is failed at once, without the suspicion that exists to let a slow member refute: a closed
	 * port cannot. The DEAD news to merge, or null when no unanswered probe checked that port.
	 */
	Update onPortClosed(Endpoint endpoint) {
		for (Iterator<Probe> it = this.probes.values().iterator(); it.hasNext();) {
			Probe probe = it.next();
			if (!endpoint.equals(probe.checkedPort)) {
				continue;
			}
			it.remove();
			MemberRecord target = this.table.get(probe.target.nodeId());
			if (target == null || !target.id().equals(probe.target) || !target.state().isLive()
					|| !endpoint.equals(target.endpoint())) {
				// another process or address by now: the answer is not about it
				return null;
			}
			this.counters.closedPortFailures++;
			return new Update(MemberState.DEAD, target.id(), target.incarnation(), target.endpoint(), null);
		}
		return null;
	}

	void onPing(Endpoint from, Ping ping) {
		MemberId self = this.identity.id();
		if (!ping.target().nodeId().equals(self.nodeId()) || ping.target().supersedes(self)) {
			return;
		}
		// a ping meant for our predecessor is answered too: the prober learns the new instance
		// from the ack's sender and our piggybacked ALIVE
		this.packer.send(from, new Ack(ping.seq()), null);
	}

	void onAck(MemberId sender, Ack ack) {
		Probe probe = this.probes.remove(ack.seq());
		if (probe != null) {
			if (sender.nodeId().equals(probe.target.nodeId())) {
				this.health.adjust(-1);
			}
			return;
		}
		Relay relay = this.relays.remove(ack.seq());
		if (relay != null) {
			this.packer.send(relay.requester, new Ack(relay.seq), null);
		}
	}

	void onNack(Nack nack) {
		Probe probe = this.probes.get(nack.seq());
		if (probe != null) {
			probe.nacks++;
		}
	}

	void onPingReq(long now, Endpoint from, PingReq req) {
		long seq = ++this.nextSeq;
		this.relays.put(seq, new Relay(from, req.seq()));
		this.packer.send(req.targetEndpoint(), new Ping(seq, req.target()), null);
		// answer before the requester's round ends so that the nack counts for its health score
		long wait = this.health.scaled(this.config.probeTimeout().toMillis()) * 4 / 5;
		this.out.schedule(new Timer.RelayTimeout(now + wait, seq));
	}

	void onRelayTimeout(long seq) {
		Relay relay = this.relays.remove(seq);
		if (relay != null) {
			this.packer.send(relay.requester, new Nack(relay.seq), null);
		}
	}

	// ------------------------------------------------------------------ suspicion

	/** {@code e} just became SUSPECT on the word of {@code accuser}. */
	void startSuspicion(long now, MemberRecord e, String accuser) {
		int n = this.table.liveCount();
		int expected = Math.max(0, Math.min(this.config.indirectChecks(), n - 2));
		e.suspicion(new Suspicion(now, accuser, expected, this.config.suspicionMinMillis(n),
				this.config.suspicionMaxMillis(n)));
		scheduleSuspicion(now, e);
	}

	/**
	 * {@code accuser} suspects {@code e} too: if that is a new, independent confirmation of the
	 * suspicion we hold, its deadline moves closer and its timers are set afresh. True if it counted.
	 */
	boolean confirm(long now, MemberRecord e, String accuser) {
		Suspicion s = e.suspicion();
		if (s == null || !s.confirm(accuser)) {
			return false;
		}
		scheduleSuspicion(now, e);
		return true;
	}

	/** {@code e} is no longer SUSPECT (or is another process now): its suspicion, if any, ends; its timers go stale. */
	void clear(MemberRecord e) {
		e.suspicion(null);
	}

	/**
	 * {@code e}, which we suspect, sent us a packet at the incarnation we suspect: it has not heard
	 * of the suspicion. Gossip sends an update to each member once at most, so when that datagram
	 * was lost the suspect would learn it only from our next probe, a whole probe cycle later,
	 * while any confirmation after the minimum suspicion fails it. So the suspicion goes back to it
	 * at once, at most once per gossip interval, as a dead member that talks is told it is dead.
	 */
	void suspectTalked(long now, Endpoint from, MemberRecord e) {
		Suspicion s = e.suspicion();
		if (s == null || now - s.lastReminder < this.config.gossipInterval().toMillis()) {
			return;
		}
		s.lastReminder = now;
		this.packer.send(from, Message.Gossip.INSTANCE, e.update());
	}

	/** Sets the timers of {@code e}'s suspicion afresh, after it started or its deadline moved. */
	private void scheduleSuspicion(long now, MemberRecord e) {
		Suspicion s = e.suspicion();
		s.generation = ++this.suspicionGeneration;
		long deadline = Math.max(now, s.deadline());
		this.out.schedule(new Timer.SuspicionTimeout(deadline, e.id().nodeId(), s.generation));
		long check = deadline - this.health.scaled(this.config.probeTimeout().toMillis());
		if (check > now) {
			this.out.schedule(new Timer.SuspicionCheck(check, e.id().nodeId(), s.generation));
		}
	}

	/**
	 * Last look before declaring a member dead: a refutation gossiped by the suspect may have
	 * missed us, but the suspect's own ack cannot lie about its incarnation (see
	 * {@link RecordMerger#learnFromHeader}). The ping belongs to no probe round, so silence changes
	 * nothing.
	 */
	void onSuspicionCheck(Timer.SuspicionCheck t) {
		MemberRecord e = this.table.get(t.nodeId());
		if (e == null || e.state() != MemberState.SUSPECT || e.suspicion() == null
				|| e.suspicion().generation != t.generation() || this.identity.isLeaving()) {
			return;
		}
		this.packer.send(e.endpoint(), new Ping(++this.nextSeq, e.id()), e.update());
	}

	/** A suspicion may have expired, {@code lag} millis late: the DEAD news to merge, or null. */
	Update onSuspicionTimeout(long now, Timer.SuspicionTimeout t, long lag) {
		MemberRecord e = this.table.get(t.nodeId());
		if (e == null || e.state() != MemberState.SUSPECT || e.suspicion() == null
				|| e.suspicion().generation != t.generation()) {
			return null;
		}
		if (lag > this.config.probeInterval().toMillis()) {
			// we were frozen: a refutation may be waiting in our socket; give it one round
			e.suspicion().generation = ++this.suspicionGeneration;
			this.out.schedule(new Timer.SuspicionTimeout(now + this.config.probeInterval().toMillis(), e.id().nodeId(),
					e.suspicion().generation));
			return null;
		}
		return new Update(MemberState.DEAD, e.id(), e.incarnation(), e.endpoint(), null);
	}

	private static final class Probe {

		final MemberId target;

		final long start;

		final long roundEnd;

		/** The target's endpoint once its port was checked, after the direct ping went unanswered. */
		Endpoint checkedPort;

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
