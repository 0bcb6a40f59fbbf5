package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.wire.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One state machine driven by hand: every input is explicit and every output is inspected, so
 * these tests pin the protocol rules the simulator scenarios rely on.
 */
class MembershipTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	private final List<Endpoint> sentTo = new ArrayList<>();

	private final List<Packet> sent = new ArrayList<>();

	private final List<Timer> timers = new ArrayList<>();

	private final List<MembershipEvent> events = new ArrayList<>();

	private final MemberId me = new MemberId("me", 100);

	private final Endpoint myAddr = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private final MemberId peer = new MemberId("peer", 200);

	private final Endpoint peerAddr = Endpoint.ipv4(10, 0, 0, 2, 7946);

	/** A member whose syncs bring the other side's view. */
	private final MemberId remote = new MemberId("remote", 400);

	private final Endpoint remoteAddr = Endpoint.ipv4(10, 0, 0, 4, 7946);

	private Membership membership;

	@BeforeEach
	void start() {
		Outputs outputs = new Outputs() {
			@Override
			public void send(Endpoint to, Packet packet) {
				MembershipTest.this.sentTo.add(to);
				MembershipTest.this.sent.add(packet);
			}

			@Override
			public void schedule(Timer timer) {
				MembershipTest.this.timers.add(timer);
			}

			@Override
			public void event(MembershipEvent event) {
				MembershipTest.this.events.add(event);
			}
		};
		this.membership = new Membership(LAN, this.me, this.myAddr, new SplittableRandom(7), new WireCodec(), outputs);
		this.membership.start(0, List.of());
	}

	private void receive(long now, MemberId from, Endpoint addr, Message message, Update... updates) {
		this.membership.onPacket(now, addr, new Packet(from, 0, message, List.of(updates)));
	}

	/**
	 * Where the last packet that is not a gossip round's went: rounds follow any input while news
	 * is queued, after the packet the input itself caused.
	 */
	private int lastNotGossip() {
		for (int i = this.sent.size() - 1; i >= 0; i--) {
			if (!(this.sent.get(i).message() instanceof Message.Gossip)) {
				return i;
			}
		}
		throw new AssertionError("nothing but gossip sent");
	}

	private <T extends Timer> T lastTimer(Class<T> type) {
		for (int i = this.timers.size() - 1; i >= 0; i--) {
			if (type.isInstance(this.timers.get(i))) {
				return type.cast(this.timers.get(i));
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " scheduled");
	}

	@Test
	void startsAloneWithProbeGossipAndReapTimers() {
		assertThat(this.membership.liveCount()).isEqualTo(1);
		assertThat(this.membership.isJoined()).isTrue();
		assertThat(this.timers).hasAtLeastOneElementOfType(Timer.ProbeTick.class)
			.hasAtLeastOneElementOfType(Timer.GossipTick.class);
		assertThat(this.sent).isEmpty();
	}

	@Test
	void answersAPingAndLearnsTheUnknownSenderFromItsHeader() {
		receive(10, this.peer, this.peerAddr, new Message.Ping(42, this.me));
		assertThat(this.sent).last().extracting(Packet::message).isEqualTo(new Message.Ack(42));
		assertThat(this.sentTo).last().isEqualTo(this.peerAddr);
		assertThat(this.events).extracting(MembershipEvent::kind).containsExactly(Kind.JOINED);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
	}

	@Test
	void aSuspectThatTalksWithoutHavingRefutedIsToldOfTheSuspicionAtMostOncePerGossipInterval() {
		MemberId other = new MemberId("other", 300);
		Endpoint otherAddr = Endpoint.ipv4(10, 0, 0, 3, 7946);
		receive(10, this.peer, this.peerAddr, new Message.Ping(1, this.me));
		receive(500, other, otherAddr, Message.Gossip.INSTANCE, Update.alive(other, 0, otherAddr),
				new Update(MemberState.SUSPECT, this.peer, 0, this.peerAddr, "other"));
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
		assertThat(suspicionsSentToPeer()).as("the news passed on at once, to each member once").isEqualTo(1);
		// that datagram is lost
		this.sent.clear();
		this.sentTo.clear();
		receive(600, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		assertThat(suspicionsSentToPeer()).as("the suspect talked at the incarnation we suspect").isEqualTo(1);
		receive(650, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		assertThat(suspicionsSentToPeer()).as("within a gossip interval of the last reminder").isEqualTo(1);
		receive(600 + LAN.gossipInterval().toMillis(), this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		assertThat(suspicionsSentToPeer()).as("a gossip interval later").isEqualTo(2);
		// the peer refutes: its header shows the higher incarnation, and nobody reminds it any more
		this.membership.onPacket(1000, this.peerAddr, new Packet(this.peer, 1, Message.Gossip.INSTANCE, List.of()));
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
		receive(2000, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		assertThat(suspicionsSentToPeer()).isEqualTo(2);
	}

	private long suspicionsSentToPeer() {
		long count = 0;
		for (int i = 0; i < this.sent.size(); i++) {
			if (this.sentTo.get(i).equals(this.peerAddr) && this.sent.get(i)
				.updates()
				.stream()
				.anyMatch((u) -> u.state() == MemberState.SUSPECT && u.member().equals(this.peer))) {
				count++;
			}
		}
		return count;
	}

	@Test
	void refutesASuspicionByRaisingItsIncarnationAndPiggybackingAlive() {
		receive(10, this.peer, this.peerAddr, Message.Gossip.INSTANCE,
				new Update(MemberState.SUSPECT, this.me, 0, this.myAddr, "peer"));
		assertThat(this.membership.incarnation()).isEqualTo(1);
		// the news goes out at once, in the gossip round that follows the input
		int first = this.sentTo.indexOf(this.peerAddr);
		assertThat(first).isNotNegative();
		assertThat(this.sent.get(first).updates()).contains(Update.alive(this.me, 1, this.myAddr, MemberMetadata.EMPTY));
		assertThat(this.membership.health()).isEqualTo(1);
	}

	@Test
	void failedProbeGoesIndirectThenSuspectsThenFailsAfterTheSuspicionTimeout() {
		MemberId helper = new MemberId("helper", 300);
		Endpoint helperAddr = Endpoint.ipv4(10, 0, 0, 3, 7946);
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(helper, 0, helperAddr));
		assertThat(this.membership.liveCount()).isEqualTo(3);
		// probe rounds until the peer is the target
		long now = 1000;
		Message.Ping ping = null;
		while (ping == null) {
			this.membership.onTimer(now, lastTimer(Timer.ProbeTick.class));
			// the probe, not the gossip rounds that pass on what the probe round brought
			Packet last = this.sent.stream().filter((sent) -> !(sent.message() instanceof Message.Gossip))
				.reduce((first, second) -> second)
				.orElseThrow();
			if (last.message() instanceof Message.Ping p && p.target().equals(this.peer)) {
				ping = p;
			}
			else {
				receive(now + 1, helper, helperAddr, new Message.Ack(((Message.Ping) last.message()).seq()));
				now += 1000;
			}
		}
		Timer.ProbeTimeout timeout = lastTimer(Timer.ProbeTimeout.class);
		int before = this.sent.size();
		this.membership.onTimer(timeout.at(), timeout);
		// the probe's packets, not the gossip rounds around them: one helper where k are asked
		// for, so the peer is also pinged directly once more
		List<Integer> probePackets = new ArrayList<>();
		for (int i = before; i < this.sent.size(); i++) {
			if (!(this.sent.get(i).message() instanceof Message.Gossip)) {
				probePackets.add(i);
			}
		}
		assertThat(probePackets).hasSize(2);
		assertThat(this.sentTo.get(probePackets.get(0))).isEqualTo(helperAddr);
		assertThat(this.sent.get(probePackets.get(0)).message())
			.isEqualTo(new Message.PingReq(ping.seq(), this.peer, this.peerAddr));
		assertThat(this.sentTo.get(probePackets.get(1))).isEqualTo(this.peerAddr);
		assertThat(this.sent.get(probePackets.get(1)).message()).isEqualTo(new Message.Ping(ping.seq(), this.peer));
		// the helper answers nack: the peer did not answer it either
		receive(timeout.at() + 100, helper, helperAddr, new Message.Nack(ping.seq()));
		Timer.ProbeRoundEnd end = lastTimer(Timer.ProbeRoundEnd.class);
		this.membership.onTimer(end.at(), end);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
		assertThat(this.events).extracting(MembershipEvent::kind).endsWith(Kind.SUSPECTED);
		Timer.SuspicionTimeout suspicion = lastTimer(Timer.SuspicionTimeout.class);
		// a lone accuser waits the Lifeguard maximum: beta * alpha * max(1, log10 3) * interval
		assertThat(suspicion.at() - end.at()).isEqualTo(LAN.suspicionMaxMillis(3));
		this.membership.onTimer(suspicion.at(), suspicion);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);
		assertThat(this.events).extracting(MembershipEvent::kind).endsWith(Kind.FAILED);
		assertThat(this.membership.liveCount()).isEqualTo(2);
	}

	@Test
	void aStalledLoopAccusesNobodyForTheRoundsItSlept() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		this.membership.onTimer(1000, lastTimer(Timer.ProbeTick.class));
		Timer.ProbeTimeout timeout = lastTimer(Timer.ProbeTimeout.class);
		// the loop wakes up 5 s late: all the round's timers fire at once
		this.membership.onTimer(6500, timeout);
		Timer.ProbeRoundEnd end = lastTimer(Timer.ProbeRoundEnd.class);
		this.membership.onTimer(6500, end);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
		assertThat(this.events).extracting(MembershipEvent::kind).doesNotContain(Kind.SUSPECTED);
	}

	@Test
	void newerInstanceReplacesOlderAndOlderNeverComesBack() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		MemberId reborn = new MemberId("peer", 201);
		receive(10, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(reborn, 0, this.peerAddr));
		assertThat(this.membership.member("peer")).get().extracting(Member::id).isEqualTo(reborn);
		assertThat(this.events).extracting(MembershipEvent::kind).containsExactly(Kind.JOINED, Kind.UPDATED);
		// stale news and packets of the old process change nothing
		receive(20, reborn, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(this.peer, 99, this.peerAddr));
		receive(30, this.peer, this.peerAddr, Message.Gossip.INSTANCE,
				new Update(MemberState.DEAD, reborn, 5, this.peerAddr, null));
		assertThat(this.membership.member("peer")).get().satisfies((m) -> {
			assertThat(m.id()).isEqualTo(reborn);
			assertThat(m.state()).isEqualTo(MemberState.ALIVE);
		});
		assertThat(this.events).hasSize(2);
	}

	@Test
	void leftBeatsDeadAndSuspectAtEqualIncarnation() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		MemberId other = new MemberId("other", 9);
		receive(1, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(other, 3, this.peerAddr));
		receive(2, this.peer, this.peerAddr, Message.Gossip.INSTANCE,
				new Update(MemberState.DEAD, other, 3, this.peerAddr, null));
		receive(3, this.peer, this.peerAddr, Message.Gossip.INSTANCE,
				new Update(MemberState.LEFT, other, 3, this.peerAddr, null));
		receive(4, this.peer, this.peerAddr, Message.Gossip.INSTANCE,
				new Update(MemberState.SUSPECT, other, 3, this.peerAddr, "peer"));
		receive(5, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(other, 2, this.peerAddr));
		assertThat(this.membership.member("other")).get().extracting(Member::state).isEqualTo(MemberState.LEFT);
		assertThat(this.events).extracting(MembershipEvent::kind)
			.containsExactly(Kind.JOINED, Kind.JOINED, Kind.FAILED, Kind.LEFT);
	}

	@Test
	void aMemberHeldDeadThatStillTalksIsToldAndReturnsWhenItRefutes() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		MemberId third = new MemberId("third", 300);
		receive(1, third, Endpoint.ipv4(10, 0, 0, 3, 7946), Message.Gossip.INSTANCE,
				new Update(MemberState.DEAD, this.peer, 0, this.peerAddr, null));
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);
		receive(2, this.peer, this.peerAddr, new Message.Ack(77));
		assertThat(this.sentTo).last().isEqualTo(this.peerAddr);
		assertThat(this.sent).last()
			.satisfies((p) -> assertThat(p.updates()).first().isEqualTo(new Update(MemberState.DEAD, this.peer, 0,
					this.peerAddr, null)));
		// its next packet carries the raised incarnation in the header: that alone brings it back
		this.membership.onPacket(3, this.peerAddr, new Packet(this.peer, 1, Message.Gossip.INSTANCE, List.of()));
		assertThat(this.membership.member("peer")).get().satisfies((m) -> {
			assertThat(m.state()).isEqualTo(MemberState.ALIVE);
			assertThat(m.incarnation()).isEqualTo(1);
		});
		assertThat(this.events).extracting(MembershipEvent::kind)
			// news before header: "third" is learned from its header after its news was applied
			.containsExactly(Kind.JOINED, Kind.FAILED, Kind.JOINED, Kind.ALIVE_AGAIN);
	}

	@Test
	void aSuspectIsPingedWithTheSuspicionBeforeItsTimeoutAndItsAckRefutes() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		MemberId third = new MemberId("third", 300);
		Endpoint thirdAddr = Endpoint.ipv4(10, 0, 0, 3, 7946);
		Update suspicion = new Update(MemberState.SUSPECT, this.peer, 0, this.peerAddr, "third");
		receive(1000, third, thirdAddr, Message.Gossip.INSTANCE, suspicion);
		Timer.SuspicionTimeout timeout = lastTimer(Timer.SuspicionTimeout.class);
		Timer.SuspicionCheck check = lastTimer(Timer.SuspicionCheck.class);
		assertThat(timeout.at() - check.at()).isEqualTo(LAN.probeTimeout().toMillis());
		this.membership.onTimer(check.at(), check);
		Packet ping = this.sent.get(lastNotGossip());
		assertThat(this.sentTo.get(lastNotGossip())).isEqualTo(this.peerAddr);
		assertThat(ping.message()).isInstanceOf(Message.Ping.class);
		assertThat(ping.updates()).first().isEqualTo(suspicion);
		// the suspect refuted on reading the ping: its ack's header carries the new incarnation
		this.membership.onPacket(check.at() + 5, this.peerAddr,
				new Packet(this.peer, 1, new Message.Ack(((Message.Ping) ping.message()).seq()), List.of()));
		this.membership.onTimer(timeout.at(), timeout);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
		assertThat(this.events).extracting(MembershipEvent::kind)
			.containsExactly(Kind.JOINED, Kind.SUSPECTED, Kind.JOINED, Kind.ALIVE_AGAIN);
	}

	@Test
	void aNewerProcessWithOurIdMakesUsStepDown() {
		receive(0, new MemberId("me", 101), this.peerAddr, Message.Gossip.INSTANCE);
		assertThat(this.membership.isSuperseded()).isTrue();
		// it runs elsewhere, so it is a second live process: reported here, and told so it reports too
		assertThat(this.events).extracting(MembershipEvent::kind).containsExactly(Kind.SUPERSEDED, Kind.ID_CONFLICT);
		assertThat(this.sentTo).containsExactly(this.peerAddr);
		int before = this.sent.size();
		receive(10, this.peer, this.peerAddr, new Message.Ping(1, this.me));
		assertThat(this.sent).hasSize(before);
	}

	@Test
	void implausibleIncarnationJumpsAreRefusedInEveryState() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(this.peer, 5, this.peerAddr));
		long jump = Membership.MAX_INCARNATION_JUMP + 6;
		receive(1, new MemberId("x", 1), Endpoint.ipv4(10, 0, 0, 9, 7946), Message.Gossip.INSTANCE,
				Update.alive(this.peer, jump, this.peerAddr),
				new Update(MemberState.SUSPECT, this.peer, jump, this.peerAddr, "x"),
				new Update(MemberState.DEAD, this.peer, jump, this.peerAddr, null),
				new Update(MemberState.LEFT, this.peer, jump, this.peerAddr, null),
				new Update(MemberState.DEAD, this.me, jump, this.myAddr, null));
		assertThat(this.membership.member("peer")).get().satisfies((m) -> {
			assertThat(m.state()).isEqualTo(MemberState.ALIVE);
			assertThat(m.incarnation()).isEqualTo(5);
		});
		assertThat(this.membership.incarnation()).isZero();
		// a plausible step is still taken
		receive(2, new MemberId("x", 1), Endpoint.ipv4(10, 0, 0, 9, 7946), Message.Gossip.INSTANCE,
				Update.alive(this.peer, 5 + Membership.MAX_INCARNATION_JUMP, this.peerAddr));
		assertThat(this.membership.member("peer")).get().extracting(Member::incarnation)
			.isEqualTo(5 + Membership.MAX_INCARNATION_JUMP);
	}

	@Test
	void metadataLearnedLaterForTheSameIncarnationIsTakenAndReported() {
		// the header alone says "peer, incarnation 0", without metadata
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		MemberMetadata meta = new MemberMetadata(java.util.Set.of("acme.renew"), java.util.Map.of("zone", "a"));
		receive(1, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(this.peer, 0, this.peerAddr, meta));
		assertThat(this.membership.member("peer")).get().extracting(Member::metadata).isEqualTo(meta);
		assertThat(this.events).extracting(MembershipEvent::kind).containsExactly(Kind.JOINED, Kind.UPDATED);
		// a record without metadata never erases what we know
		receive(2, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(this.peer, 1, this.peerAddr));
		assertThat(this.membership.member("peer")).get().extracting(Member::metadata).isEqualTo(meta);
	}

	/** The peer talks to us; then its DEAD record, which a sync will bring, with the outputs cleared. */
	private Update peerHeardThenDeadElsewhere() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		this.sent.clear();
		this.sentTo.clear();
		return new Update(MemberState.DEAD, this.peer, 0, this.peerAddr, null);
	}

	@Test
	void aStateSyncNeverFailsALiveMemberButTellsItSoItRefutes() {
		Update dead = peerHeardThenDeadElsewhere();
		receive(1, this.remote, this.remoteAddr, new Message.SyncPush(true, 1, java.util.List.of(0), java.util.List.of(dead)));
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
		assertThat(this.events).extracting(MembershipEvent::kind).doesNotContain(Kind.FAILED);
		// the peer got the notice; the remote got our records back
		int notice = this.sentTo.indexOf(this.peerAddr);
		assertThat(notice).isNotNegative();
		assertThat(this.sent.get(notice).updates()).first().isEqualTo(dead);
		assertThat(this.sentTo).last().isEqualTo(this.remoteAddr);
		Message.SyncPush reply = (Message.SyncPush) this.sent.get(this.sent.size() - 1).message();
		assertThat(reply.wantReply()).isFalse();
		assertThat(reply.records()).extracting(Update::member).contains(this.me, this.peer);
	}

	/**
	 * The others failed a member whose news we missed (push gossip misses a member now and then):
	 * a sync tells us, we keep it live, and probe it at once rather than at its turn in the round
	 * robin, up to a probe cycle away; its host's refusal then fails it here too.
	 */
	@Test
	void aStateSyncThatHoldsALiveMemberDeadHasItProbedAtOnce() {
		Update dead = peerHeardThenDeadElsewhere();
		receive(10, this.remote, this.remoteAddr, new Message.SyncPush(false, 1, java.util.List.of(0), java.util.List.of(dead)));
		assertThat(pingsTo(this.peerAddr)).as("probed out of turn").hasSize(1);
		// another dispute within the probe interval adds no probe
		receive(20, this.remote, this.remoteAddr, new Message.SyncPush(false, 1, java.util.List.of(0), java.util.List.of(dead)));
		assertThat(pingsTo(this.peerAddr)).hasSize(1);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
		// unanswered: its port is checked, and the host's refusal fails it
		Timer.ProbeTimeout timeout = lastTimer(Timer.ProbeTimeout.class);
		assertThat(timeout.at()).isEqualTo(10 + LAN.probeTimeout().toMillis());
		this.membership.onTimer(timeout.at(), timeout);
		this.membership.onPortClosed(timeout.at() + 1, this.peerAddr);
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);
		assertThat(this.events).extracting(MembershipEvent::kind).endsWith(Kind.FAILED);
	}

	private List<Message.Ping> pingsTo(Endpoint to) {
		List<Message.Ping> pings = new ArrayList<>();
		for (int i = 0; i < this.sent.size(); i++) {
			if (this.sentTo.get(i).equals(to) && this.sent.get(i).message() instanceof Message.Ping ping) {
				pings.add(ping);
			}
		}
		return pings;
	}

	@Test
	void aStateSyncAboutAMemberSilentForLongerThanAProbeCycleStartsOurOwnSuspicion() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE);
		receive(1, this.remote, this.remoteAddr, Message.Gossip.INSTANCE);
		// the remote talks now; the peer has been silent far longer than a probe cycle and a suspicion
		long later = 3 * LAN.probeInterval().toMillis() + LAN.suspicionMaxMillis(3) + 10;
		receive(later - 1, this.remote, this.remoteAddr, Message.Gossip.INSTANCE);
		Update dead = new Update(MemberState.DEAD, this.peer, 0, this.peerAddr, null);
		receive(later, this.remote, this.remoteAddr, new Message.SyncPush(false, 1, java.util.List.of(0), java.util.List.of(dead)));
		// not failed on hearsay: suspected, so it may still refute, with the remote as accuser
		assertThat(this.membership.member("peer")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
		assertThat(this.events).extracting(MembershipEvent::kind).endsWith(Kind.SUSPECTED)
			.doesNotContain(Kind.FAILED);
		assertThat(this.membership.member("remote")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
	}

	@Test
	void aSyncRequestFromAnAgreeingViewIsAnsweredWithNothing() {
		receive(0, this.peer, this.peerAddr, Message.Gossip.INSTANCE, Update.alive(this.peer, 0, this.peerAddr,
				MemberMetadata.EMPTY));
		int before = this.sent.size();
		receive(1, this.peer, this.peerAddr, new Message.SyncRequest(java.util.List.of(0)));
		assertThat(this.sent).hasSize(before + 1);
		Message.SyncPush push = (Message.SyncPush) this.sent.get(before).message();
		assertThat(push.buckets()).containsExactly(0);
		// the same digest as ours: silence
		Membership twin = this.membership;
		Message.SyncRequest digest = ownDigest(twin);
		int beforeDigest = this.sent.size();
		receive(2, this.peer, this.peerAddr, digest);
		assertThat(this.sent).hasSize(beforeDigest);
	}

	/** Our own digest, obtained the way a peer would: from the request our sync tick sends. */
	private Message.SyncRequest ownDigest(Membership m) {
		Timer.SyncTick tick = lastTimer(Timer.SyncTick.class);
		m.onTimer(tick.at(), tick);
		int at = this.sent.size() - 1;
		while (!(this.sent.get(at).message() instanceof Message.SyncRequest)) {
			at--;
		}
		Packet request = this.sent.remove(at);
		this.sentTo.remove(at);
		return (Message.SyncRequest) request.message();
	}

	@Test
	void joinRetriesWithBackoffUntilASeedAnswers() {
		List<Timer> own = new ArrayList<>();
		List<Packet> packets = new ArrayList<>();
		Outputs outputs = new Outputs() {
			@Override
			public void send(Endpoint to, Packet packet) {
				packets.add(packet);
			}

			@Override
			public void schedule(Timer timer) {
				own.add(timer);
			}

			@Override
			public void event(MembershipEvent event) {
			}
		};
		Membership joiner = new Membership(LAN, this.me, this.myAddr, new SplittableRandom(3), new WireCodec(),
				outputs);
		joiner.start(0, List.of(this.peerAddr, this.myAddr));
		assertThat(packets).extracting(Packet::message).containsExactly(new Message.JoinRequest(this.myAddr, 0));
		long previousDelay = 0;
		long now = 0;
		for (int i = 0; i < 4; i++) {
			Timer.JoinRetry retry = (Timer.JoinRetry) own.stream().filter(Timer.JoinRetry.class::isInstance)
				.reduce((a, b) -> b).orElseThrow();
			assertThat(retry.at() - now).isGreaterThanOrEqualTo(previousDelay / 2);
			previousDelay = retry.at() - now;
			now = retry.at();
			joiner.onTimer(now, retry);
		}
		assertThat(packets).hasSize(5);
		joiner.onPacket(now + 1, this.peerAddr, new Packet(this.peer, 0,
				new Message.JoinResponse(List.of(Update.alive(this.peer, 0, this.peerAddr))), List.of()));
		assertThat(joiner.isJoined()).isTrue();
		assertThat(joiner.liveCount()).isEqualTo(2);
		Timer.JoinRetry retry = (Timer.JoinRetry) own.stream().filter(Timer.JoinRetry.class::isInstance)
			.reduce((a, b) -> b).orElseThrow();
		joiner.onTimer(retry.at(), retry);
		assertThat(packets.stream().filter((p) -> p.message() instanceof Message.JoinRequest)).hasSize(5);
	}

}
