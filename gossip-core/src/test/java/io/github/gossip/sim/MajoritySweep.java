package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.QuorumRule;

/**
 * One random fault schedule per seed on a small cluster with one role of the majority policy:
 * clocks drifting within the allowed 1 %, bursts of loss, partitions, one-way blocks, pauses,
 * crashes and restarts. A {@link LeaseChecker} watches every input: no two terms may overlap and
 * epochs must rise. After the heal a leader must appear within {@link #BOUND_MILLIS}. The same
 * schedules run with the available policy tell how long two members lead at once there.
 */
final class MajoritySweep {

	static final String ROLE = "acme.renew";

	/**
	 * From the heal to a leader: the correct view first ({@link FaultSweep#BOUND_MILLIS}), then a
	 * promise the voters may still owe a cut-off leader, then two ticks.
	 */
	static final long BOUND_MILLIS = FaultSweep.BOUND_MILLIS + 5_000 + 2_000;

	/**
	 * @param leaderlessMillis from the heal until some member led, or -1 if none did in time
	 * @param leaderlessDuringMillis time without any leader during the faults, summed
	 * @param terms how many terms began
	 */
	record Outcome(long seed, int members, List<String> violations, long leaderlessMillis, long leaderlessDuringMillis,
			long faultMillis, int terms, List<Long> overlapMillis, long overlapAfterHealMillis) {

	}

	private MajoritySweep() {
	}

	static Outcome run(long seed) {
		return run(seed, true);
	}

	/**
	 * @param majority the majority policy, or else the available one (the role led by its lowest
	 * live holder), for which the outcome tells how long two members led at once
	 */
	static Outcome run(long seed, boolean majority) {
		SplittableRandom plan = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 7);
		int n = 3 + plan.nextInt(8);
		TreeSet<String> voters = new TreeSet<>();
		QuorumRule rule;
		if (plan.nextBoolean()) {
			// a list of voters: three or five of the members, not always the lowest ids
			int count = Math.min(n, plan.nextBoolean() ? 3 : 5);
			while (voters.size() < count) {
				voters.add(String.format("node-%04d", plan.nextInt(n)));
			}
			rule = QuorumRule.majorityOf(voters);
		}
		else {
			rule = QuorumRule.quorum(n / 2 + 1);
		}
		LeaseChecker checker = new LeaseChecker(ROLE, majority);
		Simulator sim = new Simulator(seed, HealingScenarioTest.SHORT_RETENTION).recordEvents(false)
			.quorums(majority ? Map.of(ROLE, rule) : Map.of())
			.afterStep(checker);
		List<SimNode> nodes = sim.addNodes(n);
		for (SimNode node : nodes) {
			node.metadata = new MemberMetadata(Set.of(ROLE), Map.of());
			sim.skew(node, plan.nextLong(100_000), 0.99 + plan.nextDouble() * 0.02);
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / n, () -> sim.start(node, List.of(nodes.get(0))));
		}
		sim.runFor(20_000);
		long start = sim.nowMillis();
		long length = 60_000 + plan.nextLong(240_000);
		int faults = 3 + plan.nextInt(8);
		for (int f = 0; f < faults; f++) {
			long at = start + plan.nextLong(length);
			long duration = 1_000 + plan.nextLong(Math.max(1, start + length - at));
			SimNode victim = nodes.get(plan.nextInt(n));
			int kind = plan.nextInt(6);
			if (FaultSweep.scheduleNetworkFault(kind, sim, plan, n, at, duration, victim)) {
				continue;
			}
			switch (kind) {
				case 4 -> {
					sim.at(at, () -> sim.crash(victim));
					sim.at(at + duration, () -> {
						if (!victim.isUp()) {
							sim.start(victim, FaultSweep.seedsFor(nodes, victim));
						}
					});
				}
				default -> sim.at(at, () -> {
					if (victim.isUp()) {
						sim.restart(victim, FaultSweep.seedsFor(nodes, victim));
					}
				});
			}
		}
		long leaderless = 0;
		List<Long> overlaps = new ArrayList<>();
		long overlap = 0;
		for (long t = start; t < start + length; t += 100) {
			sim.runUntil(t);
			long leaders = checker.leadersAt(sim.nowMicros());
			if (leaders == 0) {
				leaderless += 100;
			}
			if (leaders > 1) {
				overlap += 100;
			}
			else if (overlap > 0) {
				overlaps.add(overlap);
				overlap = 0;
			}
		}
		if (overlap > 0) {
			overlaps.add(overlap);
		}
		sim.runUntil(start + length);
		FaultSweep.healNetwork(sim);
		for (SimNode node : nodes) {
			if (!node.isUp()) {
				sim.start(node, FaultSweep.seedsFor(nodes, node));
			}
		}
		long healedAt = sim.nowMillis();
		// a leader, and, for the available policy, one only once the view is whole again
		long at = sim.runUntil(() -> checker.leadersAt(sim.nowMicros()) == 1
				&& (majority || FaultSweep.problem(sim) == null), 100, BOUND_MILLIS);
		long overlapAfterHeal = 0;
		for (int i = 0; i < 100; i++) {
			sim.runFor(100);
			if (checker.leadersAt(sim.nowMicros()) > 1) {
				overlapAfterHeal += 100;
			}
		}
		return new Outcome(seed, n, checker.violations(), (at < 0) ? -1 : at - healedAt, leaderless, length,
				checker.terms().size(), overlaps, overlapAfterHeal);
	}

}
