package io.github.gossip.jobs;

import io.github.gossip.testsupport.FreePorts;
import io.github.gossip.testsupport.FakeMembership;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.autoconfigure.ClusterAutoConfiguration;
import io.github.gossip.autoconfigure.GossipAutoConfiguration;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate is there with gossip and without: with it, leadership is the node's; without it, this
 * node is a cluster of one and leads the roles it holds. Its meters need Micrometer and a registry.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderJobsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, GossipAutoConfiguration.class,
				LeaderJobsAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1", "cluster.roles.acme.renew=2")
		.withBean(PurgeJob.class)
		.withBean(RenewalJob.class);

	@Test
	void withGossipTheGateAsksTheNode() {
		enabled().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LeaderOnlyBeanPostProcessor.class)
				.hasSingleBean(LeaderGate.class)
				.hasSingleBean(MembershipLeadership.class)
				.doesNotHaveBean(StandaloneLeadership.class)
				.hasSingleBean(LeaderJobMetrics.class);
			assertThat(AopUtils.isAopProxy(context.getBean(PurgeJob.class))).isTrue();
			assertThat(context.getBean(LeaderOnlyBeanPostProcessor.class).roles().snapshot())
				.containsExactlyInAnyOrder("purge.stores", "acme.renew");
		});
	}

	@Test
	void withoutGossipThisNodeIsAClusterOfOneAndLeadsTheRolesItHolds(CapturedOutput output) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.runner.withBean(MeterRegistry.class, () -> meters).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterMembership.class)
				.hasSingleBean(StandaloneLeadership.class)
				.doesNotHaveBean(MembershipLeadership.class);
			PurgeJob purge = context.getBean(PurgeJob.class);
			RenewalJob renew = context.getBean(RenewalJob.class);
			purge.purge();
			renew.renew();
			// purge.stores is named for no node, so node 1 holds it; acme.renew is node 2's only
			assertThat(purge.runs()).hasValue(1);
			assertThat(renew.runs()).hasValue(0);
			assertThat(purge.since()).isNotNull();
			assertThat(meters.get("gossip.jobs").tag("role", "purge.stores").tag("outcome", "ran").counter().count())
				.isOne();
			assertThat(meters.get("gossip.jobs").tag("role", "acme.renew").tag("outcome", "not-leader").counter().count())
				.isOne();
		});
		assertThat(output).contains("Cluster gossip is disabled: this node is a cluster of one and leads the roles it "
				+ "holds, so its @LeaderOnly jobs of [purge.stores] run here and those of [acme.renew] never do");
	}

	@Test
	void withoutGossipTheTokenIsEpochOneOfThisNode() {
		this.runner.run((context) -> {
			PurgeJob purge = context.getBean(PurgeJob.class);
			purge.purge();
			assertThat(purge.since().token()).isEqualTo(new FencingToken("purge.stores", 1, "1", 0));
		});
		this.runner.withPropertyValues("cluster.node-id=").run((context) -> {
			PurgeJob purge = context.getBean(PurgeJob.class);
			purge.purge();
			assertThat(purge.since().token()).as("no node id set").isEqualTo(new FencingToken("purge.stores", 1, "", 0));
		});
	}

	@Test
	void withoutGossipAMajorityRoleRunsOnlyWhereOneGrantIsAMajority(CapturedOutput output) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.runner.withBean(MeterRegistry.class, () -> meters)
			.withBean(ReportJob.class)
			.withPropertyValues("cluster.roles.purge.stores=1,2,3", "cluster.leadership.policy.purge.stores=majority",
					"cluster.roles.acme.renew=1", "cluster.leadership.policy.acme.renew=majority",
					"cluster.leadership.policy.reports.daily=majority", "cluster.leadership.quorum.reports.daily=1")
			.run((context) -> {
				PurgeJob purge = context.getBean(PurgeJob.class);
				RenewalJob renew = context.getBean(RenewalJob.class);
				ReportJob report = context.getBean(ReportJob.class);
				purge.purge();
				renew.renew();
				report.report();
				// one grant of three voters is no majority; one of one, or a quorum of 1, is
				assertThat(purge.runs()).hasValue(0);
				assertThat(renew.runs()).hasValue(1);
				assertThat(report.runs()).hasValue(1);
				assertThat(meters.get("gossip.jobs").tag("role", "purge.stores").tag("outcome", "no-quorum").counter()
					.count()).isOne();
			});
		assertThat(output).contains("Cluster gossip is disabled: this node is a cluster of one and leads the roles it "
				+ "holds, so its @LeaderOnly jobs of [acme.renew, reports.daily] run here; those of [purge.stores] never "
				+ "do either: their majority policy needs more grants than a cluster of one has");
	}

	@Test
	void withoutMicrometerTheGateWorksWithoutMeters() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LeaderGate.class).doesNotHaveBean(LeaderJobMetrics.class);
			PurgeJob purge = context.getBean(PurgeJob.class);
			RenewalJob renew = context.getBean(RenewalJob.class);
			purge.purge();
			renew.renew();
			assertThat(purge.runs()).hasValue(1);
			assertThat(renew.runs()).hasValue(0);
		});
	}

	@Test
	void withoutAMeterRegistryThereAreNoMeters() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeaderJobMetrics.class));
	}

	@Test
	void anApplicationsOwnMembershipDecides() {
		FakeMembership own = new FakeMembership("1").lead("acme.renew", "1");
		this.runner.withBean(ClusterMembership.class, () -> own).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MembershipLeadership.class);
			RenewalJob renew = context.getBean(RenewalJob.class);
			renew.renew();
			assertThat(renew.runs()).hasValue(1);
		});
	}

	private ApplicationContextRunner enabled() {
		return this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.bind-port=" + FreePorts.udp(),
				"cluster.key=leader jobs test key, not a secret");
	}

	/**
	 * Public, as are its methods: without Micrometer the test's class loader defines the proxy, which
	 * reaches only public members across class loaders.
	 */
	public static class PurgeJob {

		private final AtomicInteger runs = new AtomicInteger();

		private volatile LeaderRun since;

		@LeaderOnly("purge.stores")
		public void purge() {
			this.runs.incrementAndGet();
			this.since = LeaderAssert.assertLeader();
		}

		public AtomicInteger runs() {
			return this.runs;
		}

		public LeaderRun since() {
			return this.since;
		}

	}

	public static class ReportJob {

		private final AtomicInteger runs = new AtomicInteger();

		@LeaderOnly("reports.daily")
		public void report() {
			this.runs.incrementAndGet();
		}

		public AtomicInteger runs() {
			return this.runs;
		}

	}

	public static class RenewalJob {

		private final AtomicInteger runs = new AtomicInteger();

		@LeaderOnly("acme.renew")
		public void renew() {
			this.runs.incrementAndGet();
		}

		public AtomicInteger runs() {
			return this.runs;
		}

	}

}
