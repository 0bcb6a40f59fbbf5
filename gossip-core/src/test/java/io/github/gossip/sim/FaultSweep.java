package io.github.gossip.sim;

import java.util.List;
import java.util.SplittableRandom;

import io.github.gossip.internal.protocol.MemberState;

/**
 * One random fault schedule per seed on a small cluster: bursts of loss, two- and three-way
 * partitions (some outliving tombstone retention), one-way blocks, stalls, crashes and restarts.
 * Then everything heals (seeds that are down restart; other crashed members may stay down) and
 * the cluster must reach the one correct view within {@link #BOUND_MILLIS} and keep it.
 */
final class FaultSweep {

	/**
	 * Time allowed from the heal to the correct view: a crash just before the heal still needs the
	 * full Lifeguard detection (at most 16 members here, see {@code ScenarioTest.detectionBoundMillis}),
	 * and a partition heal needs one reconnect interval plus the merge.
	 */
	static final long BOUND_MILLIS = ScenarioTest.detectionBoundMillis(16) + 15_000;

	/** Time the correct view must then hold, so that nobody is left flapping or stuck suspected. */
	static final long STABLE_MILLIS = 30_000;

	record Outcome(long seed, int members, long healMillis, String problem) {

		boolean ok() {
			return this.problem == null;
		}

	}

	private FaultSweep() {
	}

	static Outcome run(long seed) {
		SplittableRandom plan = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
		int n = 5 + plan.nextInt(12);
		Simulator sim = new Simulator(seed, HealingScenarioTest.SHORT_RETENTION).recordEvents(false);
		ScenarioTest.startCluster(sim, n);
		List<SimNode> nodes = sim.nodes();
		long start = sim.nowMillis();
		long length = 60_000 + plan.nextLong(360_000);
		boolean[] stayDown = new boolean[n];
		int faults = 3 + plan.nextInt(8);
		for (int f = 0; f < faults; f++) {
			long at = start + plan.nextLong(length);
			// half of the faults last until the heal, so that the heal has something to repair
			long duration = plan.nextBoolean() ? start + length - at + 1_000
					: 1_000 + plan.nextLong(Math.max(1, start + length - at));
			SimNode victim = nodes.get(plan.nextInt(n));
			int kind = plan.nextInt(6);
			if (scheduleNetworkFault(kind, sim, plan, n, at, duration, victim)) {
				continue;
			}
			switch (kind) {
				case 4 -> {
					boolean comesBack = plan.nextBoolean();
					sim.at(at, () -> sim.crash(victim));
					if (comesBack) {
						sim.at(at + duration, () -> {
							if (!victim.isUp()) {
								sim.start(victim, seedsFor(nodes, victim));
							}
						});
					}
					else {
						stayDown[victim.index()] = true;
					}
				}
				default -> sim.at(at, () -> {
					if (victim.isUp()) {
						sim.restart(victim, seedsFor(nodes, victim));
					}
				});
			}
		}
		sim.runUntil(start + length);
		// heal: the network is whole again; seeds come back, other crashed members may stay down
		healNetwork(sim);
		for (SimNode node : nodes) {
			if (!node.isUp() && (node.index() < 2 || !stayDown[node.index()])) {
				sim.start(node, seedsFor(nodes, node));
			}
		}
		long healedAt = sim.nowMillis();
		long at = sim.runUntil(() -> problem(sim) == null, 100, BOUND_MILLIS);
		if (at < 0) {
			return new Outcome(seed, n, -1, "no correct view " + BOUND_MILLIS + " ms after the heal: " + problem(sim));
		}
		sim.runFor(STABLE_MILLIS);
		String later = problem(sim);
		if (later != null) {
			return new Outcome(seed, n, at - healedAt, "correct view lost again: " + later);
		}
		return new Outcome(seed, n, at - healedAt, null);
	}

	/**
	 * Schedules a fault of {@code kind} if it is one of the network's or a pause: 0 a burst of
	 * uniform loss, 1 a two- or three-way partition, 2 a one-way block, 3 a pause of {@code victim};
	 * draws what it needs from {@code plan}. False, and nothing drawn, for any other kind.
	 */
	static boolean scheduleNetworkFault(int kind, Simulator sim, SplittableRandom plan, int n, long at, long duration,
			SimNode victim) {
		switch (kind) {
			case 0 -> {
				double p = 0.05 + plan.nextDouble() * 0.35;
				sim.at(at, () -> sim.network().loss(NetworkModel.LossModel.uniform(p)));
				sim.at(at + duration, () -> sim.network().loss(NetworkModel.LossModel.none()));
			}
			case 1 -> {
				int groups = 2 + plan.nextInt(2);
				int[] group = new int[n];
				for (int i = 0; i < n; i++) {
					group[i] = plan.nextInt(groups);
				}
				sim.at(at, () -> {
					for (int i = 0; i < n; i++) {
						sim.network().setGroup(i, group[i]);
					}
				});
				sim.at(at + duration, () -> sim.network().clearGroups());
			}
			case 2 -> {
				int from = plan.nextInt(n);
				int to = plan.nextInt(n);
				sim.at(at, () -> sim.network().blockOneWay(from, to));
				sim.at(at + duration, () -> sim.network().unblockOneWay(from, to));
			}
			case 3 -> {
				long pause = 1_000 + plan.nextLong(14_000);
				sim.at(at, () -> {
					if (victim.isUp()) {
						sim.stall(victim, pause);
					}
				});
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	/** The network whole again: no loss, no partition, no one-way block. */
	static void healNetwork(Simulator sim) {
		sim.network().loss(NetworkModel.LossModel.none());
		sim.network().clearGroups();
		sim.network().unblockAll();
	}

	/** The seeds a restarted member joins through: the first two members, but itself. */
	static List<SimNode> seedsFor(List<SimNode> nodes, SimNode node) {
		return nodes.subList(0, 2).stream().filter((s) -> s != node).toList();
	}

	/**
	 * Null if every running process sees every other running process ALIVE with its current
	 * instance, counts exactly them as live, and sees every stopped slot as failed, left or gone.
	 */
	static String problem(Simulator sim) {
		List<SimNode> up = sim.upNodes();
		for (SimNode a : up) {
			if (a.membership().liveCount() != up.size()) {
				return a + " counts " + a.membership().liveCount() + " live, " + up.size() + " run";
			}
			for (SimNode b : sim.nodes()) {
				if (a == b) {
					continue;
				}
				MemberState state = a.stateOf(b);
				if (b.isUp()) {
					if (state != MemberState.ALIVE || a.instanceOf(b) != b.membership().self().instance()) {
						return a + " sees running " + b + " as " + state;
					}
				}
				else if (state != null && state.isLive()) {
					return a + " sees stopped " + b + " as " + state;
				}
			}
		}
		return null;
	}

}
