package io.github.gossip.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped application.yml, node 3 holds purge.accounts and acme.renew.
 */
@SpringBootTest(properties = { "cluster.node-id=3", "sample.job-delay=1h" })
class RoleJobsTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void node3RunsOnlyItsJobs() {
		assertThat(this.context.getBeansOfType(RoleJobs.RoleJob.class).values())
			.extracting((job) -> ClassUtils.getUserClass(job).getSimpleName())
			.containsExactlyInAnyOrder("AccountPurgeJob", "CertificateRenewalJob");
	}

}
