package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Nack;
import io.github.gossip.internal.protocol.Message.Ping;
import io.github.gossip.internal.protocol.Message.PingReq;

import static org.assertj.core.api.Assertions.assertThat;

/** Probe rounds, indirect probes, relaying for others, and suspicion timers. */
class FailureDetectorTest {

	private static final Endpoint ME = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private final MemberId me = new MemberId("me", 100);

	private final ProtocolParts parts = new ProtocolParts(this.me, ME);

	private final FailureDetector detector = this.parts.detector;

	private MemberRecord member(int i) {
		MemberId id = new MemberId("m" + i, 1);
		this.parts.merger.apply(0, Update.alive(id, 0, endpoint(i), new MemberMetadata(Set.of(), Map.of())), false);
		return this.parts.table.get(id.nodeId());
	}

	private static Endpoint endpoint(int i) {
		return Endpoint.ipv4(10, 0, 1, i, 7946);
	}

	private long probe(long now) {
		this.parts.clearOutputs();
		this.detector.onProbeTick(now);
		return this.parts.messages(Ping.class).get(0).seq();
	}

	/** The member {@link #probeThatTimesOutAmong} probed. */
	private MemberId probed;

	/**
	 * With {@code members} other members, a probe at 0 whose direct ack is late: the outputs show
	 * only what its timeout sent.
	 */
	private long probeThatTimesOutAmong(int members) {
		for (int i = 1; i <= members; i++) {
			member(i);
		}
		long seq = probe(0);
		this.probed = this.parts.messages(Ping.class).get(0).target();
		this.parts.clearOutputs();
		this.detector.onProbeTimeout(500, seq);
		return seq;
	}

	/** A detector of {@code me} that knows m1 to m5, started at {@code now} by its own clock and {@code wallClock}. */
	private ProtocolParts startedAt(long now, long wallClock) {
		ProtocolParts parts = new ProtocolParts(this.me, ME);
		for (int i = 1; i <= 5; i++) {
			parts.merger.apply(0, Update.alive(new MemberId("m" + i, 1), 0, endpoint(i), MemberMetadata.EMPTY), false);
		}
		parts.detector.start(now, wallClock);
		return parts;
	}

	/** The targets of {@code rounds} probes, a probe interval apart, from {@code from} by its own clock. */
	private static List<MemberId> targets(ProtocolParts parts, long from, int rounds) {
		List<MemberId> targets = new ArrayList<>();
		for (int r = 0; r < rounds; r++) {
			parts.clearOutputs();
			parts.detector.onProbeTick(from + r * 1000L);
			targets.add(parts.messages(Ping.class).get(0).target());
		}
		return targets;
	}

	/**
	 * Members agree on probe rounds through the wall clock they were started with, whatever their
	 * own clocks read (in the runtime, the time since each process started).
	 */
	@Test
	void probeRoundsAreCountedOnTheWallClock() {
		long wall = 1_764_000_000_000L;
		List<MemberId> schedule = targets(startedAt(0, wall), 300, 12);
		assertThat(schedule).hasSize(12).containsAll(targets(startedAt(0, wall), 300, 5));
		// started with its own clock at 123 456 ms, at the same wall-clock moment
		assertThat(targets(startedAt(123_456, wall), 123_456 + 300, 12)).isEqualTo(schedule);
		// a wall clock one round ahead is one round ahead in the schedule
		assertThat(targets(startedAt(0, wall + 1000), 300, 11)).isEqualTo(schedule.subList(1, 12));
	}

	/**
	 * A member probes at its rank's share of the interval on the wall clock ("me" ranks last of
	 * six: 5/6 of it), whatever its own clock reads. A tick belongs to the round whose point is
	 * nearest, so the next one comes at the point of the round after: half an interval to one and a
	 * half after it.
	 */
	@Test
	void probesComeAtTheRanksShareOfTheInterval() {
		long start = 123_456;
		ProtocolParts parts = startedAt(start, 1_764_000_000_000L);
		parts.detector.onProbeTick(start);
		assertThat(parts.timers).contains(new Timer.ProbeTick(start + 833));
		// 300 ms late: back at the point in the next round
		parts.clearOutputs();
		parts.detector.onProbeTick(start + 833 + 300);
		assertThat(parts.timers).contains(new Timer.ProbeTick(start + 1833));
		// 600 ms late: nearer the next round's point, so it is that round's probe
		parts.clearOutputs();
		parts.detector.onProbeTick(start + 1833 + 600);
		assertThat(parts.timers).contains(new Timer.ProbeTick(start + 3833));
	}

