package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand random fault schedules (about 15 s on two cores); the benchmark runs the same sweep
 * and prints its figures ({@code SimBenchmarkTest#sweep}). Every failure names its seed, which
 * replays exactly with {@link FaultSweep#run}.
 */
class FaultSweepTest {

	@Test
	void thousandRandomFaultSchedulesAllHealToOneCorrectView() {
		List<String> violations = new ArrayList<>();
		for (long seed = 1; seed <= 1000; seed++) {
			FaultSweep.Outcome outcome = FaultSweep.run(seed);
			if (!outcome.ok()) {
				violations.add("seed " + seed + " (n=" + outcome.members() + "): " + outcome.problem());
			}
		}
		assertThat(violations).isEmpty();
	}

}
