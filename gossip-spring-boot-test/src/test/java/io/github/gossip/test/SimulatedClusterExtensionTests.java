package io.github.gossip.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

import static io.github.gossip.test.ClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What {@link SimulatedClusterExtension} makes of failures: the sample classes below run through
 * the JUnit Platform, as a build runs them, and each test here reads the results.
 */
class SimulatedClusterExtensionTests {

	/** Set only while a test here runs the samples, so that a build running every class skips them. */
	private static volatile boolean launched;

	static boolean launched() {
		return launched;
	}

	@Test
	void aFailedAssertionOfTheTestsOwnNamesTheSeedAndKeepsItsExpectedAndActualValues() {
		TestExecutionResult result = run(AssertionOfItsOwn.class).get("fails");
		assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
		Throwable failure = result.getThrowable().orElseThrow();
		assertThat(failure).isInstanceOf(AssertionFailedError.class)
			.hasMessageStartingWith("Simulated cluster of this test: SimulatedCluster[seed=77, at PT5S")
			.hasMessageContaining("SimulatedCluster.builder().seed(77L)")
			.hasMessageContaining("expected: 2")
			.cause()
			.isInstanceOf(AssertionFailedError.class);
		AssertionFailedError assertion = (AssertionFailedError) failure;
		// as AssertJ made them, so that an IDE still shows the difference
		assertThat(assertion.getExpected().getValue()).hasToString("2");
		assertThat(assertion.getActual().getValue()).hasToString("1");
		assertThat(failure.getStackTrace()).isEqualTo(failure.getCause().getStackTrace());
	}

	@Test
	void anExceptionOfTheCodeUnderTestNamesTheSeedsOfEveryClusterItStarted() {
		Throwable failure = run(ExceptionOfTheCode.class).get("throwz").getThrowable().orElseThrow();
		assertThat(failure).isExactlyInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Simulated clusters of this test: SimulatedCluster[seed=5,")
			.hasMessageContaining("SimulatedCluster[seed=6,")
			.hasMessageContaining("java.lang.IllegalStateException: the code under test failed")
			.cause()
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void theKitsOwnFailureAlreadyNamesTheSeedAndIsLeftAsItIs() {
		Throwable failure = run(KitFailure.class).get("fails").getThrowable().orElseThrow();
		assertThat(failure).hasMessageStartingWith("Expecting every running node of the cluster to name 2")
			.hasMessageNotContaining("Simulated cluster of this test")
			.hasNoCause();
	}

	@Test
	void aFailedAssumptionStaysAnAbortedTest() {
		TestExecutionResult result = run(Aborted.class).get("aborts");
		assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
		assertThat(result.getThrowable().orElseThrow()).hasMessageNotContaining("seed=");
	}

	@Test
	void eachTestNamesItsOwnClustersAndThoseOfTheClassOnly() {
		Map<String, TestExecutionResult> results = run(ClustersOfEveryPhase.class);
		assertThat(results.get("first").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
		assertThat(results.get("second").getThrowable().orElseThrow()).hasMessageContaining("seed=100,")
			.hasMessageContaining("seed=200,")
			.hasMessageContaining("seed=302,")
			.hasMessageNotContaining("seed=301,");
	}

	@Test
	void aFailingAfterEachMethodNamesTheSeedsOfItsTest() {
		Throwable failure = run(FailingAfterEach.class).get("passes").getThrowable().orElseThrow();
		assertThat(failure).hasMessageContaining("seed=400,").hasMessageContaining("the clean-up failed");
	}

	@Test
	void withoutTheExtensionAFailureIsLeftAsItIs() {
		Throwable failure = run(WithoutTheExtension.class).get("fails").getThrowable().orElseThrow();
		assertThat(failure).hasMessage("the code under test failed");
	}

	/** Runs {@code testClass} on the JUnit Platform: the result of each of its tests, by method name. */
	private static Map<String, TestExecutionResult> run(Class<?> testClass) {
		Map<String, TestExecutionResult> results = new LinkedHashMap<>();
		Launcher launcher = LauncherFactory.create();
		launched = true;
		try {
			launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
					new TestExecutionListener() {

						@Override
						public void executionFinished(TestIdentifier test, TestExecutionResult result) {
							if (test.isTest()) {
								results.put(test.getDisplayName().replace("()", ""), result);
							}
						}

					});
		}
		finally {
			launched = false;
		}
		assertThat(results).as("the results of %s", testClass.getSimpleName()).isNotEmpty();
		return results;
	}

	private static SimulatedCluster started(long seed) {
		SimulatedCluster cluster = SimulatedCluster.builder().seed(seed).nodes(2).start();
		cluster.advance(Duration.ofSeconds(5));
		return cluster;
	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class AssertionOfItsOwn {

		@Test
		void fails() {
			try (SimulatedCluster cluster = started(77)) {
				assertThat(cluster.runningNodes().size() - 1).isEqualTo(2);
			}
		}

	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class ExceptionOfTheCode {

		@Test
		void throwz() {
			started(5).close();
			started(6).close();
			throw new IllegalStateException("the code under test failed");
		}

	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class KitFailure {

		@Test
		void fails() {
			try (SimulatedCluster cluster = started(8)) {
				assertThat(cluster).hasLeader("purge.stores", "2");
			}
		}

	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class Aborted {

		@Test
		void aborts() {
			try (SimulatedCluster cluster = started(9)) {
				assumeThat(cluster.runningNodes()).isEmpty();
			}
		}

	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	@TestMethodOrder(MethodOrderer.MethodName.class)
	static class ClustersOfEveryPhase {

		static SimulatedCluster ofTheClass;

		SimulatedCluster ofTheTest;

		@BeforeAll
		static void startForTheClass() {
			ofTheClass = started(100);
		}

		@BeforeEach
		void startForEachTest() {
			this.ofTheTest = started(200);
		}

		@Test
		void first() {
			started(301).close();
		}

		@Test
		void second() {
			started(302).close();
			throw new IllegalStateException("the code under test failed");
		}

	}

	@ExtendWith(SimulatedClusterExtension.class)
	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class FailingAfterEach {

		@Test
		void passes() {
			started(400).close();
		}

		@AfterEach
		void cleanUp() {
			throw new IllegalStateException("the clean-up failed");
		}

	}

	@EnabledIf("io.github.gossip.test.SimulatedClusterExtensionTests#launched")
	static class WithoutTheExtension {

		@Test
		void fails() {
			started(500).close();
			throw new IllegalStateException("the code under test failed");
		}

	}

}