	@Test
	void anUnansweredProbeWithNobodyToAskEndsInASuspicionAndCostsHealth() {
		MemberRecord target = member(1);
		long seq = probe(0);
		assertThat(this.parts.sentTo).containsExactly(target.endpoint());
		// "me" ranks after "m1": the next probe comes half an interval into the next round
		assertThat(this.parts.timers).containsExactly(new Timer.ProbeTick(1500), new Timer.ProbeTimeout(500, seq));
		assertThat(this.parts.counters.probes()).isEqualTo(1);
		this.detector.onProbeTimeout(500, seq);
		assertThat(this.parts.timers).contains(new Timer.ProbeRoundEnd(1000, seq));
		Update accusation = this.detector.onRoundEnd(1000, seq);
		assertThat(accusation).isEqualTo(new Update(MemberState.SUSPECT, target.id(), 0, target.endpoint(), "me"));
		assertThat(this.parts.health.score()).isEqualTo(1);
		assertThat(this.parts.counters.suspicions()).isEqualTo(1);
		assertThat(this.detector.onRoundEnd(1000, seq)).as("a round ends once").isNull();
		// a sicker node probes less often and waits longer
		assertThat(probe(1000)).isGreaterThan(seq);
		assertThat(this.parts.timers.get(0)).isEqualTo(new Timer.ProbeTick(3000));
	}

	@Test
	void helpersProbeIndirectlyAndTheirNacksShowThatTheFaultIsNotOurs() {
		long seq = probeThatTimesOutAmong(4);
		MemberId target = this.probed;
		List<PingReq> requests = this.parts.messages(PingReq.class);
		assertThat(requests).hasSize(3).allSatisfy((r) -> assertThat(r.target()).isEqualTo(target));
		assertThat(this.parts.sentTo).doesNotContain(this.parts.table.get(target.nodeId()).endpoint());
		assertThat(this.parts.counters.indirectProbes()).isEqualTo(3);
		this.detector.onNack(new Nack(seq));
		this.detector.onNack(new Nack(seq));
		this.detector.onNack(new Nack(seq));
		assertThat(this.detector.onRoundEnd(1000, seq)).isNotNull();
		assertThat(this.parts.health.score()).as("every nack arrived").isZero();
	}

	@Test
	void withFewerMembersToAskThanIndirectChecksTheTargetIsPingedDirectlyOnceMore() {
		long seq = probeThatTimesOutAmong(2);
		MemberId target = this.probed;
		assertThat(this.parts.messages(PingReq.class)).hasSize(1);
		assertThat(this.parts.messages(Ping.class)).containsExactly(new Ping(seq, target));
		assertThat(this.parts.sentTo).contains(this.parts.table.get(target.nodeId()).endpoint());
		this.detector.onAck(target, new Ack(seq));
		assertThat(this.detector.onRoundEnd(1000, seq)).as("the second direct ping was answered").isNull();
	}

	@Test
	void anUnansweredProbeChecksTheTargetsPortAndAClosedPortFailsItWithoutASuspicion() {
		long seq = probeThatTimesOutAmong(4);
		MemberRecord target = this.parts.table.get(this.probed.nodeId());
		assertThat(this.parts.portsChecked).containsExactly(target.endpoint());
		assertThat(this.detector.onPortClosed(endpoint(99))).as("a port no probe checked").isNull();
		Update death = this.detector.onPortClosed(target.endpoint());
		assertThat(death).isEqualTo(new Update(MemberState.DEAD, target.id(), 0, target.endpoint(), null));
		assertThat(this.parts.counters.closedPortFailures()).isEqualTo(1);
		assertThat(this.detector.onPortClosed(target.endpoint())).as("one answer settles the probe").isNull();
		assertThat(this.detector.onRoundEnd(1000, seq)).as("the probe was settled").isNull();
		assertThat(this.parts.counters.suspicions()).isZero();
	}

	@Test
	void aProbeAnsweredInTimeChecksNoPortAndAnAnswerAfterTheAckChangesNothing() {
		MemberRecord target = member(1);
		long seq = probe(0);
		this.detector.onAck(target.id(), new Ack(seq));
		this.detector.onProbeTimeout(500, seq);
		assertThat(this.parts.portsChecked).isEmpty();
		assertThat(this.detector.onPortClosed(target.endpoint())).isNull();
		assertThat(this.parts.counters.closedPortFailures()).isZero();
	}

	@Test
	void aClosedPortAnswerForAMemberThatRestartedMeanwhileIsNotAboutIt() {
		probeThatTimesOutAmong(1);
		MemberRecord old = this.parts.table.get(this.probed.nodeId());
		Endpoint checked = old.endpoint();
		// the process restarted elsewhere before the answer came: a later instance at another address
		this.parts.merger.apply(600, Update.alive(new MemberId(this.probed.nodeId(), 2), 0, endpoint(42),
				new MemberMetadata(Set.of(), Map.of())), false);
		assertThat(this.detector.onPortClosed(checked)).isNull();
	}

