package io.github.gossip.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.runtime.GossipNode;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the gossip node with the application and leaves the cluster gracefully when it stops. Runs
 * in a late phase: after a web server has started (Boot's web server lifecycles run at
 * {@code DEFAULT_PHASE - 2048} and {@code - 1024}), and stopping (leaving) before the web server's
 * graceful shutdown begins, so that peers stop routing to this node first. The leave is bounded: it
 * waits five gossip intervals for the news to spread, then closes the socket.
 */
final class GossipLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GossipLifecycle.class);

	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final NodeClusterMembership membership;

	private final GossipSettings settings;

	GossipLifecycle(NodeClusterMembership membership, GossipSettings settings) {
		this.membership = membership;
		this.settings = settings;
	}

	@Override
	public void start() {
		this.membership.start();
		GossipNode node = this.membership.node().orElseThrow();
		logger.info("Cluster gossip started: node " + node.self() + " on " + node.localAddress() + ", advertised as "
				+ node.advertisedEndpoint() + ", " + this.settings.seeds().size() + " seed(s), roles "
				+ this.membership.localMember().roles() + ", key fingerprint " + node.keyring().primary().fingerprint());
	}

	@Override
	public void stop() {
		if (this.membership.isRunning()) {
			Duration spread = this.settings.tuning().gossipInterval().multipliedBy(NodeClusterMembership.LEAVE_ROUNDS);
			this.membership.leave(spread);
			logger.info("Cluster gossip stopped: left the cluster");
		}
	}

	@Override
	public boolean isRunning() {
		return this.membership.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * A node runs once: leaving is final for its instance id. A context pause (or a checkpoint) must
	 * not stop it; a full restart of the application starts a new node.
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
