package io.github.gossip.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static io.github.gossip.test.ClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A run depends only on its seed and the test's steps: the same seed replays it exactly, events and
 * their timestamps included, also in another JVM; and the seed a failing assertion prints is the one
 * that replays it.
 */
class ReplayTests {

	private static final long SEED = 1234;

	@Test
	void theSameSeedReplaysTheSameRunOnEveryNode() {
		Map<String, List<String>> first = runWithSeed(SEED);
		Map<String, List<String>> second = runWithSeed(SEED);
		assertThat(second).isEqualTo(first);
		// the run is worth replaying: faults happened and were seen
		assertThat(first.get("1")).anyMatch((event) -> event.startsWith("FAILED"))
			.anyMatch((event) -> event.startsWith("LEADER_CHANGED"));
		assertThat(first.get("2")).anyMatch((event) -> event.startsWith("LEFT"));
		assertThat(first.get("3")).anyMatch((event) -> event.startsWith("JOINED"));
	}

	@Test
	void anotherSeedMakesAnotherRun() {
		assertThat(runWithSeed(SEED + 1)).isNotEqualTo(runWithSeed(SEED));
	}

	@Test
	void theSeedAFailingAssertionPrintsReplaysTheSameRun() {
		Map<String, List<String>> failedRun;
		AssertionError failure;
		try (SimulatedCluster cluster = ReplayScenario.cluster().start()) { // a random seed, as a user's test has
			failedRun = ReplayScenario.run(cluster);
			failure = catchThrowableOfType(AssertionError.class,
					() -> assertThat(cluster).hasLeader(ReplayScenario.ROLE, "3"));
		}
		assertThat(failure).as("the failure of a check that cannot hold").isNotNull();
		Matcher printed = Pattern.compile("seed=(-?\\d+)").matcher(failure.getMessage());
		assertThat(printed.find()).as("a seed in: %s", failure.getMessage()).isTrue();
		long seed = Long.parseLong(printed.group(1));
		assertThat(failure.getMessage()).contains("SimulatedCluster.builder().seed(" + seed + "L)");
		assertThat(runWithSeed(seed)).isEqualTo(failedRun);
	}

	@Test
	void aSeedReplaysTheSameRunInAnotherJvm() throws IOException, InterruptedException {
		String here = ReplayScenario.digest(runWithSeed(SEED));
		Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), ReplayScenario.class.getName(), Long.toString(SEED))
			.redirectErrorStream(true)
			.start();
		String output;
		try (InputStream out = other.getInputStream()) {
			output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(other.waitFor(2, TimeUnit.MINUTES)).as("the other JVM ended").isTrue();
		assertThat(other.exitValue()).as("exit value of the other JVM; it printed:%n%s", output).isZero();
		assertThat(output).as("what the other JVM printed").contains("DIGEST " + here);
	}

	private static Map<String, List<String>> runWithSeed(long seed) {
		try (SimulatedCluster cluster = ReplayScenario.cluster().seed(seed).start()) {
			return ReplayScenario.run(cluster);
		}
	}

}
