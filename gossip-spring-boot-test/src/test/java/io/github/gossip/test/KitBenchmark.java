package io.github.gossip.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.github.gossip.test.ClusterAssertions.assertThat;

/**
 * Figures, not pass/fail: prints {@code BENCH} lines (see {@link KitBenchReport}). Runs only with
 * {@code ./mvnw -B -Pbench verify}. The assertions only guard against measuring a broken run.
 */
@Tag("bench")
@ExtendWith(SimulatedClusterExtension.class)
class KitBenchmark {

	private static final String ROLE = "purge.stores";

	private static final long SEED = 14;

	/**
	 * Three nodes, a role-gated job every 10 s of cluster time on each, a split of {1} against {2, 3}
	 * for 60 s, then heal until the cluster has converged on one leader: the wall time of all of it,
	 * from the start of the cluster to its close, on a JVM warmed by one run of the same scenario.
	 */
	@Test
	void splitAndHeal() {
		splitAndHeal(SEED); // warms the JVM: the figure is the second run's
		long started = System.nanoTime();
		Run run = splitAndHeal(SEED);
		long wallMillis = (System.nanoTime() - started) / 1_000_000;
		KitBenchReport.print("kit.split_heal", "n", 3, "seed", SEED, "warm", 1, "cluster_s",
				run.clusterTime().toMillis() / 1000.0, "wall_ms", wallMillis, "runs", run.jobRuns());
	}

	private static Run splitAndHeal(long seed) {
		AtomicInteger jobRuns = new AtomicInteger();
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(seed).nodes(3).role(ROLE, "1", "2", "3").start()) {
			for (SimulatedNode node : cluster.nodes()) {
				node.every(Duration.ofSeconds(10), () -> node.membership().runIfLeader(ROLE, jobRuns::incrementAndGet));
			}
			assertThat(cluster).within(Duration.ofSeconds(10)).hasConverged().hasOneLeader(ROLE);
			cluster.partition(List.of("1"), List.of("2", "3"));
			cluster.advance(Duration.ofSeconds(60));
			assertThat(cluster).side("1").hasLeader(ROLE, "1");
			assertThat(cluster).side("2", "3").hasLeader(ROLE, "2");
			cluster.heal();
			assertThat(cluster).within(Duration.ofMinutes(2)).hasConverged().hasOneLeader(ROLE);
			return new Run(cluster.elapsed(), jobRuns.get());
		}
	}

	private record Run(Duration clusterTime, int jobRuns) {
	}

}
