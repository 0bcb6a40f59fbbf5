package io.github.gossip.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.RoleLeader;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.ReflectionUtils;

/**
 * Leadership as the cluster decides it: {@link ClusterMembership#fencingToken(String)} at the moment
 * of each call, present exactly while this node leads. Follows
 * {@link ClusterMembership#leaderChanges(String)} of every gated role, from before the node starts,
 * to know since when this node leads and to say so: one INFO line when this node starts or stops
 * leading a role, none when the leadership moves between other members.
 */
final class MembershipLeadership implements Leadership, DisposableBean {

	private static final Log logger = LogFactory.getLog(MembershipLeadership.class);

	private final ClusterMembership membership;

	private final ConfiguredNode configured;

	private final Clock clock;

	/** Since when this node leads each role it leads, as the leader stream told. */
	private final Map<String, Instant> since = new ConcurrentHashMap<>();

	private final Set<String> followed = ConcurrentHashMap.newKeySet();

	private final Disposable.Composite subscriptions = Disposables.composite();

	MembershipLeadership(ClusterMembership membership, ConfiguredNode configured, GatedRoles roles, Clock clock) {
		this.membership = membership;
		this.configured = configured;
		this.clock = clock;
		warnWithoutTokens(membership);
		roles.follow(this::follow);
	}

	/**
	 * A membership of the application's own written before fencing tokens existed inherits the
	 * interface's answer, no token ever: its gated jobs would never run, and without a word.
	 */
	private static void warnWithoutTokens(ClusterMembership membership) {
		if (ReflectionUtils.findMethod(membership.getClass(), "fencingToken", String.class)
			.getDeclaringClass() == ClusterMembership.class) {
			logger.warn(membership.getClass().getName() + " does not implement ClusterMembership.fencingToken(role): "
					+ "@LeaderOnly runs a call only with the token of its role's leader, so every gated call on this "
					+ "node will be skipped");
		}
	}

	@Override
	public Optional<LeaderRun> run(String role) {
		follow(role);
		// the one read that decides: a token and an answer read apart could disagree
		Optional<FencingToken> token = this.membership.fencingToken(role);
		// The stream tells a moment later than the view: until it does, leadership began no earlier
		// than now. Not stored, so that a stale moment can never outlive a loss of leadership.
		return token.map((held) -> new LeaderRun(role, this.since.getOrDefault(role, this.clock.instant()), held));
	}

	@Override
	public Skip skip(String role) {
		Optional<ClusterMember> leader = this.membership.leader(role);
		LeadershipPolicy policy = this.configured.leadershipPolicy(role);
		if (leader.isEmpty() && policy.mode() == LeadershipPolicy.Mode.MAJORITY) {
			return new Skip(GatedOutcome.NO_QUORUM, "no quorum for " + role + ": with " + Leadership.describe(policy)
					+ " this node sees no leader of it");
		}
		String why = leader.map((member) -> member.local() ? "this node holds no token of it at this moment"
				: "its leader is node " + member.nodeId()).orElse("no live member holds it");
		return new Skip(GatedOutcome.NOT_LEADER, "this node does not lead " + role + " (" + why + ")");
	}

	private void follow(String role) {
		if (this.followed.add(role)) {
			this.subscriptions.add(this.membership.leaderChanges(role)
				.subscribe(this::onChange, (ex) -> logger.warn("Stopped following the leader of " + role, ex)));
		}
	}

	/** One stream per role, each in order: a role's changes never race each other. */
	private void onChange(RoleLeader change) {
		String role = change.role();
		if (change.isLocal()) {
			if (this.since.putIfAbsent(role, this.clock.instant()) == null) {
				logger.info("This node now leads " + role + epoch(change) + ": its @LeaderOnly jobs run here");
			}
		}
		else if (this.since.remove(role) != null) {
			logger.info("This node no longer leads " + role + " ("
					+ change.leader().map(ClusterMember::nodeId).map((id) -> "node " + id + " does").orElse("no live member does")
					+ "): its @LeaderOnly jobs are skipped here");
		}
	}

	private static String epoch(RoleLeader change) {
		return (change.epoch() > 0) ? " (epoch " + change.epoch() + ")" : "";
	}

	@Override
	public void destroy() {
		this.subscriptions.dispose();
	}

}
