package io.github.gossip.sample;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConfiguredNode;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Logs once, at start-up, which of the documented roles this node holds.
 */
@Component
class RoleReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(RoleReport.class);

	private final ConfiguredNode configured;

	RoleReport(ConfiguredNode configured) {
		this.configured = configured;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> held = ConfiguredNode.DOCUMENTED_ROLES.stream().filter(this.configured::holdsRole).toList();
		logger.info("Node " + this.configured.nodeId().orElse("(no node-id)") + " holds roles " + held);
	}

}
