package io.github.gossip.autoconfigure;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.config.GossipSettings;
import io.github.gossip.protocol.MembershipEvent;
import io.github.gossip.runtime.GossipNode;
import io.github.gossip.runtime.NodeOptions;
import io.github.gossip.runtime.NodeOptionsFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the gossip node with the application and leaves the cluster gracefully when it stops. Runs
 * in a late phase: after a web server has started, and stopping (leaving) before the web server's
 * graceful shutdown begins, so that peers stop routing to this node first.
 */
final class GossipLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GossipLifecycle.class);

	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final GossipSettings settings;

	private volatile GossipNode node;

	private volatile Disposable eventLog;

	GossipLifecycle(GossipSettings settings) {
		this.settings = settings;
	}

	@Override
	public void start() {
		NodeOptions options = NodeOptionsFactory.create(this.settings, new SecureRandom());
		RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
		GossipNode started = GossipNode.start(options, random);
		// Logging happens off the protocol thread: a slow appender must not stall probes.
		this.eventLog = started.events().publishOn(Schedulers.single()).subscribe(this::log);
		this.node = started;
		logger.info("Cluster gossip started: node " + options.self() + " on " + started.localAddress() + ", advertised as "
				+ started.advertisedEndpoint() + ", " + this.settings.seeds().size() + " seed(s), key fingerprint "
				+ options.keyring().primary().fingerprint());
	}

	private void log(MembershipEvent event) {
		logger.info("Member " + event.member().id() + " at " + event.member().endpoint() + ": " + event.kind());
	}

	@Override
	public void stop() {
		GossipNode running = this.node;
		if (running != null) {
			Duration spread = this.settings.tuning().gossipInterval().multipliedBy(5);
			running.leave(spread);
			this.node = null;
			logger.info("Cluster gossip stopped: left the cluster");
		}
		if (this.eventLog != null) {
			this.eventLog.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.node != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The running node, or {@code null} when stopped. */
	GossipNode node() {
		return this.node;
	}

}
