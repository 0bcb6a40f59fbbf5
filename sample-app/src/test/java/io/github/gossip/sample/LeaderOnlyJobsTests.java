package io.github.gossip.sample;

import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped application.yml node 1 holds every role; gossip stays off, so node 1 is a
 * cluster of one and its leader-only jobs run, through the gate.
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
		RoleJobs.RoleJob renew = this.context.getBean(RoleJobs.CertificateRenewalJob.class);
		renew.run();
		assertThat(renew.runs()).isOne();
		assertThat(renew.active()).isTrue();
	}

}
