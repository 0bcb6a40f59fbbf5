package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.jobs.LeaderAssert;
import io.github.gossip.jobs.LeaderOnly;
import io.github.gossip.jobs.LeaderRun;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @LeaderOnly} on real nodes: three auto-configured applications on loopback, each with the
 * same gated jobs; a job runs on the node that leads its role and nowhere else, and moves with the
 * leadership when that node fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderOnlyClusterTests {

	@Test
	void aGatedJobRunsOnlyOnItsRolesLeaderAndMovesWithTheLeadership(CapturedOutput output) {
		try (ClusterNodes nodes = new ClusterNodes(3, JobsApplication.class, "--cluster.roles.acme.renew=2,3")) {
			List<ConfigurableApplicationContext> contexts = new ArrayList<>(
					List.of(nodes.start(1), nodes.start(2), nodes.start(3)));
			awaitLeaders(contexts, "2", "1");
			// acme.renew is held by 2 and 3 and led by 2; reports.weekly is named nowhere, so led by 1
			assertThat(runAll(contexts, Renewal.class)).containsExactly(null, "2 acme.renew", null);
			assertThat(runAll(contexts, WeeklyReport.class)).containsExactly("1 reports.weekly", null, null);
			assertThat(calls(contexts.get(1), "acme.renew", "ran")).isOne();
			assertThat(calls(contexts.get(2), "acme.renew", "not-leader")).isOne();
			// the epoch is whatever the cluster reached: at least 1 once a real node leads
			assertThat(output).containsPattern("This node now leads acme\\.renew \\(epoch [1-9]\\d*\\): its @LeaderOnly jobs run here");

			ClusterNodes.crash(contexts.remove(1));
			awaitLeaders(contexts, "3", "1");
			assertThat(runAll(contexts, Renewal.class)).containsExactly(null, "3 acme.renew");
			assertThat(calls(contexts.get(1), "acme.renew", "ran")).isOne();
			assertThat(calls(contexts.get(1), "acme.renew", "not-leader")).isOne();
		}
	}

	private static void awaitLeaders(List<ConfigurableApplicationContext> contexts, String renewal, String report) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (ConfigurableApplicationContext context : contexts) {
				ClusterMembership membership = ClusterNodes.membership(context);
				assertThat(membership.members()).filteredOn((member) -> member.status() == MemberStatus.ALIVE)
					.hasSize(contexts.size());
				assertThat(membership.leader("acme.renew")).map(ClusterMember::nodeId).hasValue(renewal);
				assertThat(membership.leader("reports.weekly")).map(ClusterMember::nodeId).hasValue(report);
			}
		});
	}

	private static List<String> runAll(List<ConfigurableApplicationContext> contexts, Class<? extends Job> type) {
		List<String> results = new ArrayList<>();
		contexts.forEach((context) -> results.add(context.getBean(type).run()));
		return results;
	}

	private static double calls(ConfigurableApplicationContext context, String role, String outcome) {
		return context.getBean(MeterRegistry.class).get("gossip.jobs").tag("role", role).tag("outcome", outcome)
			.counter()
			.count();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class JobsApplication {

		@Bean
		Renewal renewal(ClusterMembership membership) {
			return new Renewal(membership);
		}

		@Bean
		WeeklyReport weeklyReport(ClusterMembership membership) {
			return new WeeklyReport(membership);
		}

	}

	abstract static class Job {

		private final ClusterMembership membership;

		Job(ClusterMembership membership) {
			this.membership = membership;
		}

		/** What ran where, or {@code null} where the call was skipped. */
		public abstract String run();

		String ran() {
			LeaderRun run = LeaderAssert.assertLeader();
			return this.membership.localMember().nodeId() + " " + run.role();
		}

	}

	static class Renewal extends Job {

		Renewal(ClusterMembership membership) {
			super(membership);
		}

		@Override
		@LeaderOnly("acme.renew")
		public String run() {
			return ran();
		}

	}

	/** Gated as a bean: every public method. */
	@LeaderOnly("reports.weekly")
	static class WeeklyReport extends Job {

		WeeklyReport(ClusterMembership membership) {
			super(membership);
		}

		@Override
		public String run() {
			return ran();
		}

	}

}
