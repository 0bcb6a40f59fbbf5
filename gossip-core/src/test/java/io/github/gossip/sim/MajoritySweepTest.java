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

	static final long WINDOW_MILLIS = HealingScenarioTest.SHORT_RETENTION.leaderStabilityWindow().toMillis();

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

	@Test
	void withTheAvailablePolicyTwoLeadersExistOnlyUntilTheViewIsWholeAndItsLeaderSettled() {
		List<String> problems = new ArrayList<>();
		long overlapped = 0;
		for (long seed = 1; seed <= 100; seed++) {
			MajoritySweep.Outcome outcome = MajoritySweep.run(seed, false);
			outcome.violations().forEach((v) -> problems.add("seed " + outcome.seed() + ": " + v));
			if (outcome.leaderlessMillis() < 0) {
				problems.add("seed " + outcome.seed() + ": not one leader and a whole view "
						+ MajoritySweep.BOUND_MILLIS + " ms after the heal");
			}
			// members end the stability window at slightly different times: the old leader steps
			// down when its own window for the new one ends, which may be after the new one started
			if (outcome.overlapAfterHealMillis() > WINDOW_MILLIS) {
				problems.add("seed " + outcome.seed() + ": two leaders for " + outcome.overlapAfterHealMillis()
						+ " ms once the view was whole");
			}
			overlapped += outcome.overlapMillis().size();
		}
		assertThat(problems).isEmpty();
		// the faults do make two leaders: this is the split brain the majority policy avoids
		assertThat(overlapped).isPositive();
	}

}
