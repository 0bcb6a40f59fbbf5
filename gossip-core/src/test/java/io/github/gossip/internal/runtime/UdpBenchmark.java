package io.github.gossip.internal.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.gossip.bench.BenchReport;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.awaitility.Awaitility.await;

/**
 * Real sockets on loopback, many nodes in one JVM: convergence, steady-state CPU, and a hostile flood.
 * Run with {@code ./mvnw -B -Pbench verify}; {@code -Dudp.steady.minutes=N} shortens the steady run.
 */
@Tag("bench")
class UdpBenchmark {

	@Test
	void converge() {
		convergence(16, 10);
		convergence(100, 5);
	}

	/** Time from starting one more node until every running node sees it alive. */
	private void convergence(int n, int trials) {
		try (LocalCluster cluster = new LocalCluster("127.0.0.1", ProtocolConfig.lan(), n)) {
			for (int i = 0; i < n; i++) {
				cluster.start("n" + i);
			}
			await().atMost(Duration.ofMinutes(3)).until(() -> LocalCluster.allAlive(cluster.nodes()));
			List<Long> times = new ArrayList<>();
			for (int trial = 0; trial < trials; trial++) {
				String id = "new" + trial;
				long start = System.nanoTime();
				cluster.start(id);
				List<GossipNode> others = new ArrayList<>(cluster.nodes().subList(0, n));
				await().atMost(Duration.ofMinutes(1))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> others.stream().allMatch((o) -> LocalCluster.stateOf(o, id) == MemberState.ALIVE));
				times.add((System.nanoTime() - start) / 1_000_000);
			}
			Collections.sort(times);
			BenchReport.print("udp.converge", "n", n, "jvm", 1, "p50_ms", percentile(times, 50), "p99_ms",
					percentile(times, 99), "trials", trials);
		}
	}

	@Test
	void steady() throws Exception {
		int n = 200;
		double minutes = Double.parseDouble(System.getProperty("udp.steady.minutes", "5"));
		try (LocalCluster cluster = new LocalCluster("127.0.0.1", ProtocolConfig.lan(), 200)) {
			for (int i = 0; i < n; i++) {
				cluster.start("s" + i);
			}
			await().atMost(Duration.ofMinutes(5)).until(() -> LocalCluster.allAlive(cluster.nodes()));
			long failuresBefore = cluster.countAll(Kind.FAILED);
			long suspicionsBefore = cluster.countAll(Kind.SUSPECTED);
			var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			long cpuStart = os.getProcessCpuTime();
			long wallStart = System.nanoTime();
			Thread.sleep((long) (minutes * 60_000));
			long cpu = os.getProcessCpuTime() - cpuStart;
			long wall = System.nanoTime() - wallStart;
			BenchReport.print("udp.steady", "n", n, "jvm", 1, "minutes", minutes, "cpu_pct",
					String.format("%.1f", 100.0 * cpu / wall), "false_failures",
					cluster.countAll(Kind.FAILED) - failuresBefore, "suspicions",
					cluster.countAll(Kind.SUSPECTED) - suspicionsBefore);
		}
	}

	@Test
	void fuzz() throws Exception {
		try (LocalCluster cluster = new LocalCluster("127.0.0.1", ProtocolConfig.lan(), 3)) {
			GossipNode target = cluster.start("1");
			cluster.start("2");
			cluster.start("3");
			await().atMost(Duration.ofMinutes(1)).until(() -> LocalCluster.allAlive(cluster.nodes()));
			// the leader of the roles nobody names is announced a stability window after the view
			// settles: let that happen before the flood, so that only changes the flood caused count
			await().atMost(Duration.ofMinutes(1)).until(() -> cluster.nodes().stream()
				.allMatch((node) -> node.snapshot().leader("any.role").isPresent()));
			int eventsBefore = cluster.events("1").size();
			FloodReport report = HostileFlood.send(target, 500_000, new Random(2026));
			long stateChanges = cluster.events("1").size() - eventsBefore + cluster.countAll(Kind.SUSPECTED, Kind.FAILED);
			BenchReport.print("udp.fuzz", "packets", report.sent(), "received", report.received(), "escaped",
					report.escaped(), "state_changes", stateChanges);
		}
	}

	private static long percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
