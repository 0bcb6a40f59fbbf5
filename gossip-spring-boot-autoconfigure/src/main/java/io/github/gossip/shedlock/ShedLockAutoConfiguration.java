package io.github.gossip.shedlock;

import net.javacrumbs.shedlock.core.LockProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ClusterAutoConfiguration;
import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.autoconfigure.GossipAutoConfiguration;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a ShedLock {@code LockProvider} on role leadership, when ShedLock is on the
 * classpath and the application defines no {@code LockProvider}: a {@code @SchedulerLock(name = ...)}
 * job then runs on the current leader of the role of that name, as with
 * {@code ClusterMembership.isLeader(name)}, and on no other node. With gossip disabled this node is
 * a cluster of one and gets the locks of the roles it holds by {@code cluster.roles}, as
 * {@code @LeaderOnly} runs their jobs. ShedLock itself is switched on by the application, with
 * {@code @EnableSchedulerLock}.
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, GossipAutoConfiguration.class })
@ConditionalOnClass(LockProvider.class)
public final class ShedLockAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ShedLockAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ClusterMembership.class)
	@ConditionalOnMissingBean(LockProvider.class)
	static class ClusterLockProviderConfiguration {

		@Bean
		LeaderLockProvider leaderLockProvider(ClusterMembership membership) {
			return new LeaderLockProvider(membership::isLeader, System::nanoTime);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean({ ClusterMembership.class, LockProvider.class })
	static class StandaloneLockProviderConfiguration {

		@Bean
		LeaderLockProvider leaderLockProvider(ConfiguredNode configured) {
			logger.info("Cluster gossip is disabled: this node is a cluster of one, so @SchedulerLock locks are "
					+ "granted here for the roles it holds by cluster.roles (unless a role's majority policy needs other "
					+ "voters), and refused for the others");
			return new LeaderLockProvider(configured::leadsAlone, System::nanoTime);
		}

	}

}
