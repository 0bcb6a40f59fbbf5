package io.github.gossip.sim;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.sim.DetectionTrials.Detection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that exits on a host that runs on leaves its port closed, and the host says so: such a
 * member is failed as soon as one probe of it goes unanswered, without the suspicion that exists
 * to let a paused member refute. Where the answer is lost, the suspicion path still fails it, and
 * nobody else.
 */
@ExtendWith(SimSeedExtension.class)
class ClosedPortScenarioTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	/**
	 * Time for the FAILED news to reach everyone once declared: passed on as it arrives, it takes a
	 * few hops of the default latency, and an early gossip round may wait a quarter interval.
	 */
	private static final long SPREAD_MILLIS = LAN.gossipInterval().toMillis();

	@ParameterizedTest(name = "{0} members, seed {1}")
	@CsvSource({ "3, 1", "3, 2", "3, 3", "8, 1", "8, 2", "8, 3", "8, 4", "8, 5", "32, 1", "32, 2", "32, 3" })
	void anExitedMemberIsFailedEverywhereOneProbeTimeoutAfterItsFirstProbeWithoutASuspicion(int n, long seed) {
		Simulator sim = ScenarioTest.bootstrapped(90_000L + 100 * n + seed, n);
		sim.runFor(10_000 + 137 * seed);
		SimNode victim = sim.node(1 + (int) (seed % (n - 1)));
		DetectionTrace trace = new DetectionTrace(sim, victim, Math.min(LAN.indirectChecks(), n - 2));
		sim.exit(victim);
		long doneAt = sim.runUntil(trace::complete, 10, 60_000);
		trace.close();
		assertThat(doneAt).as("failed everywhere").isPositive();
		assertThat(trace.firstProbeAt).isPositive();
		assertThat(trace.lastFailedAt - trace.firstProbeAt).as("from the first probe until failed everywhere (first failed after %d ms)", trace.firstFailedAt - trace.firstProbeAt)
			.isLessThanOrEqualTo(LAN.probeTimeout().toMillis() + SPREAD_MILLIS);
		assertThat(sim.observed(Kind.SUSPECTED, null)).as("nobody was even suspected").isEmpty();
		assertThat(sim.observed(Kind.FAILED, null))
			.allSatisfy((o) -> assertThat(o.event().member().id().nodeId()).isEqualTo(victim.nodeId()));
	}

	/**
	 * Once one member failed an exited member, every member has it failed within a probe cycle:
	 * 20 exits in a cluster of 8 (the simulator benchmark's {@code sim.detect.exit}), each at
	 * another point of the probe interval. Each member passes the news on four times (the
	 * retransmit limit at 8), to random members, and now and then that misses one member, which
	 * then has the exited member failed by its own probe: at its turn in the round robin, which the
	 * probe schedule brings within a cycle, or sooner when a sync first disputes it (see
	 * {@code AntiEntropy}). With the shuffled offsets of the schedule before, the 18th exit here
	 * reached the last member 10.9 s after the others. On the schedule of today this seed has no
	 * miss; over seeds 3000-3059 without the probe out of turn the late members came 3.6-5.9 s
	 * after the others, and the probe shortened one of them to 3.0 s. What proves that probe is
	 * {@code MembershipTest#aStateSyncThatHoldsALiveMemberDeadHasItProbedAtOnce}.
	 */
	@Test
	void everyMemberHasAnExitFailedWithinAProbeCycleOfTheFirst() {
		int n = 8;
		long worst = 0;
		for (Detection d : DetectionTrials.run(n, 20, Simulator::exit)) {
			worst = Math.max(worst, d.trace().lastFailedAt - d.trace().firstFailedAt);
		}
		long cycle = (n - 1) * LAN.probeInterval().toMillis();
		assertThat(worst).as("longest time from the first member failing an exit to the last").isLessThanOrEqualTo(cycle);
	}

	@ParameterizedTest(name = "seed {0}")
	@CsvSource({ "1", "2", "3" })
	void underHeavyLossAnExitedMemberIsStillFailedAndNobodyElse(long seed) {
		int n = 8;
		Simulator sim = ScenarioTest.bootstrapped(91_000L + seed, n);
		sim.network().loss(NetworkModel.LossModel.uniform(0.20));
		sim.runFor(30_000);
		for (int round = 0; round < 10; round++) {
			SimNode victim = sim.node(1 + (int) ((seed + round) % (n - 1)));
			sim.exit(victim);
			assertThat(sim.runUntil(() -> sim.allSee(victim, MemberState.DEAD), 100,
					ScenarioTest.detectionBoundMillis(n)))
				.as("%s failed everywhere", victim)
				.isPositive();
			sim.start(victim, List.of(sim.node(0)));
			assertThat(sim.runUntil(sim::allSeeAllAlive, 100, 60_000)).as("%s back", victim).isPositive();
		}
		// every FAILED is of an exited process, never of the instance that came back
		for (SimNode.Observed o : sim.observed(Kind.FAILED, null)) {
			SimNode subject = sim.nodes().stream()
				.filter((node) -> node.nodeId().equals(o.event().member().id().nodeId()))
				.findFirst()
				.orElseThrow();
			assertThat(o.event().member().id()).isNotEqualTo(subject.membership().self());
		}
	}

}
