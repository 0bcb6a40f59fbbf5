package io.github.gossip.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConfiguredNode;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Leadership without a cluster: with gossip disabled, this node is the only member, so it leads
 * every role it holds by its configuration (as {@code @ConditionalOnRole} decides) from the start of
 * the application, and no other. Someone running one node expects its jobs to run; a role that the
 * configuration gives to other nodes only has no live holder here, so its jobs do not.
 */
final class StandaloneLeadership implements Leadership, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StandaloneLeadership.class);

	private final ConfiguredNode configured;

	private final GatedRoles roles;

	private final Instant since;

	StandaloneLeadership(ConfiguredNode configured, GatedRoles roles, Clock clock) {
		this.configured = configured;
		this.roles = roles;
		this.since = clock.instant();
	}

	@Override
	public Optional<Instant> leadingSince(String role) {
		return this.configured.holdsRole(role) ? Optional.of(this.since) : Optional.empty();
	}

	@Override
	public String describeLeader(String role) {
		return "gossip is disabled and cluster.roles." + role + " does not list this node";
	}

	/** Says once which gated roles run here, so that a missing cluster configuration is visible. */
	@Override
	public void afterSingletonsInstantiated() {
		Set<String> gated = this.roles.snapshot();
		if (gated.isEmpty()) {
			return;
		}
		Set<String> led = new TreeSet<>();
		gated.stream().filter(this.configured::holdsRole).forEach(led::add);
		Set<String> notLed = new TreeSet<>(gated);
		notLed.removeAll(led);
		logger.info("Cluster gossip is disabled: this node is a cluster of one and leads the roles it holds, so its "
				+ "@LeaderOnly jobs of " + led + " run here" + (notLed.isEmpty() ? "" : " and those of " + notLed + " never do"));
	}

}
