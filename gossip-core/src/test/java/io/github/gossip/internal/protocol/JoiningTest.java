package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Join requests and retries, answering a joiner with our view, and the catch-ups after joining. */
class JoiningTest {

	private static final Endpoint ME = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final Endpoint SEED = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private final ProtocolParts parts = new ProtocolParts(new MemberId("me", 100), ME);

	private final Joining joining = this.parts.joining;

	@Test
	void withoutSeedsOtherThanItselfANodeIsJoinedAtOnce() {
		this.joining.setSeeds(List.of(ME));
		this.joining.start(0);
		assertThat(this.joining.isJoined()).isTrue();
		assertThat(this.parts.sent).isEmpty();
		assertThat(this.parts.timers).isEmpty();
	}

	@Test
	void asksEverySeedAndRetriesWithGrowingBackoffUntilOneAnswers() {
		Endpoint other = Endpoint.ipv4(10, 0, 0, 3, 7946);
		this.joining.setSeeds(List.of(SEED, ME, other));
		this.joining.start(0);
		assertThat(this.parts.sentTo).containsExactly(SEED, other);
		assertThat(this.parts.messages(JoinRequest.class)).containsOnly(new JoinRequest(ME, 0));
		long now = 0;
		for (int attempt = 1; attempt <= 8; attempt++) {
			Timer.JoinRetry retry = this.parts.timers(Timer.JoinRetry.class).get(attempt - 1);
			assertThat(retry.attempt()).isEqualTo(attempt);
			// half to all of min(2^(attempt - 1), 32) probe intervals
			long delay = 1000L * Math.min(1L << (attempt - 1), 32);
			assertThat(retry.at() - now).isBetween(delay / 2, delay);
			now = retry.at();
			this.joining.onJoinRetry(now, retry.attempt());
		}
		assertThat(this.parts.messages(JoinRequest.class)).hasSize(2 * 9);
		this.joining.onJoinResponse(now, new JoinResponse(List.of(Update.alive(new MemberId("seed", 1), 0, SEED))));
		assertThat(this.joining.isJoined()).isTrue();
		assertThat(this.parts.table.get("seed")).isNotNull();
		int sent = this.parts.sent.size();
		this.joining.onJoinRetry(now + 100_000, 9);
		assertThat(this.parts.sent).hasSize(sent);
	}

	@Test
	void answersAJoinerWithTheWholeViewInPartsThatEachFitADatagram() {
		MemberMetadata big = new MemberMetadata(Set.of(), Map.of("a", "x".repeat(120), "b", "y".repeat(120)));
		for (int i = 0; i < 20; i++) {
			this.parts.merger.apply(0, Update.alive(new MemberId("m" + i, 1), 0, Endpoint.ipv4(10, 0, 1, i, 1), big),
					false);
		}
		MemberId joiner = new MemberId("joiner", 1);
		this.parts.clearOutputs();
		this.joining.onJoinRequest(0, SEED, joiner, new JoinRequest(SEED, 0));
		List<JoinResponse> responses = this.parts.messages(JoinResponse.class);
		assertThat(responses).hasSizeGreaterThan(3);
		List<Update> view = new ArrayList<>();
		responses.forEach((r) -> view.addAll(r.members()));
		assertThat(view.get(0)).isEqualTo(this.parts.identity.alive());
		assertThat(view).hasSize(22).contains(Update.alive(joiner, 0, SEED));
		for (Packet packet : this.parts.sent) {
			assertThat(this.parts.sizer.encode(packet)).hasSizeLessThanOrEqualTo(ProtocolParts.LAN.packetBudget());
		}
	}

	@Test
	void afterJoiningCatchesUpTwiceAndAnnouncesItselfToMembersItHasNotHeardFrom() {
		this.joining.setSeeds(List.of(SEED));
		this.joining.start(0);
		List<Update> members = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			members.add(Update.alive(new MemberId("m" + i, 1), 0, Endpoint.ipv4(10, 0, 1, i, 1)));
		}
		this.joining.onJoinResponse(100, new JoinResponse(members));
		this.joining.heardFrom("m0");
		this.joining.heardFrom("m1");
		this.joining.heardFrom("m2");
		this.joining.heardFrom("m3");
		Timer.JoinCatchUp first = this.parts.timers(Timer.JoinCatchUp.class).get(0);
		assertThat(first.remaining()).isEqualTo(2);
		assertThat(first.at() - 100).isBetween(200L, 600L);
		this.parts.clearOutputs();
		this.joining.onCatchUp(first.at(), first.remaining());
		assertThat(this.parts.messages(JoinRequest.class)).hasSize(1);
		// the two silent members get a packet each (fanout 3)
		assertThat(this.parts.messages(Gossip.class)).hasSize(2);
		assertThat(this.parts.sentTo).contains(Endpoint.ipv4(10, 0, 1, 4, 1), Endpoint.ipv4(10, 0, 1, 5, 1));
		Timer.JoinCatchUp second = this.parts.timers(Timer.JoinCatchUp.class).get(0);
		assertThat(second.remaining()).isEqualTo(1);
		assertThat(second.at() - first.at()).isBetween(4000L, 12000L);
		this.parts.clearOutputs();
		this.joining.onCatchUp(second.at(), second.remaining());
		assertThat(this.parts.timers(Timer.JoinCatchUp.class)).isEmpty();
		this.parts.clearOutputs();
		// no more announcements once catching up is over
		this.joining.onJoinResponse(second.at(), new JoinResponse(List.of()));
		assertThat(this.parts.timers(Timer.JoinCatchUp.class)).isEmpty();
	}

}
