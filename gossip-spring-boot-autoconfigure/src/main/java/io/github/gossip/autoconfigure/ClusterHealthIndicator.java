package io.github.gossip.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.internal.runtime.GossipNode;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code cluster} health: DOWN while the node is not running, while it is isolated although it
 * has seeds to join, and for a while after another live process with the same node id was seen
 * (a configuration error that makes both processes unreliable). Details: members by state, live
 * members, the Lifeguard local health score.
 */
final class ClusterHealthIndicator extends AbstractHealthIndicator {

	/** A conflict is reported once a minute; two quiet minutes mean it is over. */
	static final Duration CONFLICT_HOLD = Duration.ofMinutes(2);

	private final NodeClusterMembership membership;

	private final boolean hasOtherSeeds;

	private final Clock clock;

	ClusterHealthIndicator(NodeClusterMembership membership, boolean hasOtherSeeds, Clock clock) {
		super("Cluster health check failed");
		this.membership = membership;
		this.hasOtherSeeds = hasOtherSeeds;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Optional<GossipNode> node = this.membership.node();
		Map<String, Integer> byState = new LinkedHashMap<>();
		for (MemberStatus status : MemberStatus.values()) {
			byState.put(status.name().toLowerCase(Locale.ROOT), 0);
		}
		int liveOthers = 0;
		for (ClusterMember member : this.membership.members()) {
			byState.merge(member.status().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
			if (!member.local() && member.status().isLive()) {
				liveOthers++;
			}
		}
		builder.withDetail("nodeId", this.membership.localMember().nodeId())
			.withDetail("members", byState)
			.withDetail("liveMembers", liveOthers + 1);
		node.ifPresent((n) -> builder.withDetail("localHealthScore", n.healthScore()));
		Optional<Instant> conflict = this.membership.lastNodeIdConflict();
		if (this.membership.isSuperseded()) {
			builder.down().withDetail("reason", "a newer process with this node id runs; this one stepped down");
		}
		else if (node.isEmpty()) {
			builder.down().withDetail("reason", "the gossip node is not running");
		}
		else if (conflict.isPresent() && conflict.get().plus(CONFLICT_HOLD).isAfter(this.clock.instant())) {
			builder.down().withDetail("reason", "another live process uses this node id").withDetail("conflictAt",
					conflict.get().toString());
		}
		else if (this.hasOtherSeeds && liveOthers == 0) {
			builder.down().withDetail("reason", "isolated: no other live member although seeds are configured");
		}
		else {
			builder.up();
		}
	}

}
