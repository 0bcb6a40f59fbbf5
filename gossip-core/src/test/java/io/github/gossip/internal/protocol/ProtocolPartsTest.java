package io.github.gossip.internal.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.wire.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Config defaults, the Lifeguard suspicion formula and the dissemination queue. */
class ProtocolPartsTest {

	private static final Endpoint EP = Endpoint.ipv4(10, 0, 0, 1, 7946);

	@Test
	void lanDefaults() {
		ProtocolConfig lan = ProtocolConfig.lan();
		assertThat(lan).isEqualTo(new ProtocolConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 3, 4, 6,
				Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30), 1400, Duration.ofHours(1)));
		assertThat(lan.packetBudget()).isEqualTo(1364);
		// alpha * max(1, log10 N) * interval; beta times that
		assertThat(lan.suspicionMinMillis(8)).isEqualTo(4000);
		assertThat(lan.suspicionMinMillis(100)).isEqualTo(8000);
		assertThat(lan.suspicionMaxMillis(100)).isEqualTo(48000);
		assertThat(lan.retransmitLimit(32)).isEqualTo(8);
		assertThat(lan.retransmitLimit(1000)).isEqualTo(16);
		assertThatIllegalArgumentException().isThrownBy(() -> new ProtocolConfig(Duration.ofSeconds(1),
				Duration.ofSeconds(1), 3, 4, 6, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30), 1400,
				Duration.ofHours(1)));
	}

	@Test
	void suspicionShrinksFromMaxToMinWithConfirmations() {
		assertThat(Suspicion.timeout(0, 3, 6000, 36000)).isEqualTo(36000);
		assertThat(Suspicion.timeout(1, 3, 6000, 36000)).isEqualTo(21000);
		assertThat(Suspicion.timeout(2, 3, 6000, 36000)).isBetween(6000L, 21000L);
		assertThat(Suspicion.timeout(3, 3, 6000, 36000)).isEqualTo(6000);
		assertThat(Suspicion.timeout(0, 0, 6000, 36000)).isEqualTo(6000);
		Suspicion s = new Suspicion(1000, "a", 3, 6000, 36000);
		assertThat(s.deadline()).isEqualTo(37000);
		assertThat(s.confirm("a")).isFalse();
		assertThat(s.confirm("b")).isTrue();
		assertThat(s.confirm("b")).isFalse();
		assertThat(s.deadline()).isEqualTo(22000);
		assertThat(s.confirm("c")).isTrue();
		assertThat(s.confirm("d")).isTrue();
		assertThat(s.confirm("e")).as("no more than K confirmations count").isFalse();
		assertThat(s.deadline()).isEqualTo(7000);
	}

	@Test
	void queueSendsFewestSentFirstReplacesOlderNewsAndDropsAfterLimit() {
		WireCodec sizer = new WireCodec();
		DisseminationQueue queue = new DisseminationQueue();
		MemberId a = new MemberId("a", 1);
		MemberId b = new MemberId("b", 1);
		Endpoint x = Endpoint.ipv4(10, 0, 0, 2, 1);
		Endpoint y = Endpoint.ipv4(10, 0, 0, 3, 1);
		Endpoint z = Endpoint.ipv4(10, 0, 0, 4, 1);
		queue.add(Update.alive(a, 0, EP));
		assertThat(queue.take(1000, 2, sizer, x, new ArrayList<>())).containsExactly(Update.alive(a, 0, EP));
		// never twice to the same destination
		assertThat(queue.take(1000, 2, sizer, x, new ArrayList<>())).isEmpty();
		queue.add(Update.alive(b, 0, EP));
		// b was never sent, a once: b goes first, and a budget for one update takes only b
		int one = sizer.updateSize(Update.alive(b, 0, EP));
		assertThat(queue.take(one, 2, sizer, y, new ArrayList<>())).containsExactly(Update.alive(b, 0, EP));
		Update suspectA = new Update(MemberState.SUSPECT, a, 0, EP, "b");
		queue.add(suspectA);
		assertThat(queue.size()).isEqualTo(2);
		List<Update> both = queue.take(1000, 2, sizer, z, new ArrayList<>());
		assertThat(both).containsExactly(suspectA, Update.alive(b, 0, EP));
		// b reached the limit of 2; suspectA was sent once
		assertThat(queue.take(1000, 2, sizer, x, new ArrayList<>())).containsExactly(suspectA);
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void newInstanceIdsGrowWithStartTime() {
		java.util.SplittableRandom random = new java.util.SplittableRandom(1);
		MemberId first = new MemberId("n", MemberId.newInstance(1_700_000_000_000L, random));
		MemberId second = new MemberId("n", MemberId.newInstance(1_700_000_000_001L, random));
		assertThat(second.supersedes(first)).isTrue();
		assertThat(first.supersedes(second)).isFalse();
		assertThat(new MemberId("m", second.instance()).supersedes(first)).isFalse();
	}

}
