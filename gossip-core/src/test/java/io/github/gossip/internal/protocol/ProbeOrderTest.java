package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SWIM's round-robin probe order. */
class ProbeOrderTest {

	private final SplittableRandom random = new SplittableRandom(11);

	private final List<MemberRecord> records = new ArrayList<>();

	private final ProbeOrder order = new ProbeOrder();

	private MemberRecord record(String nodeId, MemberState state) {
		MemberRecord e = new MemberRecord(new MemberId(nodeId, 1), Endpoint.ipv4(10, 0, 0, 1, 1), 0);
		e.moveTo(0, state);
		this.records.add(e);
		return e;
	}

	@Test
	void probesEveryLiveMemberOncePerRoundAndSkipsTheOthers() {
		for (int i = 0; i < 5; i++) {
			record("m" + i, MemberState.ALIVE);
		}
		MemberRecord dead = record("dead", MemberState.DEAD);
		for (int round = 0; round < 3; round++) {
			Set<MemberRecord> seen = new HashSet<>();
			for (int i = 0; i < 5; i++) {
				assertThat(seen.add(this.order.next(this.records, this.random))).isTrue();
			}
			assertThat(seen).doesNotContain(dead).hasSize(5);
		}
		// members that stop being live stay in the round but are skipped
		this.order.next(this.records, this.random);
		List<MemberRecord> rest = this.order.remaining();
		rest.forEach((e) -> e.moveTo(0, MemberState.DEAD));
		MemberRecord next = this.order.next(this.records, this.random);
		assertThat(rest).doesNotContain(next);
		assertThat(next.state().isLive()).isTrue();
	}

	@Test
	void aNewMemberJoinsTheRestOfTheRoundOnce() {
		for (int i = 0; i < 4; i++) {
			record("m" + i, MemberState.ALIVE);
		}
		this.order.next(this.records, this.random);
		MemberRecord late = record("late", MemberState.ALIVE);
		this.order.add(late, this.random);
		this.order.add(late, this.random);
		assertThat(this.order.remaining()).hasSize(4).containsOnlyOnce(late);
	}

	@Test
	void nothingToProbeWithoutLiveMembersAndReapedOnesLeave() {
		MemberRecord dead = record("dead", MemberState.DEAD);
		assertThat(this.order.next(this.records, this.random)).isNull();
		dead.moveTo(0, MemberState.ALIVE);
		MemberRecord other = record("other", MemberState.ALIVE);
		this.order.next(this.records, this.random);
		this.order.retain((e) -> e != dead && e != other);
		assertThat(this.order.remaining()).isEmpty();
		this.records.clear();
		assertThat(this.order.next(this.records, this.random)).isNull();
	}

}
