package io.github.gossip.sim;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** Node id versus process versus address: restarts elsewhere, reused addresses, duplicate ids. */
@ExtendWith(SimSeedExtension.class)
class IdentityScenarioTest {

	@Test
	void restartWithSameIdAndNewAddressReplacesTheOldEntryQuickly() {
		Simulator sim = ScenarioTest.bootstrapped(32_201L, 32);
		sim.runFor(5_000);
		SimNode old = sim.node(7);
		long oldInstance = old.membership().self().instance();
		sim.crash(old);
		sim.runFor(500);
		SimNode moved = sim.addNode(old.nodeId());
		long restartAt = sim.nowMillis();
		sim.start(moved, List.of(sim.node(0)));
		long newInstance = moved.membership().self().instance();
		long at = sim.runUntil(() -> sim.upNodes().stream()
			.filter((n) -> n != moved)
			.allMatch((n) -> n.membership().member(old.nodeId())
				.filter((m) -> m.id().instance() == newInstance && m.state() == MemberState.ALIVE
						&& m.endpoint().equals(moved.endpoint()))
				.isPresent()), 50, 10_000);
		assertThat(at).as("every member follows the new process at its new address").isPositive();
		assertThat(at - restartAt).isLessThan(5_000);
		sim.runFor(120_000);
		assertThat(sim.allSeeAllAlive()).isTrue();
		// the replaced process was never failed: its successor took over its entry in place
		assertThat(sim.observed(Kind.FAILED, old)).isEmpty();
		assertThat(sim.observed(Kind.UPDATED, old)).hasSize(31)
			.allSatisfy((o) -> assertThat(o.event().member().id().instance()).isEqualTo(newInstance));
		assertThat(sim.observed(Kind.ID_CONFLICT, null)).isEmpty();
		assertThat(oldInstance).isNotEqualTo(newInstance);
	}

	@Test
	void newIdOnAnOldAddressDoesNotInheritTheOldMember() {
		Simulator sim = ScenarioTest.bootstrapped(32_202L, 32);
		sim.runFor(5_000);
		SimNode old = sim.node(9);
		sim.crash(old);
		sim.runFor(200);
		SimNode stranger = sim.addNodeAt("node-9999", old);
		sim.start(stranger, List.of(sim.node(0)));
		long at = sim.runUntil(() -> sim.allSee(old, MemberState.DEAD) && sim.allSee(stranger, MemberState.ALIVE), 100,
				ScenarioTest.detectionBoundMillis(32));
		assertThat(at).as("old id failed, new id alive everywhere").isPositive();
		assertThat(stranger.membership().member(old.nodeId())).get().extracting(Member::state)
			.isIn(MemberState.DEAD, null);
		assertThat(sim.observed(Kind.UPDATED, old)).isEmpty();
		assertThat(sim.observed(Kind.ALIVE_AGAIN, old)).isEmpty();
		// every original member fails it once; the newcomer may too, having learned it from the seed
		assertThat(sim.observed(Kind.FAILED, old)).filteredOn((o) -> !o.observer().nodeId().equals(stranger.nodeId()))
			.hasSize(31);
		sim.runFor(60_000);
		assertThat(sim.allSee(old, MemberState.DEAD)).isTrue();
		assertThat(sim.allSeeAllAlive()).isTrue();
	}

