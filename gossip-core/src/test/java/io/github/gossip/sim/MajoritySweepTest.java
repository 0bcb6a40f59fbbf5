package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hundred random fault schedules with one role of the majority policy; the benchmark runs a
 * thousand and prints the figures ({@code SimBenchmarkTest#majoritySweep}). Every failure names its
 * seed, which replays exactly with {@link MajoritySweep#run}.
 */
class MajoritySweepTest {

	@Test
	void noTwoTermsEverOverlapEpochsOnlyRiseAndALeaderReturnsAfterEveryHeal() {
		List<String> problems = new ArrayList<>();
		for (long seed = 1; seed <= 200; seed++) {
			MajoritySweep.Outcome outcome = MajoritySweep.run(seed);
			outcome.violations().forEach((v) -> problems.add("seed " + outcome.seed() + ": " + v));
			if (outcome.leaderlessMillis() < 0) {
				problems.add("seed " + outcome.seed() + " (n=" + outcome.members() + "): no leader "
						+ MajoritySweep.BOUND_MILLIS + " ms after the heal");
			}
		}
		assertThat(problems).isEmpty();
	}

}
