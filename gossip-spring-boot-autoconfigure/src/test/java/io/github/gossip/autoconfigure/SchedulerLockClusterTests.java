package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;

import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ShedLock on real nodes: three auto-configured applications on loopback, each with the same
 * {@code @SchedulerLock(name = "report")} job triggered every 200 ms with {@code lockAtLeastFor} 1 s
 * and no {@code LockProvider} of their own. Once leadership has settled, the job runs on the role's
 * leader only, at most once per second.
 */
class SchedulerLockClusterTests {

	private static final Duration PERIOD = Duration.ofSeconds(1);

	@Test
	void aSchedulerLockJobRunsOnOneNodePerPeriod() {
		try (ClusterNodes nodes = new ClusterNodes(3, ReportApplication.class, "--cluster.roles.report=2,3")) {
			List<ConfigurableApplicationContext> contexts = List.of(nodes.start(1), nodes.start(2), nodes.start(3));
			// report is held by 2 and 3 and led by 2; node 1 does not hold it
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConfigurableApplicationContext context : contexts) {
					ClusterMembership membership = ClusterNodes.membership(context);
					assertThat(membership.members()).filteredOn((member) -> member.status() == MemberStatus.ALIVE)
						.hasSize(3);
					assertThat(membership.leader("report")).map(ClusterMember::nodeId).hasValue("2");
				}
			});
			Map<String, List<String>> leaderChanges = new ConcurrentHashMap<>();
			Disposable.Composite watching = Disposables.composite();
			contexts.forEach((context) -> {
				String nodeId = ClusterNodes.membership(context).localMember().nodeId();
				List<String> seen = leaderChanges.computeIfAbsent(nodeId, (id) -> new CopyOnWriteArrayList<>());
				watching.add(ClusterNodes.membership(context)
					.leaderChanges("report")
					.subscribe((change) -> seen.add(change.leader().map(ClusterMember::nodeId).orElse("none"))));
			});
			try {
				// a run that started before the views agreed has certainly been counted after two runs more
				int settled = runs(contexts.get(1));
				await().atMost(Duration.ofSeconds(60)).until(() -> runs(contexts.get(1)) >= settled + 2);

				int[] before = contexts.stream().mapToInt(SchedulerLockClusterTests::runs).toArray();
				long start = System.nanoTime();
				await().atMost(Duration.ofSeconds(60)).until(() -> runs(contexts.get(1)) >= before[1] + 5);
				int[] after = contexts.stream().mapToInt(SchedulerLockClusterTests::runs).toArray();
				long periods = Duration.ofNanos(System.nanoTime() - start).dividedBy(PERIOD);

				assertThat(after[0] - before[0]).as("runs on node 1, which does not hold the role (leaders seen: %s)",
						leaderChanges).isZero();
				assertThat(after[2] - before[2]).as("runs on node 3, which holds the role but does not lead it "
						+ "(leaders seen: %s)", leaderChanges).isZero();
				// at most one run per lockAtLeastFor, plus the one that had locked before the count started
				assertThat(after[1] - before[1]).as("runs on the leader in %d whole periods", periods)
					.isBetween(5, (int) periods + 2);
			}
			finally {
				watching.dispose();
			}
		}
	}

	private static int runs(ConfigurableApplicationContext context) {
		return context.getBean(Report.class).runs();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableScheduling
	@EnableSchedulerLock(defaultLockAtMostFor = "10s")
	static class ReportApplication {

		@Bean
		Report report() {
			return new Report();
		}

	}

	static class Report {

		private final AtomicInteger runs = new AtomicInteger();

		@Scheduled(fixedRate = 200)
		@SchedulerLock(name = "report", lockAtLeastFor = "1s")
		public void run() {
			this.runs.incrementAndGet();
		}

		public int runs() {
			return this.runs.get();
		}

	}

}
