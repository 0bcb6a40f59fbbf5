package io.github.gossip.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Says, once and at INFO, that this application runs without cluster membership and why, so that a
 * user who expected a cluster sees which property is missing.
 */
final class GossipDisabledNotice implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(GossipDisabledNotice.class);

	private final String message;

	GossipDisabledNotice(Environment environment) {
		this.message = "Cluster gossip is disabled: "
				+ OnGossipEnabledCondition.describeMissing(OnGossipEnabledCondition.missing(environment))
				+ "; no UDP socket is bound. Set both cluster.bind-addr and cluster.key to join a cluster.";
	}

	String message() {
		return this.message;
	}

	@Override
	public void afterSingletonsInstantiated() {
		logger.info(this.message);
	}

}
