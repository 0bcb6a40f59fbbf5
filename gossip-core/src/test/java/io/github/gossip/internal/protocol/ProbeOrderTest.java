package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe schedule that members agree on: a permutation of the live members every round. */
class ProbeOrderTest {

	/** One member's view: every other member's record, in the order it learned them. */
	private record View(String self, List<MemberRecord> records, ProbeOrder order) {

		MemberRecord next(long round) {
			int live = (int) this.records.stream().filter((e) -> e.state().isLive()).count();
			return this.order.next(round, this.self, this.records, live);
		}

	}

	private static MemberRecord record(String nodeId, MemberState state) {
		MemberRecord e = new MemberRecord(new MemberId(nodeId, 1), Endpoint.ipv4(10, 0, 0, 1, 1), 0);
		e.moveTo(0, state);
		return e;
	}

	/** A member per id, each knowing the others in its own learning order. */
	private static List<View> cluster(List<String> ids) {
		List<View> views = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			List<MemberRecord> records = new ArrayList<>();
			for (int j = 1; j < ids.size(); j++) {
				records.add(record(ids.get((i + j) % ids.size()), MemberState.ALIVE));
			}
			if (i % 2 == 1) {
				// each member learned the others in its own order
				Collections.reverse(records);
			}
			views.add(new View(ids.get(i), records, new ProbeOrder()));
		}
		return views;
	}

	private static List<String> ids(int n) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			// numeric and textual ids mixed, ranked by MemberId.NODE_ID_ORDER everywhere
			ids.add((i % 3 == 0) ? Integer.toString(100 - i) : "node-" + i);
		}
		return ids;
	}

	@Test
	void everyRoundIsAPermutationAndEveryMemberProbesEveryOtherOncePerCycle() {
		for (int n : new int[] { 2, 3, 8, 13 }) {
			List<View> views = cluster(ids(n));
			Map<String, Set<String>> probedBy = new HashMap<>();
			// one cycle of n - 1 rounds
			long first = 37L * (n - 1);
			for (long round = first; round < first + (n - 1); round++) {
				Set<String> probed = new HashSet<>();
				for (View v : views) {
					String target = v.next(round).id().nodeId();
					assertThat(target).isNotEqualTo(v.self());
					assertThat(probed.add(target)).as("round %d of %d: %s probed twice", round, n, target).isTrue();
					probedBy.computeIfAbsent(v.self(), (k) -> new HashSet<>()).add(target);
				}
				assertThat(probed).hasSize(n);
			}
			for (View v : views) {
				// SWIM's round robin: every other member once per n - 1 rounds
				assertThat(probedBy.get(v.self())).hasSize(n - 1);
			}
		}
	}

	@Test
	void theRankingIsTheLiveMembersByNodeIdWhateverTheTableDid() {
		SplittableRandom random = new SplittableRandom(1179);
		List<MemberRecord> records = new ArrayList<>();
		ProbeOrder order = new ProbeOrder();
		MemberState[] states = MemberState.values();
		int next = 0;
		for (int step = 0; step < 3000; step++) {
			int action = random.nextInt(10);
			if (action < 4 || records.isEmpty()) {
				// learned: appended, as the table does, in any state
				MemberRecord e = record((next % 3 == 0) ? Integer.toString(5000 - next) : "node-" + next,
						states[random.nextInt(states.length)]);
				next++;
				records.add(e);
				order.add(e);
			}
			else if (action < 5) {
				// reaped: removed wherever it sits, and sometimes an id comes back as a new record
				MemberRecord gone = records.remove(random.nextInt(records.size()));
				order.retain(records::contains);
				if (random.nextBoolean()) {
					records.add(record(gone.id().nodeId(), MemberState.ALIVE));
				}
			}
			else {
				records.get(random.nextInt(records.size())).moveTo(0, states[random.nextInt(states.length)]);
			}
			List<MemberRecord> live = new ArrayList<>(records.stream().filter((e) -> e.state().isLive()).toList());
			live.sort(Comparator.comparing((e) -> e.id().nodeId(), MemberId.NODE_ID_ORDER));
			order.phase("node-self", records, live.size(), 1000);
			assertThat(order.ranked()).as("step %d", step).containsExactlyElementsOf(live);
		}
	}

	@Test
	void membersThatAreNotLiveAreNotRankedAndNewOnesAre() {
		List<MemberRecord> records = new ArrayList<>();
		MemberRecord a = record("a", MemberState.ALIVE);
		MemberRecord dead = record("b", MemberState.DEAD);
		MemberRecord c = record("c", MemberState.SUSPECT);
		records.addAll(List.of(c, dead, a));
		ProbeOrder order = new ProbeOrder();
		Set<MemberRecord> targets = new HashSet<>();
		for (long round = 0; round < 4; round++) {
			targets.add(order.next(round, "self", records, 2));
		}
		assertThat(targets).containsExactlyInAnyOrder(a, c);
		assertThat(order.ranked()).containsExactly(a, c);
		// a member that stopped being live is noticed by the count
		records.remove(c);
		records.add(c);
		c.moveTo(0, MemberState.DEAD);
		assertThat(order.next(0, "self", records, 1)).isSameAs(a);
		assertThat(order.ranked()).containsExactly(a);
		// one that came back is ranked again, in node id order
		dead.moveTo(0, MemberState.ALIVE);
		order.add(dead);
		order.next(0, "self", records, 2);
		assertThat(order.ranked()).containsExactly(a, dead);
		// one stopped being live and another came back: the same count, and still only live targets
		a.moveTo(0, MemberState.DEAD);
		c.moveTo(0, MemberState.ALIVE);
		for (long round = 0; round < 4; round++) {
			assertThat(order.next(round, "self", records, 2)).isIn(dead, c);
		}
	}

	@Test
	void nothingToProbeWithoutLiveMembersAndReapedOnesLeave() {
		List<MemberRecord> records = new ArrayList<>();
		MemberRecord dead = record("dead", MemberState.DEAD);
		records.add(dead);
		ProbeOrder order = new ProbeOrder();
		assertThat(order.next(0, "self", records, 0)).isNull();
		MemberRecord other = record("other", MemberState.ALIVE);
		records.add(other);
		order.add(other);
		assertThat(order.next(0, "self", records, 1)).isSameAs(other);
		order.retain((e) -> e != other);
		records.remove(other);
		assertThat(order.ranked()).isEmpty();
		assertThat(order.next(0, "self", records, 0)).isNull();
	}

	@Test
	void viewsThatDifferCostTheBoundButNeverATarget() {
		List<View> views = cluster(ids(8));
		// one member has not heard of two others yet
		View behind = views.get(3);
		behind.records().subList(0, 2).clear();
		for (long round = 0; round < 20; round++) {
			for (View v : views) {
				MemberRecord target = v.next(round);
				assertThat(target).isNotNull();
				assertThat(target.id().nodeId()).isNotEqualTo(v.self());
			}
		}
	}

}