	@Test
	void theTargetsAckEndsTheRoundAndImprovesHealth() {
		MemberRecord target = member(1);
		this.parts.health.adjust(2);
		long seq = probe(0);
		this.detector.onAck(target.id(), new Ack(seq));
		assertThat(this.parts.health.score()).isEqualTo(1);
		assertThat(this.detector.onRoundEnd(3000, seq)).isNull();
	}

	@Test
	void relaysAnIndirectProbeAndAnswersAckOrNack() {
		MemberRecord requester = member(1);
		MemberRecord target = member(2);
		this.detector.onPingReq(0, requester.endpoint(), new PingReq(9, target.id(), target.endpoint()));
		Ping ping = this.parts.messages(Ping.class).get(0);
		assertThat(ping.target()).isEqualTo(target.id());
		assertThat(this.parts.sentTo).containsExactly(target.endpoint());
		assertThat(this.parts.timers).containsExactly(new Timer.RelayTimeout(400, ping.seq()));
		this.detector.onAck(target.id(), new Ack(ping.seq()));
		assertThat(this.parts.messages(Ack.class)).containsExactly(new Ack(9));
		assertThat(this.parts.sentTo).last().isEqualTo(requester.endpoint());
		this.detector.onRelayTimeout(ping.seq());
		assertThat(this.parts.messages(Nack.class)).as("already answered").isEmpty();
		// unanswered: a nack
		this.parts.clearOutputs();
		this.detector.onPingReq(0, requester.endpoint(), new PingReq(10, target.id(), target.endpoint()));
		this.detector.onRelayTimeout(this.parts.messages(Ping.class).get(0).seq());
		assertThat(this.parts.messages(Nack.class)).containsExactly(new Nack(10));
	}

	@Test
	void answersOnlyPingsMeantForThisNodeIdAndNoLaterInstance() {
		Endpoint prober = endpoint(5);
		this.detector.onPing(prober, new Ping(1, this.me));
		this.detector.onPing(prober, new Ping(2, new MemberId("me", 99)));
		this.detector.onPing(prober, new Ping(3, new MemberId("me", 101)));
		this.detector.onPing(prober, new Ping(4, new MemberId("other", 100)));
		assertThat(this.parts.messages(Ack.class)).containsExactly(new Ack(1), new Ack(2));
	}

	@Test
	void aSuspicionEndsWithTheSuspectState() {
		MemberRecord suspect = member(1);
		this.parts.merger.apply(5, new Update(MemberState.SUSPECT, suspect.id(), 0, suspect.endpoint(), "x"), true);
		assertThat(suspect.suspicion()).isNotNull();
		this.parts.merger.apply(6, new Update(MemberState.DEAD, suspect.id(), 0, suspect.endpoint(), null), true);
		assertThat(suspect.suspicion()).as("a suspicion ends with the SUSPECT state").isNull();
	}

	@Test
	void aSuspicionIsCheckedOnceThenEndsInDeathUnlessTheTimerFiredLate() {
		MemberRecord suspect = member(1);
		this.parts.clearOutputs();
		this.parts.merger.apply(0, new Update(MemberState.SUSPECT, suspect.id(), 0, suspect.endpoint(), "x"), true);
		Timer.SuspicionTimeout timeout = this.parts.timers(Timer.SuspicionTimeout.class).get(0);
		Timer.SuspicionCheck check = this.parts.timers(Timer.SuspicionCheck.class).get(0);
		// two live members: min suspicion, no confirmations expected
		assertThat(timeout.at()).isEqualTo(ProtocolParts.LAN.suspicionMinMillis(2));
		assertThat(check.at()).isEqualTo(timeout.at() - 500);
		this.parts.clearOutputs();
		this.detector.onSuspicionCheck(check);
		assertThat(this.parts.sent.get(0).updates()).first().isEqualTo(suspect.update());
		// fired two seconds late: postponed by one probe interval, and the old timer is stale
		assertThat(this.detector.onSuspicionTimeout(timeout.at() + 2000, timeout, 2000)).isNull();
		Timer.SuspicionTimeout postponed = this.parts.timers(Timer.SuspicionTimeout.class).get(0);
		assertThat(postponed.at()).isEqualTo(timeout.at() + 3000);
		assertThat(this.detector.onSuspicionTimeout(postponed.at(), timeout, 0)).isNull();
		assertThat(this.detector.onSuspicionTimeout(postponed.at(), postponed, 0))
			.isEqualTo(new Update(MemberState.DEAD, suspect.id(), 0, suspect.endpoint(), null));
	}

}
