package io.github.gossip.testsupport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.membership.RoleLeader;

/**
 * Leadership set by hand through the public interface only: each role is led by the node a test
 * names, and {@link #leaderChanges} tells at once, on the caller's thread. Every change to another
 * leader raises the role's epoch by one, and the local node holds the token of the current epoch
 * while it leads, as the real membership hands them out; {@link #token} overrides the token for
 * views in transition.
 */
public final class FakeMembership implements ClusterMembership {

	/** The instance of the local node's tokens. */
	public static final long INSTANCE = 0x18c3fL;

	private final String localNodeId;

	private final Map<String, String> leaders = new ConcurrentHashMap<>();

	private final Map<String, Long> epochs = new ConcurrentHashMap<>();

	private final Map<String, Optional<FencingToken>> tokens = new ConcurrentHashMap<>();

	private final Map<String, Sinks.Many<RoleLeader>> changes = new ConcurrentHashMap<>();

	private final List<ClusterMember> others = new java.util.concurrent.CopyOnWriteArrayList<>();

	public FakeMembership(String localNodeId) {
		this.localNodeId = localNodeId;
	}

	/** Lists {@code member} in {@link #members} after the local member. */
	public FakeMembership with(ClusterMember member) {
		this.others.add(member);
		return this;
	}

	/** Makes {@code nodeId} the leader of {@code role}; {@code null} for no leader. */
	public FakeMembership lead(String role, String nodeId) {
		this.tokens.remove(role);
		if (nodeId == null) {
			this.leaders.remove(role);
		}
		else if (!nodeId.equals(this.leaders.put(role, nodeId))) {
			this.epochs.merge(role, 1L, Long::sum);
		}
		sink(role).tryEmitNext(new RoleLeader(role, leader(role), leaderEpoch(role))).orThrow();
		return this;
	}

	/**
	 * Makes {@link #fencingToken} answer {@code token} for {@code role} (empty for none) whoever
	 * leads, until the next {@link #lead}: a token and a leader read apart may disagree.
	 */
	public FakeMembership token(String role, Optional<FencingToken> token) {
		this.tokens.put(role, token);
		return this;
	}

	private Sinks.Many<RoleLeader> sink(String role) {
		return this.changes.computeIfAbsent(role, (r) -> Sinks.many().replay().latest());
	}

	private ClusterMember memberOf(String nodeId) {
		return new ClusterMember(nodeId, new InetSocketAddress("127.0.0.1", 11790), MemberStatus.ALIVE, 0, Set.of(),
				Map.of(), nodeId.equals(this.localNodeId));
	}

	@Override
	public ClusterMember localMember() {
		return memberOf(this.localNodeId);
	}

	@Override
	public List<ClusterMember> members() {
		List<ClusterMember> all = new java.util.ArrayList<>(List.of(localMember()));
		all.addAll(this.others);
		return List.copyOf(all);
	}

	@Override
	public Optional<ClusterMember> member(String nodeId) {
		return Optional.of(memberOf(nodeId));
	}

	@Override
	public Flux<ClusterEvent> events(boolean withCurrentView) {
		return Flux.never();
	}

	@Override
	public Map<String, ClusterMember> leaders() {
		Map<String, ClusterMember> all = new ConcurrentHashMap<>();
		this.leaders.forEach((role, nodeId) -> all.put(role, memberOf(nodeId)));
		return all;
	}

	@Override
	public Optional<ClusterMember> leader(String role) {
		return Optional.ofNullable(this.leaders.get(role)).map(this::memberOf);
	}

	@Override
	public Optional<FencingToken> fencingToken(String role) {
		Optional<FencingToken> override = this.tokens.get(role);
		if (override != null) {
			return override;
		}
		return isLeader(role) ? Optional.of(new FencingToken(role, leaderEpoch(role), this.localNodeId, INSTANCE))
				: Optional.empty();
	}

	@Override
	public long leaderEpoch(String role) {
		return this.epochs.getOrDefault(role, 0L);
	}

	@Override
	public Flux<RoleLeader> leaderChanges(String role) {
		Sinks.Many<RoleLeader> sink = sink(role);
		if (sink.currentSubscriberCount() == 0 && !this.leaders.containsKey(role)) {
			sink.tryEmitNext(new RoleLeader(role, Optional.empty(), leaderEpoch(role)));
		}
		return sink.asFlux();
	}

	@Override
	public void updateMetadata(Map<String, String> metadata) {
		throw new UnsupportedOperationException();
	}

}
