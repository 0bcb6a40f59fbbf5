package io.github.gossip.sample;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.config.LeadershipPolicy;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped application.yml node 1 holds every role; gossip stays off, so node 1 is a
 * cluster of one and its leader-only jobs run, through the gate, except that of acme.renew, whose
 * majority policy needs two of its three voters.
 */
@SpringBootTest(properties = { "cluster.node-id=1", "sample.job-delay=1h" })
class LeaderOnlyJobsTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void leaderOnlyJobsAreGatedAndOtherJobsAreNot() {
		assertThat(this.context.getBeansOfType(RoleJobs.RoleJob.class).values())
			.filteredOn(AopUtils::isAopProxy)
			.extracting(RoleJobs.RoleJob::role)
			.containsExactlyInAnyOrder("acme.renew", "metrics.push");
		assertThat(this.context.getBeansOfType(RoleJobs.RoleJob.class).values()).filteredOn(RoleJobs.RoleJob::leaderOnly)
			.extracting(RoleJobs.RoleJob::role)
			.containsExactlyInAnyOrder("acme.renew", "metrics.push");
	}

	@Test
	void withoutGossipALeaderOnlyJobRunsOnTheNodeThatHoldsItsRole() {
		RoleJobs.RoleJob push = this.context.getBean(RoleJobs.MetricsPushJob.class);
		push.run();
		assertThat(push.runs()).isOne();
		assertThat(push.active()).isTrue();
	}

	@Test
	void withoutGossipAMajorityRoleHasNoQuorum() {
		ConfiguredNode configured = this.context.getBean(ConfiguredNode.class);
		assertThat(configured.leadershipPolicy("acme.renew")).isEqualTo(LeadershipPolicy.majorityOf(List.of("1", "2", "3")));
		RoleJobs.RoleJob renew = this.context.getBean(RoleJobs.CertificateRenewalJob.class);
		renew.run();
		assertThat(renew.runs()).isZero();
		assertThat(renew.active()).isFalse();
		assertThat(this.context.getBean(MeterRegistry.class)
			.get("gossip.jobs")
			.tag("role", "acme.renew")
			.tag("outcome", "no-quorum")
			.counter()
			.count()).isOne();
	}

}
