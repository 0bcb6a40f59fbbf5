package io.github.gossip.sample;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.membership.RoleLeader;

/**
 * A cluster view that a test sets by hand, for testing the web layer without sockets.
 */
final class FakeClusterMembership implements ClusterMembership {

	private final String localNodeId;

	private final Map<String, ClusterMember> members = new LinkedHashMap<>();

	private final Map<String, ClusterMember> leaders = new LinkedHashMap<>();

	private final Map<String, Long> epochs = new LinkedHashMap<>();

	private final Sinks.Many<ClusterEvent> changes = Sinks.many().multicast().directBestEffort();

	FakeClusterMembership(String localNodeId) {
		this.localNodeId = localNodeId;
	}

	static ClusterMember member(String nodeId, MemberStatus status, boolean local, String... roles) {
		return new ClusterMember(nodeId, new InetSocketAddress("127.0.0.1", 11790 + nodeId.length()), status, 1,
				Set.of(roles), Map.of(), local);
	}

	FakeClusterMembership with(ClusterMember member) {
		this.members.put(member.nodeId(), member);
		return this;
	}

	/** Makes {@code nodeId} the leader of {@code role}, at the next epoch of the role. */
	FakeClusterMembership leading(String role, String nodeId) {
		this.leaders.put(role, this.members.get(nodeId));
		this.epochs.merge(role, 1L, Long::sum);
		return this;
	}

	/** Changes the view and emits the event to the current subscribers. */
	void emit(ClusterEvent.Type type, ClusterMember member) {
		this.members.put(member.nodeId(), member);
		this.changes.tryEmitNext(new ClusterEvent(type, member, null, Instant.now()));
	}

	void overflow() {
		this.changes.tryEmitError(new io.github.gossip.membership.ClusterEventsOverflowException(16));
	}

	@Override
	public ClusterMember localMember() {
		return this.members.get(this.localNodeId);
	}

	@Override
	public List<ClusterMember> members() {
		return new ArrayList<>(this.members.values());
	}

	@Override
	public Optional<ClusterMember> member(String nodeId) {
		return Optional.ofNullable(this.members.get(nodeId));
	}

	@Override
	public Flux<ClusterEvent> events(boolean withCurrentView) {
		if (!withCurrentView) {
			return this.changes.asFlux();
		}
		Instant now = Instant.now();
		List<ClusterEvent> current = new ArrayList<>();
		this.members.values().forEach((member) -> current.add(new ClusterEvent(ClusterEvent.Type.CURRENT, member, null, now)));
		this.leaders.forEach((role, leader) -> current.add(new ClusterEvent(ClusterEvent.Type.LEADER_CHANGED, leader, role, now)));
		return Flux.concat(Flux.fromIterable(current), this.changes.asFlux());
	}

	@Override
	public Map<String, ClusterMember> leaders() {
		return Map.copyOf(this.leaders);
	}

	@Override
	public Optional<ClusterMember> leader(String role) {
		return Optional.ofNullable(this.leaders.get(role));
	}

	@Override
	public Optional<FencingToken> fencingToken(String role) {
		return isLeader(role) ? Optional.of(new FencingToken(role, leaderEpoch(role), this.localNodeId, 1))
				: Optional.empty();
	}

	@Override
	public long leaderEpoch(String role) {
		return this.epochs.getOrDefault(role, 0L);
	}

	@Override
	public Flux<RoleLeader> leaderChanges(String role) {
		return Flux.just(new RoleLeader(role, leader(role), leaderEpoch(role)));
	}

	@Override
	public void updateMetadata(Map<String, String> metadata) {
		throw new UnsupportedOperationException();
	}

}
