package io.github.gossip.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifeguard's local health score counts evidence that this node is the slow one. A stall is one
 * piece of evidence, however many timers it made late.
 */
@ExtendWith(SimSeedExtension.class)
class LocalHealthScenarioTest {

	@Test
	void oneTwoSecondStallRaisesLocalHealthByOneAndItDecaysAfter() {
		Simulator sim = ScenarioTest.bootstrapped(91_001L, 8);
		sim.runFor(10_000);
		SimNode sleeper = sim.node(3);
		assertThat(sleeper.membership().health()).isZero();
		sim.stall(sleeper, 2_000);
		int[] highest = { 0 };
		sim.runUntil(() -> {
			highest[0] = Math.max(highest[0], sleeper.membership().health());
			return false;
		}, 1, 5_000);
		assertThat(highest[0]).as("highest local health score after one stall").isEqualTo(1);
		assertThat(sim.runUntil(() -> sleeper.membership().health() == 0, 100, 30_000))
			.as("score back to healthy").isPositive();
	}

}
