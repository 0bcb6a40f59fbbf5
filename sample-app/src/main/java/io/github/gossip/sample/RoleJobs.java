package io.github.gossip.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConditionalOnRole;
import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.beans.factory.ObjectProvider;
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
 * the role but run only on the role's current leader, which moves when the leader fails. The other
 * three are safe to run on every holder, as in Stalwart.
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

		private final ObjectProvider<ClusterMembership> membership;

		private final AtomicLong runs = new AtomicLong();

		RoleJob(String role, boolean leaderOnly, String work, ConfiguredNode configured,
				ObjectProvider<ClusterMembership> membership) {
			this.role = role;
			this.leaderOnly = leaderOnly;
			this.nodeId = configured.nodeId().orElse("(no node-id)");
			this.work = work;
			this.membership = membership;
		}

		@Scheduled(fixedDelayString = "${sample.job-interval:10s}", initialDelayString = "${sample.job-delay:2s}")
		void run() {
			ClusterMembership cluster = leaderGate();
			if (cluster == null) {
				work();
			}
			else if (!cluster.runIfLeader(this.role, this::work) && logger.isDebugEnabled()) {
				logger.debug("[job " + this.role + "] node " + this.nodeId + " skipped: the leader is "
						+ cluster.leader(this.role).map(ClusterMember::nodeId).orElse("nobody"));
			}
		}

		private void work() {
			this.runs.incrementAndGet();
			logger.info("[job " + this.role + "] node " + this.nodeId + " " + this.work);
		}

		String role() {
			return this.role;
		}

		/** Whether the job runs only on the role's leader rather than on every node holding the role. */
		boolean leaderOnly() {
			return this.leaderOnly;
		}

		/** Whether the next run would do the work on this node. */
		boolean active() {
			ClusterMembership cluster = leaderGate();
			return cluster == null || cluster.isLeader(this.role);
		}

		/**
		 * The membership that decides whether a leader-only job runs here; {@code null} when every
		 * holder runs the job, or when gossip is disabled and this node is a cluster of one.
		 */
		private ClusterMembership leaderGate() {
			return this.leaderOnly ? this.membership.getIfAvailable() : null;
		}

		long runs() {
			return this.runs.get();
		}

	}

	@Component
	@ConditionalOnRole("purge.stores")
	static class StorePurgeJob extends RoleJob {

		StorePurgeJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("purge.stores", false, "would purge expired blobs and data from the stores", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("purge.accounts")
	static class AccountPurgeJob extends RoleJob {

		AccountPurgeJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("purge.accounts", false, "would purge deleted messages from accounts", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("acme.renew")
	static class CertificateRenewalJob extends RoleJob {

		CertificateRenewalJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("acme.renew", true, "would check ACME certificates and renew those due", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("metrics.calculate")
	static class MetricsCalculationJob extends RoleJob {

		MetricsCalculationJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("metrics.calculate", false, "would calculate cluster-wide metrics", configured, membership);
		}

	}

	@Component
	@ConditionalOnRole("metrics.push")
	static class MetricsPushJob extends RoleJob {

		MetricsPushJob(ConfiguredNode configured, ObjectProvider<ClusterMembership> membership) {
			super("metrics.push", true, "would push metrics to the collector", configured, membership);
		}

	}

}
