package io.github.gossip.sample;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.NodeId;
import io.github.gossip.internal.config.RoleAssignments;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Logs once, at start-up, which of the documented roles this node holds.
 */
@Component
class RoleReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(RoleReport.class);

	private final ClusterConfig config;

	RoleReport(ClusterConfig config) {
		this.config = config;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> held = RoleAssignments.WELL_KNOWN_ROLES.stream().filter(this.config::holdsRole).toList();
		logger.info("Node " + this.config.nodeId().map(NodeId::value).orElse("(no node-id)") + " holds roles " + held);
	}

}
