package io.github.gossip.internal.protocol;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** Refutation, leaving, and a second process with our node id. */
class LocalIdentityTest {

	private static final Endpoint ME = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final Endpoint ELSEWHERE = Endpoint.ipv4(10, 0, 0, 9, 7946);

	private final MemberId me = new MemberId("me", 100);

	private final ProtocolParts parts = new ProtocolParts(this.me, ME);

	private final LocalIdentity identity = this.parts.identity;

	@Test
	void refutesAnAccusationAboveItsIncarnationAndOwesTheAccuserAnAnswerOnlyForADeath() {
		boolean owed = this.identity.onRecordAboutSelf(0, new Update(MemberState.SUSPECT, this.me, 3, ME, "x"));
		assertThat(this.identity.incarnation()).isEqualTo(4);
		assertThat(this.parts.counters.refutations()).isEqualTo(1);
		assertThat(this.parts.health.score()).isEqualTo(1);
		assertThat(owed).isFalse();
		assertThat(this.parts.queue.take(10_000, 1, this.parts.sizer, ELSEWHERE, new java.util.ArrayList<>()))
			.containsExactly(this.identity.alive());
		owed = this.identity.onRecordAboutSelf(0, new Update(MemberState.DEAD, this.me, 4, ME, null));
		assertThat(this.identity.incarnation()).isEqualTo(5);
		assertThat(owed).isTrue();
		// news at an incarnation we already passed changes nothing, and is owed no answer
		owed = this.identity.onRecordAboutSelf(0, new Update(MemberState.DEAD, this.me, 4, ME, null));
		assertThat(owed).as("answered once").isFalse();
		assertThat(this.identity.incarnation()).isEqualTo(5);
		assertThat(this.parts.events).isEmpty();
	}

	@Test
	void aLeavingMemberAnswersNewsOfItsLifeWithItsLeftRecord() {
		this.identity.leave();
		assertThat(this.identity.localMember().state()).isEqualTo(MemberState.LEFT);
		assertThat(this.identity.record()).isEqualTo(this.identity.left());
		this.parts.queue.take(10_000, 1, this.parts.sizer, ELSEWHERE, new java.util.ArrayList<>());
		this.identity.onRecordAboutSelf(0, Update.alive(this.me, 7, ME));
		assertThat(this.identity.incarnation()).isZero();
		assertThat(this.parts.queue.take(10_000, 1, this.parts.sizer, ELSEWHERE, new java.util.ArrayList<>()))
			.containsExactly(this.identity.left());
	}

	@Test
	void aNewerProcessWithOurIdMakesUsStepDownAndRemindItOnceAMinute() {
		MemberId newer = new MemberId("me", 200);
		this.identity.onRecordAboutSelf(1000, Update.alive(newer, 0, ELSEWHERE));
		assertThat(this.identity.isSuperseded()).isTrue();
		assertThat(this.identity.localMember().state()).isEqualTo(MemberState.LEFT);
		assertThat(this.parts.eventKinds()).containsExactly(Kind.SUPERSEDED, Kind.ID_CONFLICT);
		assertThat(this.parts.events.get(1).member().id()).isEqualTo(newer);
		assertThat(this.parts.sentTo).containsExactly(ELSEWHERE);
		assertThat(this.parts.sent.get(0).updates()).as("header only").isEmpty();
		long reminder = 1000 + LocalIdentity.CONFLICT_REPORT_MILLIS + LocalIdentity.NOTICE_MARGIN_MILLIS;
		assertThat(this.parts.timers).containsExactly(new Timer.ConflictNotice(reminder));
		this.identity.onConflictNotice(reminder);
		assertThat(this.parts.eventKinds()).containsExactly(Kind.SUPERSEDED, Kind.ID_CONFLICT, Kind.ID_CONFLICT);
		assertThat(this.parts.sentTo).containsExactly(ELSEWHERE, ELSEWHERE);
	}

	@Test
	void anOlderProcessWithOurIdIsReportedAtMostOnceAMinuteUnlessItIsAtOurAddress() {
		MemberId older = new MemberId("me", 50);
		this.identity.onPacketFromOurNodeId(0, ELSEWHERE, older, 3);
		this.identity.onPacketFromOurNodeId(59_999, ELSEWHERE, older, 3);
		assertThat(this.parts.eventKinds()).containsExactly(Kind.ID_CONFLICT);
		this.identity.onPacketFromOurNodeId(60_000, ELSEWHERE, older, 3);
		assertThat(this.parts.eventKinds()).containsExactly(Kind.ID_CONFLICT, Kind.ID_CONFLICT);
		// a restart at our own address cannot have a live predecessor: stray packets of the old process
		this.identity.onPacketFromOurNodeId(200_000, ME, older, 3);
		// our own packets, looped back
		this.identity.onPacketFromOurNodeId(200_000, ELSEWHERE, this.me, 0);
		assertThat(this.parts.events).hasSize(2);
		assertThat(this.identity.isSuperseded()).isFalse();
		assertThat(this.parts.sent).isEmpty();
		assertThat(this.parts.timers).isEmpty();
	}

}
