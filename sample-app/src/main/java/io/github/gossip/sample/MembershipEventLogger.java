package io.github.gossip.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.autoconfigure.ClusterMembershipEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs every membership event on one INFO line.
 */
@Component
class MembershipEventLogger {

	private static final Log logger = LogFactory.getLog(MembershipEventLogger.class);

	@EventListener
	void onClusterEvent(ClusterMembershipEvent event) {
		logger.info(describe(event.getEvent()));
	}

	static String describe(ClusterEvent event) {
		ClusterMember member = event.member();
		if (event.type() == ClusterEvent.Type.LEADER_CHANGED) {
			return "Cluster event LEADER_CHANGED: role " + event.role() + " is now led by "
					+ ((member != null) ? "node " + member.nodeId() : "nobody");
		}
		return "Cluster event " + event.type() + ": node " + member.nodeId() + " at " + member.address().getHostString()
				+ ":" + member.address().getPort() + " is " + member.status() + " (incarnation " + member.incarnation()
				+ ", roles " + member.roles().stream().sorted().toList() + ")";
	}

}
