package io.github.gossip.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views that agree on every live member but differ in their tombstones (a failed member held at
 * different incarnations, or already reaped by some and still held by others) must not make every
 * state sync push that bucket's records again: no sync can settle such a difference, because a
 * tombstone is never learned from a sync.
 */
@ExtendWith(SimSeedExtension.class)
class TombstoneSyncScenarioTest {

	@Test
	void onceACrashedMemberIsFailedEverywhereSyncsPushNoRecords() {
		Simulator sim = ScenarioTest.bootstrapped(81_001L, 32);
		sim.runFor(10_000);
		SimNode victim = sim.node(17);
		ScenarioTest.crashAndAwaitFailedEverywhere(sim, victim, 32);
		sim.runFor(30_000);
		long pushes = recordPushes(sim);
		// ten sync intervals: each member syncs about ten times
		sim.runFor(300_000);
		assertThat(recordPushes(sim) - pushes).as("datagrams of pushed records between converged views").isZero();
	}

	@Test
	void whileSomeMembersHaveReapedTheTombstoneAndOthersStillHoldItSyncsPushNoRecords() {
		Simulator sim = new Simulator(81_002L, HealingScenarioTest.SHORT_RETENTION);
		ScenarioTest.startCluster(sim, 32);
		sim.runFor(10_000);
		SimNode victim = sim.node(9);
		ScenarioTest.crashAndAwaitFailedEverywhere(sim, victim, 32);
		// a member joining now gets the tombstone in its join answer and keeps it a retention from now
		sim.runFor(90_000);
		SimNode latecomer = sim.addNode();
		sim.start(latecomer, List.of(sim.node(0)));
		assertThat(sim.runUntil(() -> latecomer.stateOf(victim) == MemberState.DEAD && sim.allSeeAllAlive(), 100, 30_000))
			.isPositive();
		long firstReap = sim.runUntil(() -> !sim.observed(Kind.REMOVED, victim).isEmpty(), 10, 600_000);
		assertThat(firstReap).isPositive();
		long pushes = recordPushes(sim);
		long lastReap = sim.runUntil(() -> latecomer.stateOf(victim) == null, 10, 600_000);
		assertThat(lastReap - firstReap).as("time the latecomer alone holds the tombstone").isGreaterThan(60_000);
		assertThat(recordPushes(sim) - pushes).as("datagrams of pushed records while only some hold the tombstone")
			.isZero();
	}

	/**
	 * One side of a partition fails a member at the incarnation it knew; the other side saw it
	 * raise its incarnation (a metadata change) and then fails it at the higher one. After the heal
	 * both tombstones stand: a failed member's record is never raised by another tombstone.
	 */
	@Test
	void tombstonesOfOneCrashAtDifferentIncarnationsAreNotPushedOnEverySync() {
		Simulator sim = ScenarioTest.bootstrapped(81_003L, 16);
		sim.runFor(5_000);
		for (int i = 8; i < 16; i++) {
			sim.network().setGroup(i, 1);
		}
		SimNode victim = sim.node(3);
		List<SimNode> otherSide = sim.nodes().subList(8, 16);
		assertThat(sim.runUntil(() -> otherSide.stream().allMatch((n) -> n.stateOf(victim) == MemberState.DEAD), 100,
				120_000))
			.isPositive();
		victim.membership().updateMetadata(victim.localMillis(sim.nowMillis() * 1000), new MemberMetadata(Set.of(), Map.of("v", "2")));
		sim.runFor(5_000);
		sim.crash(victim);
		List<SimNode> ownSide = sim.nodes().subList(0, 8).stream().filter((n) -> n != victim).toList();
		assertThat(sim.runUntil(() -> ownSide.stream().allMatch((n) -> n.stateOf(victim) == MemberState.DEAD), 100,
				120_000))
			.isPositive();
		sim.network().clearGroups();
		assertThat(sim.runUntil(sim::allSeeAllAlive, 100, 120_000)).isPositive();
		assertThat(ownSide.get(0).membership().member(victim.nodeId()).orElseThrow().incarnation())
			.isGreaterThan(otherSide.get(0).membership().member(victim.nodeId()).orElseThrow().incarnation());
		sim.runFor(60_000);
		long pushes = recordPushes(sim);
		sim.runFor(300_000);
		assertThat(recordPushes(sim) - pushes).as("datagrams of pushed records between views agreeing on the living")
			.isZero();
	}

	private static long recordPushes(Simulator sim) {
		long pushes = 0;
		for (SimNode node : sim.nodes()) {
			pushes += node.syncPushTxPackets();
		}
		return pushes;
	}

}
