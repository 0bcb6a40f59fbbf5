package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Records, live counts, sampling and the reaping of tombstones. */
class MemberTableTest {

	private final MemberTable table = new MemberTable();

	private MemberRecord add(long now, String nodeId, MemberState state) {
		Update u = new Update(state, new MemberId(nodeId, 1), 0, Endpoint.ipv4(10, 0, 0, nodeId.hashCode() & 0xff, 1),
				(state == MemberState.SUSPECT) ? "x" : null);
		return this.table.add(now, u, state);
	}

	@Test
	void countsLiveMembersWithThisNodeIncluded() {
		assertThat(this.table.liveCount()).isEqualTo(1);
		MemberRecord a = add(0, "a", MemberState.ALIVE);
		add(0, "b", MemberState.DEAD);
		assertThat(this.table.liveCount()).isEqualTo(2);
		assertThat(this.table.setState(5, a, MemberState.SUSPECT)).isZero();
		assertThat(this.table.setState(6, a, MemberState.DEAD)).isEqualTo(-1);
		assertThat(a.stateSince()).isEqualTo(6);
		assertThat(this.table.liveCount()).isEqualTo(1);
		assertThat(this.table.setState(7, a, MemberState.ALIVE)).isEqualTo(1);
		assertThat(this.table.liveCount()).isEqualTo(2);
	}

	@Test
	void keepsLearningOrderAndLooksUpByNodeId() {
		MemberRecord c = add(0, "c", MemberState.ALIVE);
		MemberRecord a = add(0, "a", MemberState.LEFT);
		assertThat(this.table.records()).containsExactly(c, a);
		assertThat(this.table.get("a")).isSameAs(a);
		assertThat(this.table.holds(a)).isTrue();
		assertThat(this.table.member("c")).contains(c.snapshot());
		assertThat(this.table.member("z")).isEmpty();
		assertThat(this.table.snapshots()).containsExactly(c.snapshot(), a.snapshot());
	}

	@Test
	void samplesDistinctLiveMembersOtherThanTheExcludedOne() {
		List<MemberRecord> live = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			live.add(add(0, "live" + i, MemberState.ALIVE));
		}
		for (int i = 0; i < 40; i++) {
			add(0, "dead" + i, MemberState.DEAD);
		}
		SplittableRandom random = new SplittableRandom(3);
		for (int round = 0; round < 50; round++) {
			List<MemberRecord> picked = this.table.sample(3, live.get(0), random);
			// mostly tombstones: the fallback scan still finds three
			assertThat(picked).hasSize(3).doesNotHaveDuplicates().doesNotContain(live.get(0));
			assertThat(live).containsAll(picked);
		}
		assertThat(this.table.sample(10, null, random)).containsExactlyInAnyOrderElementsOf(live);
		assertThat(this.table.sample(0, null, random)).isEmpty();
	}

	@Test
	void reapsOnlyTombstonesOlderThanTheRetentionAndRemembersThem() {
		MemberRecord old = add(0, "old", MemberState.DEAD);
		MemberRecord young = add(500, "young", MemberState.LEFT);
		MemberRecord alive = add(0, "alive", MemberState.ALIVE);
		assertThat(this.table.reap(1000, 600)).containsExactly(old);
		assertThat(this.table.records()).containsExactly(young, alive);
		assertThat(this.table.holds(old)).isFalse();
		assertThat(this.table.reapedCount()).isEqualTo(1);
		// stale news of the reaped member cannot bring it back; it is told it is dead instead
		assertThat(this.table.admits(Update.alive(old.id(), 0, old.endpoint()))).isFalse();
		assertThat(this.table.deathNotice(old.id(), 0, old.endpoint()))
			.isEqualTo(new Update(MemberState.DEAD, old.id(), 0, old.endpoint(), null));
		// its refutation does
		assertThat(this.table.admits(Update.alive(old.id(), 1, old.endpoint()))).isTrue();
		assertThat(this.table.reapedCount()).isZero();
	}

}
