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

import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.RoleLeader;

import org.springframework.beans.factory.DisposableBean;

/**
 * Leadership as the cluster decides it: {@link ClusterMembership#isLeader(String)} at the moment of
 * each call. Follows {@link ClusterMembership#leaderChanges(String)} of every gated role, from before
 * the node starts, to know since when this node leads and to say so: one INFO line when this node
 * starts or stops leading a role, none when the leadership moves between other members.
 */
final class MembershipLeadership implements Leadership, DisposableBean {

	private static final Log logger = LogFactory.getLog(MembershipLeadership.class);

	private final ClusterMembership membership;

	private final Clock clock;

	/** Since when this node leads each role it leads, as the leader stream told. */
	private final Map<String, Instant> since = new ConcurrentHashMap<>();

	private final Set<String> followed = ConcurrentHashMap.newKeySet();

	private final Disposable.Composite subscriptions = Disposables.composite();

	MembershipLeadership(ClusterMembership membership, GatedRoles roles, Clock clock) {
		this.membership = membership;
		this.clock = clock;
		roles.follow(this::follow);
	}

	@Override
	public Optional<Instant> leadingSince(String role) {
		follow(role);
		if (!this.membership.isLeader(role)) {
			return Optional.empty();
		}
		// The stream tells a moment later than the view: until it does, leadership began no earlier
		// than now. Not stored, so that a stale moment can never outlive a loss of leadership.
		return Optional.of(this.since.getOrDefault(role, this.clock.instant()));
	}

	@Override
	public String describeLeader(String role) {
		return this.membership.leader(role)
			.map((leader) -> "its leader is node " + leader.nodeId())
			.orElse("no live member holds it");
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
				logger.info("This node now leads " + role + ": its @LeaderOnly jobs run here");
			}
		}
		else if (this.since.remove(role) != null) {
			logger.info("This node no longer leads " + role + " ("
					+ change.leader().map(ClusterMember::nodeId).map((id) -> "node " + id + " does").orElse("no live member does")
					+ "): its @LeaderOnly jobs are skipped here");
		}
	}

	@Override
	public void destroy() {
		this.subscriptions.dispose();
	}

}