	/**
	 * A pod rescheduled with a new name gets the address of one that failed earlier: the address
	 * means nothing, the id does. The newcomer joins; the old id stays failed until reaped
	 * everywhere (the newcomer reaps the tombstone it was handed too), and the heal attempts that
	 * go to the failed member's address, which the newcomer now answers, bring nothing back.
	 */
	@Test
	void newIdOnTheAddressOfAFailedMemberJoinsAndTheOldIdIsReapedStillFailed() {
		Simulator sim = new Simulator(16_204L, HealingScenarioTest.SHORT_RETENTION);
		ScenarioTest.startCluster(sim, 16);
		sim.runFor(5_000);
		SimNode old = sim.node(9);
		ScenarioTest.crashAndAwaitFailedEverywhere(sim, old, 16);
		long failedAt = sim.nowMillis();
		sim.runFor(10_000);
		SimNode stranger = sim.addNodeAt("node-9999", old);
		sim.start(stranger, List.of(sim.node(0)));
		assertThat(sim.runUntil(() -> sim.allSeeAllAlive() && sim.allSee(old, MemberState.DEAD), 100, 10_000))
			.as("newcomer alive everywhere, old id still failed").isPositive();
		long digestsBefore = sim.digestsSentTo(old.endpoint());
		long reaped = sim.runUntil(() -> sim.upNodes().stream().allMatch((n) -> n.stateOf(old) == null), 1_000,
				600_000);
		assertThat(reaped).as("old id reaped everywhere").isPositive();
		assertThat(sim.digestsSentTo(old.endpoint())).as("heal attempts went to the reused address")
			.isGreaterThan(digestsBefore);
		sim.runFor(120_000);
		assertThat(sim.allSeeAllAlive()).isTrue();
		assertThat(sim.upNodes()).allSatisfy((n) -> assertThat(n.stateOf(old)).isNull());
		assertThat(sim.observed(Kind.REMOVED, old)).hasSize(16);
		for (Kind kind : List.of(Kind.JOINED, Kind.ALIVE_AGAIN, Kind.UPDATED, Kind.SUSPECTED, Kind.FAILED)) {
			assertThat(sim.observed(kind, old)).as("%s of the old id after it failed", kind)
				.noneMatch((o) -> o.atMillis() > failedAt);
		}
		for (Kind kind : List.of(Kind.SUSPECTED, Kind.FAILED, Kind.UPDATED, Kind.REMOVED)) {
			assertThat(sim.observed(kind, stranger)).as("%s of the newcomer", kind).isEmpty();
		}
		assertThat(sim.observed(Kind.JOINED, stranger)).hasSize(15);
		assertThat(sim.observed(Kind.ID_CONFLICT, null)).isEmpty();
	}

	@Test
	void twoLiveProcessesWithTheSameIdAreReportedOnBothAndDoNotFlap() {
		Simulator sim = ScenarioTest.bootstrapped(16_203L, 16);
		sim.runFor(5_000);
		SimNode original = sim.node(5);
		SimNode duplicate = sim.addNode(original.nodeId());
		sim.start(duplicate, List.of(sim.node(0)));
		long newer = duplicate.membership().self().instance();
		sim.runFor(20_000);
		long settledAt = sim.nowMillis();
		sim.runFor(300_000);
		// the newer process is the member for everyone else; the older stepped down and said so
		assertThat(original.membership().isSuperseded()).isTrue();
		assertThat(duplicate.membership().isSuperseded()).isFalse();
		for (SimNode n : sim.nodes()) {
			if (n != original && n != duplicate) {
				assertThat(n.membership().member(original.nodeId())).get().satisfies((m) -> {
					assertThat(m.id().instance()).isEqualTo(newer);
					assertThat(m.state()).isEqualTo(MemberState.ALIVE);
				});
				assertThat(n.membership().liveCount()).isEqualTo(16);
			}
		}
		// both report the conflict, about the other process, about once a minute
		for (SimNode side : List.of(original, duplicate)) {
			SimNode other = (side == original) ? duplicate : original;
			List<SimNode.Observed> reports = side.events().stream()
				.filter((o) -> o.event().kind() == Kind.ID_CONFLICT && o.atMillis() >= settledAt)
				.toList();
			assertThat(reports).as("ID_CONFLICT on %s", side).hasSizeBetween(4, 6)
				.allSatisfy((o) -> assertThat(o.event().member().id()).isEqualTo(other.membership().self()));
			for (int i = 1; i < reports.size(); i++) {
				assertThat(reports.get(i).atMillis() - reports.get(i - 1).atMillis()).isGreaterThanOrEqualTo(60_000);
			}
		}
		// no flapping: after the take-over, nobody suspected, failed or replaced the node again
		for (Kind kind : List.of(Kind.SUSPECTED, Kind.FAILED, Kind.UPDATED, Kind.ALIVE_AGAIN, Kind.JOINED)) {
			assertThat(sim.observed(kind, original)).as(kind.name())
				.noneMatch((o) -> o.atMillis() >= settledAt);
		}
		assertThat(duplicate.membership().incarnation()).isZero();
	}

}
