package io.github.gossip.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConditionalOnRole;
import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.jobs.LeaderAssert;
import io.github.gossip.jobs.LeaderOnly;
import io.github.gossip.jobs.LeaderRun;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One scheduled job per documented role. Each exists only on the nodes that hold its role
 * ({@code @ConditionalOnRole}, decided at start-up), so the log of each node shows which jobs it
 * runs. The jobs only log what they would do.
 * <p>
 * Two roles describe work that must happen once per cluster: renewing ACME certificates (the CA
 * rate-limits orders, and two nodes renewing at once race for the same challenge) and pushing
 * metrics (two pushers would count everything twice). Their jobs exist on every node that holds
 * the role but run only on the role's current leader ({@code @LeaderOnly}, decided at every run),
 * which moves when the leader fails. The other three are safe to run on every holder, as in
 * Stalwart. {@code acme.renew} has the majority policy (application.yml): its leader needs the
 * grants of two of its three voters, so no side of a network split renews twice.
 */
final class RoleJobs {

	private RoleJobs() {
	}

	/** A job that announces its work on every run. */
	abstract static class RoleJob {

		private static final Log logger = LogFactory.getLog(RoleJob.class);

		private final String role;

		private final boolean leaderOnly;

		private final String nodeId;

		private final String work;

		private final ConfiguredNode configured;

		private final ObjectProvider<ClusterMembership> membership;

		private final AtomicLong runs = new AtomicLong();

		RoleJob(String role, String work, ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			this.role = role;
			this.leaderOnly = AnnotatedElementUtils.hasAnnotation(getClass(), LeaderOnly.class);
			this.configured = configured;
			this.nodeId = configured.nodeId().orElse("(no node-id)");
			this.work = work;
			this.membership = membership;
		}

		/**
		 * Public, so that {@code @LeaderOnly} on a job's class gates it: the gate skips the run on
		 * every node but the role's leader, and counts and logs (at DEBUG) each skip.
		 */
		@Scheduled(fixedDelayString = "${sample.job-interval:10s}", initialDelayString = "${sample.job-delay:2s}")
		public void run() {
			String leader = "";
			if (this.leaderOnly) {
				// the work below must never run past the gate, say from a refactored caller; a real job
				// would hand the token to the store it writes to, which refuses a superseded leader
				LeaderRun run = LeaderAssert.assertLeader(this.role);
				leader = " (leader since " + run.leaderSince() + ", token " + run.token() + ")";
			}
			this.runs.incrementAndGet();
			logger.info("[job " + this.role + "] node " + this.nodeId + " " + this.work + leader);
		}

		String role() {
			return this.role;
		}

		/** Whether the job runs only on the role's leader rather than on every node holding the role. */
		boolean leaderOnly() {
			return this.leaderOnly;
		}

		/**
		 * Whether the next run would do the work on this node, for the page: the gate's answer, also
		 * when gossip is disabled and this node, a cluster of one, leads the roles it holds.
		 */
		boolean active() {
			if (!this.leaderOnly) {
				return true;
			}
			ClusterMembership cluster = this.membership.getIfAvailable();
			if (cluster == null) {
				// a cluster of one has one grant, its own: not a majority of acme.renew's three voters
				return this.configured.leadsAlone(this.role);
			}
			// what the gate asks: whether this node holds the role's token
			return cluster.fencingToken(this.role).isPresent();
		}

		long runs() {
			return this.runs.get();
		}

	}

	@Component
	@ConditionalOnRole("purge.stores")
	static class StorePurgeJob extends RoleJob {

		StorePurgeJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("purge.stores", "would purge expired blobs and data from the stores", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("purge.accounts")
	static class AccountPurgeJob extends RoleJob {

		AccountPurgeJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("purge.accounts", "would purge deleted messages from accounts", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("acme.renew") // only the nodes listed for the role have the job at all
	@LeaderOnly("acme.renew") // and of those only the role's current leader runs it
	static class CertificateRenewalJob extends RoleJob {

		CertificateRenewalJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("acme.renew", "would check ACME certificates and renew those due", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("metrics.calculate")
	static class MetricsCalculationJob extends RoleJob {

		MetricsCalculationJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("metrics.calculate", "would calculate cluster-wide metrics", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("metrics.push")
	@LeaderOnly("metrics.push")
	static class MetricsPushJob extends RoleJob {

		MetricsPushJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("metrics.push", "would push metrics to the collector", configured, membership);
		}

	}

}
