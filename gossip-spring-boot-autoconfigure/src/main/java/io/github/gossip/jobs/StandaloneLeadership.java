package io.github.gossip.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.membership.FencingToken;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Leadership without a cluster: with gossip disabled, this node is the only member, so it leads
 * every role it holds by its configuration (as {@code @ConditionalOnRole} decides) from the start of
 * the application, and no other. Someone running one node expects its jobs to run; a role that the
 * configuration gives to other nodes only has no live holder here, so its jobs do not.
 * <p>
 * A role with the majority policy is the exception: a cluster of one holds one grant, its own, so it
 * leads such a role only when one grant is a majority (the role's list names this node alone, or its
 * quorum is 1). A node that was meant to be one of three voters and started without gossip (a key
 * left out) must not run what the policy promises runs at most once.
 * <p>
 * The token of every run is epoch 1 of this node, instance 0: there is no other leader to fence off,
 * and a restart leads by the same token, which a store accepts as it accepts the token it saw last.
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
	public Optional<LeaderRun> run(String role) {
		if (!leads(role)) {
			return Optional.empty();
		}
		// without a node id (gossip off needs none) the token names no node: there is only this one
		FencingToken token = new FencingToken(role, 1, this.configured.nodeId().orElse(""), 0);
		return Optional.of(new LeaderRun(role, this.since, token));
	}

	private boolean leads(String role) {
		return this.configured.leadsAlone(role);
	}

	@Override
	public Skip skip(String role) {
		LeadershipPolicy policy = this.configured.leadershipPolicy(role);
		if (policy.mode() == LeadershipPolicy.Mode.MAJORITY) {
			return new Skip(GatedOutcome.NO_QUORUM, "no quorum for " + role + ": gossip is disabled, and with "
					+ Leadership.describe(policy) + " a cluster of one has no majority");
		}
		return new Skip(GatedOutcome.NOT_LEADER,
				"gossip is disabled and cluster.roles." + role + " does not list this node");
	}

	/** Says once which gated roles run here, so that a missing cluster configuration is visible. */
	@Override
	public void afterSingletonsInstantiated() {
		Set<String> gated = this.roles.snapshot();
		if (gated.isEmpty()) {
			return;
		}
		Set<String> led = new TreeSet<>();
		Set<String> noQuorum = new TreeSet<>();
		Set<String> notHeld = new TreeSet<>();
		for (String role : gated) {
			if (leads(role)) {
				led.add(role);
			}
			else {
				(this.configured.leadershipPolicy(role).mode() == LeadershipPolicy.Mode.MAJORITY ? noQuorum : notHeld)
					.add(role);
			}
		}
		logger.info("Cluster gossip is disabled: this node is a cluster of one and leads the roles it holds, so its "
				+ "@LeaderOnly jobs of " + led + " run here"
				+ (notHeld.isEmpty() ? "" : " and those of " + notHeld + " never do")
				+ (noQuorum.isEmpty() ? "" : "; those of " + noQuorum
						+ " never do either: their majority policy needs more grants than a cluster of one has"));
	}

}
