package io.github.gossip.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifeguard's local health score counts evidence that this node is the slow one. A stall is one
 * piece of evidence, however many timers it made late; a refutation of a suspicion that the stall
 * brought about is another.
 */
@ExtendWith(SimSeedExtension.class)
class LocalHealthScenarioTest {

	@Test
	void oneTwoSecondStallRaisesLocalHealthByOneAndItDecaysAfter() {
		Simulator sim = ScenarioTest.bootstrapped(91_001L, 8);
		sim.runFor(10_000);
		SimNode sleeper = sim.node(3);
		assertThat(sleeper.membership().health()).isZero();
		long refutationsBefore = sleeper.membership().counters().refutations();
		// on waking, the sleeper runs all its overdue timers at this instant, before any datagram
		long wakeMicros = sim.nowMicros() + 2_000_000;
		int[] afterLateTimers = { -1 };
		sim.afterStep((node, micros) -> {
			if (node == sleeper && micros == wakeMicros) {
				afterLateTimers[0] = node.membership().health();
			}
		});
		sim.stall(sleeper, 2_000);
		int[] highest = { 0 };
		sim.runUntil(() -> {
			highest[0] = Math.max(highest[0], sleeper.membership().health());
			return false;
		}, 1, 5_000);
		assertThat(afterLateTimers[0]).as("local health score once the stall's late timers ran").isEqualTo(1);
		// others may have suspected the sleeper meanwhile: each refutation is evidence of its own
		long refutations = sleeper.membership().counters().refutations() - refutationsBefore;
		assertThat(highest[0]).as("highest local health score after one stall and %d refutations", refutations)
			.isEqualTo(1 + (int) refutations);
		assertThat(sim.runUntil(() -> sleeper.membership().health() == 0, 100, 30_000))
			.as("score back to healthy").isPositive();
	}

}
