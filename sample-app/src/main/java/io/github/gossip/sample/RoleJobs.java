package io.github.gossip.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConditionalOnRole;
import io.github.gossip.config.ClusterConfig;
import io.github.gossip.config.NodeId;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One scheduled job per documented role. Each exists only on the nodes that hold its role, so the
 * log of each node shows which jobs it runs. The jobs only log what they would do.
 */
final class RoleJobs {

	private RoleJobs() {
	}

	/** A job that announces its work on every run. */
	abstract static class RoleJob {

		private static final Log logger = LogFactory.getLog(RoleJob.class);

		private final String line;

		RoleJob(String role, String work, ClusterConfig config) {
			this.line = "[job " + role + "] node " + config.nodeId().map(NodeId::value).orElse("(no node-id)") + " "
					+ work;
		}

		@Scheduled(fixedDelayString = "${sample.job-interval:10s}", initialDelayString = "${sample.job-delay:2s}")
		void run() {
			logger.info(this.line);
		}

	}

	@Component
	@ConditionalOnRole("purge.stores")
	static class StorePurgeJob extends RoleJob {

		StorePurgeJob(ClusterConfig config) {
			super("purge.stores", "would purge expired blobs and data from the stores", config);
		}

	}

	@Component
	@ConditionalOnRole("purge.accounts")
	static class AccountPurgeJob extends RoleJob {

		AccountPurgeJob(ClusterConfig config) {
			super("purge.accounts", "would purge deleted messages from accounts", config);
		}

	}

	@Component
	@ConditionalOnRole("acme.renew")
	static class CertificateRenewalJob extends RoleJob {

		CertificateRenewalJob(ClusterConfig config) {
			super("acme.renew", "would check ACME certificates and renew those due", config);
		}

	}

	@Component
	@ConditionalOnRole("metrics.calculate")
	static class MetricsCalculationJob extends RoleJob {

		MetricsCalculationJob(ClusterConfig config) {
			super("metrics.calculate", "would calculate cluster-wide metrics", config);
		}

	}

	@Component
	@ConditionalOnRole("metrics.push")
	static class MetricsPushJob extends RoleJob {

		MetricsPushJob(ClusterConfig config) {
			super("metrics.push", "would push metrics to the collector", config);
		}

	}

}
