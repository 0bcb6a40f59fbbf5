package io.github.gossip.shedlock;

import io.github.gossip.testsupport.FreePorts;
import io.github.gossip.testsupport.FakeMembership;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.autoconfigure.ClusterAutoConfiguration;
import io.github.gossip.autoconfigure.GossipAutoConfiguration;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider is there with ShedLock and without a {@code LockProvider} of the application's,
 * with gossip (on the node's leadership) and without (this node as a cluster of one); it backs off
 * for the application's own provider, and nothing of it exists without ShedLock.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShedLockAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, GossipAutoConfiguration.class,
				ShedLockAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1", "cluster.roles.acme.renew=2");

	@Test
	void withGossipTheLockFollowsTheNodesLeadership() {
		this.runner
			.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.bind-port=" + FreePorts.udp(),
					"cluster.key=shedlock test key, not a secret")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ClusterMembership.class)
					.hasSingleBean(LockProvider.class)
					.hasSingleBean(LeaderLockProvider.class);
				ClusterMembership membership = context.getBean(ClusterMembership.class);
				LockProvider provider = context.getBean(LockProvider.class);
				// alone, the node leads once its view has been stable for a moment; acme.renew it never holds
				await().atMost(Duration.ofSeconds(30)).until(() -> membership.isLeader("purge.stores"));
				assertThat(lock(provider, "purge.stores")).isPresent();
				assertThat(lock(provider, "acme.renew")).isEmpty();
			});
	}

	@Test
	void anApplicationsOwnMembershipDecides() {
		FakeMembership own = new FakeMembership("1").lead("report", "1").lead("purge", "2");
		this.runner.withBean(ClusterMembership.class, () -> own).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LeaderLockProvider.class);
			LockProvider provider = context.getBean(LockProvider.class);
			assertThat(lock(provider, "report")).isPresent();
			assertThat(lock(provider, "purge")).isEmpty();
		});
	}

	@Test
	void withoutGossipThisNodeIsAClusterOfOneAndGetsTheLocksOfTheRolesItHolds(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterMembership.class)
				.hasSingleBean(LeaderLockProvider.class);
			LockProvider provider = context.getBean(LockProvider.class);
			// purge.stores is named for no node, so node 1 holds it; acme.renew is node 2's only
			assertThat(lock(provider, "purge.stores")).isPresent();
			assertThat(lock(provider, "Acme.Renew")).isEmpty();
		});
		assertThat(output).contains("Cluster gossip is disabled: this node is a cluster of one, so @SchedulerLock locks");
	}

	@Test
	void withoutGossipAMajorityRoleWithThreeVotersIsNotThisNodesAlone() {
		// as @LeaderOnly decides: one grant of the three voters' two is no leader
		this.runner.withPropertyValues("cluster.roles.reports=1,2,3", "cluster.leadership.policy.reports=majority",
				"cluster.roles.cleanup=1", "cluster.leadership.policy.cleanup=majority")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(LeaderLockProvider.class);
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(lock(provider, "reports")).isEmpty();
				// a majority of one voter, this node, is this node
				assertThat(lock(provider, "cleanup")).isPresent();
			});
	}

	@Test
	void backsOffWhenTheApplicationHasItsOwnLockProvider() {
		LockProvider own = (configuration) -> Optional.empty();
		this.runner.withBean(LockProvider.class, () -> own).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(LeaderLockProvider.class);
			assertThat(context.getBean(LockProvider.class)).isSameAs(own);
		});
		this.runner.withBean(ClusterMembership.class, () -> new FakeMembership("1"))
			.withBean(LockProvider.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LeaderLockProvider.class)
				.getBean(LockProvider.class)
				.isSameAs(own));
	}

	@Test
	void nothingOfItLoadsWithoutShedLock() {
		this.runner.withClassLoader(new FilteredClassLoader(LockProvider.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(LeaderLockProvider.class);
			assertThat(context.getBeanNamesForType(ShedLockAutoConfiguration.class)).isEmpty();
		});
	}

	private static Optional<SimpleLock> lock(LockProvider provider, String name) {
		return provider.lock(new LockConfiguration(Instant.now(), name, Duration.ofMinutes(1), Duration.ZERO));
	}

}
