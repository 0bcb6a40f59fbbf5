package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.SyncPush;
import io.github.gossip.internal.protocol.Message.SyncRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Digest push-pull, follow-up syncs, reconnecting to failed members and seeds, and sync merging. */
class AntiEntropyTest {

	private static final Endpoint ME = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final Endpoint SEED = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private static final MemberMetadata NONE = new MemberMetadata(Set.of(), Map.of());

	private final ProtocolParts parts = new ProtocolParts(new MemberId("me", 100), ME);

	private final AntiEntropy antiEntropy = this.parts.antiEntropy;

	private final MemberId partner = new MemberId("partner", 1);

	private final Endpoint partnerAddr = Endpoint.ipv4(10, 0, 0, 3, 7946);

	@BeforeEach
	void joinAlone() {
		this.parts.joining.start(0);
		this.parts.merger.apply(0, Update.alive(this.partner, 0, this.partnerAddr, NONE), false);
		this.parts.clearOutputs();
	}

	@Test
	void aFollowUpSyncComesAFewSecondsLaterAndAtMostOncePerSpacing() {
		long spacing = ProtocolParts.LAN.followUpSpacingMillis();
		this.antiEntropy.requestFollowUpSync(spacing);
		this.antiEntropy.requestFollowUpSync(2 * spacing - 1);
		List<Timer.FollowUpSync> followUps = this.parts.timers(Timer.FollowUpSync.class);
		assertThat(followUps).hasSize(1);
		assertThat(followUps.get(0).at() - spacing).isBetween(2000L, 3000L);
		this.antiEntropy.requestFollowUpSync(2 * spacing);
		assertThat(this.parts.timers(Timer.FollowUpSync.class)).hasSize(2);
		this.antiEntropy.onFollowUpSync();
		assertThat(this.parts.messages(SyncRequest.class)).hasSize(1);
		assertThat(this.parts.sentTo).containsExactly(this.partnerAddr);
	}

	@Test
	void aSeedMissingFromTheViewIsTriedEveryPeriod() {
		this.parts.joining.setSeeds(List.of(SEED));
		for (int i = 1; i <= 5; i++) {
			this.antiEntropy.onReconnectTick(i * 10_000L);
		}
		assertThat(this.parts.messages(SyncRequest.class)).hasSize(5);
		assertThat(this.parts.sentTo).containsOnly(SEED);
		assertThat(this.parts.timers(Timer.ReconnectTick.class)).hasSize(5);
	}

	@Test
	void aDigestOfAnAgreeingViewIsAnsweredWithNothingAndADifferingOneWithTheDifferingBuckets() {
		List<Update> same = List.of(this.parts.identity.alive(), this.parts.table.get("partner").update());
		this.antiEntropy.onSyncRequest(this.partnerAddr, new SyncRequest(ViewDigest.bucketHashes(same, 1)));
		assertThat(this.parts.sent).isEmpty();
		List<Update> other = new ArrayList<>(same);
		other.add(Update.alive(new MemberId("stranger", 1), 0, SEED, NONE));
		this.antiEntropy.onSyncRequest(this.partnerAddr, new SyncRequest(ViewDigest.bucketHashes(other, 1)));
		assertThat(this.parts.messages(SyncPush.class)).containsExactly(new SyncPush(true, 1, List.of(0), same));
	}

	@Test
	void aSyncNeverFailsAMemberThatTalkedLatelyButTellsItAndNeverLearnsTombstones() {
		MemberId third = new MemberId("third", 1);
		Endpoint thirdAddr = Endpoint.ipv4(10, 0, 0, 4, 7946);
		this.parts.merger.apply(0, Update.alive(third, 0, thirdAddr, NONE), false);
		this.parts.clearOutputs();
		Update dead = new Update(MemberState.DEAD, third, 0, thirdAddr, null);
		Update tombstone = new Update(MemberState.LEFT, new MemberId("gone", 1), 0, SEED, null);
		SyncPush push = new SyncPush(false, 1, List.of(0), List.of(dead, tombstone));
		this.antiEntropy.onSyncPush(1000, this.partnerAddr, this.partner, push);
		assertThat(this.parts.table.get("third").state()).isEqualTo(MemberState.ALIVE);
		assertThat(this.parts.table.get("gone")).isNull();
		assertThat(this.parts.sentTo).containsExactly(thirdAddr);
		assertThat(this.parts.sent.get(0).message()).isEqualTo(Gossip.INSTANCE);
		assertThat(this.parts.sent.get(0).updates()).first().isEqualTo(dead);
		assertThat(this.parts.events).isEmpty();
	}

	@Test
	void aSyncAboutAMemberSilentForTooLongStartsOurOwnSuspicion() {
		MemberId third = new MemberId("third", 1);
		Endpoint thirdAddr = Endpoint.ipv4(10, 0, 0, 4, 7946);
		this.parts.merger.apply(0, Update.alive(third, 0, thirdAddr, NONE), false);
		Update dead = new Update(MemberState.DEAD, third, 0, thirdAddr, null);
		this.antiEntropy.onSyncPush(10_000_000, this.partnerAddr, this.partner,
				new SyncPush(false, 1, List.of(0), List.of(dead)));
		assertThat(this.parts.table.get("third").state()).isEqualTo(MemberState.SUSPECT);
		assertThat(this.parts.table.get("third").suspicion().firstAccuser).isEqualTo("partner");
		assertThat(this.parts.eventKinds()).endsWith(Kind.SUSPECTED);
	}

}
