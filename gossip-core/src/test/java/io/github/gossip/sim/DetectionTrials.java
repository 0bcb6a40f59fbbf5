package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure detections in a row on one cluster: the trials of the simulator benchmark's
 * {@code sim.detect} lines, and of the scenarios that assert on the same runs.
 */
final class DetectionTrials {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	private DetectionTrials() {
	}

	/** One detection: its trace, and when the 50 ms check saw every member hold the victim failed. */
	record Detection(DetectionTrace trace, long checkedAt) {
	}

	/**
	 * Bootstraps {@code n} members through node 0 (staggered over 1 s) and lets them settle, without
	 * recording events: cheap enough for large clusters and long runs.
	 */
	static Simulator settledCluster(long seed, int n) {
		Simulator sim = new Simulator(seed, LAN).recordEvents(false);
		List<SimNode> nodes = sim.addNodes(n);
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / n, () -> sim.start(node, List.of(nodes.get(0))));
		}
		long at = sim.runUntil(() -> sim.upNodes().size() == n && sim.everyUpNodeCountsLive(n), 250, 300_000);
		assertThat(at).as("bootstrap of %d", n).isPositive();
		return sim;
	}

	/**
	 * Stops {@code trials} members of an {@code n}-member cluster (seed {@code 2000 + n}) in turn with
	 * {@code failure} (a crash, whose host answers nothing, or an exit, whose host refuses datagrams
	 * to the closed port), each restarted and settled before the next, and each at a different point
	 * of the probe interval.
	 */
	static List<Detection> run(int n, int trials, BiConsumer<Simulator, SimNode> failure) {
		Simulator sim = settledCluster(2000L + n, n);
		List<Detection> detections = new ArrayList<>();
		for (int t = 0; t < trials; t++) {
			SimNode victim = sim.node(1 + (int) ((t * 7919L) % (n - 1)));
			// at a varied point of the probe interval: the settling before ends on the 250 ms steps
			// of its check, which would put every crash at one of four points of the interval, and
			// the schedule probes each member at a fixed point of it
			sim.runFor((t * 389L) % LAN.probeInterval().toMillis());
			DetectionTrace trace = new DetectionTrace(sim, victim, Math.min(LAN.indirectChecks(), n - 2));
			failure.accept(sim, victim);
			long at = sim.runUntil(trace::complete, 50, 300_000);
			assertThat(at).as("detection of %s", victim).isPositive();
			trace.close();
			detections.add(new Detection(trace, at));
			sim.start(victim, List.of(sim.node(0)));
			sim.runUntil(() -> sim.everyUpNodeCountsLive(n), 250, 120_000);
			sim.runFor(5_000);
		}
		return detections;
	}

}
