package io.github.gossip.membership;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Flux;

/**
 * The cluster as this node sees it: the entry point for applications. One bean of this type
 * exists while the gossip service is enabled ({@code cluster.bind-addr} and {@code cluster.key}
 * set).
 * <p>
 * Roles come in two flavours. {@code @ConditionalOnRole} decides once, at start-up, from
 * configuration, whether this node may run a role's beans at all. Leadership ({@link #isLeader})
 * is decided at run time among the live members that hold a role, so a job meant to run once per
 * cluster normally runs on one node and moves when that node fails. In a Spring application,
 * put the starter's {@code @LeaderOnly("acme.renew")} beside {@code @Scheduled}; by hand, or in
 * plain Java:
 * <pre class="code">
 * &#64;Scheduled(fixedDelay = 60_000)
 * void renewCertificates() {
 *     membership.runIfLeader("acme.renew", this::renew);
 * }
 * </pre>
 * By default leadership follows this node's view, which the cluster agrees on only eventually:
 * while views settle two nodes may briefly both lead, and during a network partition each side
 * elects its own leader. A role with the {@code majority} policy has at most one leader at any
 * moment, and none on a minority side. Either way the leader holds a {@link FencingToken} to hand
 * to the store it writes to, which lets the store refuse a superseded leader.
 */
public interface ClusterMembership {

	/** This node. */
	ClusterMember localMember();

	/**
	 * Every member this node knows, itself included, failed and departed ones until removed, ordered
	 * by node id (numerically when ids are numeric, as leadership orders them).
	 */
	List<ClusterMember> members();

	/** The member with {@code nodeId}, if known. */
	Optional<ClusterMember> member(String nodeId);

	/** A hot stream of changes from the moment of subscription; see {@link #events(boolean)}. */
	default Flux<ClusterEvent> events() {
		return events(false);
	}

	/**
	 * A hot stream of membership changes, in the order the node saw them. With
	 * {@code withCurrentView}, the stream starts with one {@link ClusterEvent.Type#CURRENT} event per
	 * known member and one {@link ClusterEvent.Type#LEADER_CHANGED} per current leader, with no gap
	 * or overlap before the first change.
	 * <p>
	 * Each subscriber has a bounded buffer. A subscriber that falls so far behind that the buffer
	 * fills is not silently skipped: its stream ends with a {@link ClusterEventsOverflowException};
	 * resubscribe with {@code events(true)} to start again from a fresh view.
	 */
	Flux<ClusterEvent> events(boolean withCurrentView);

	/** The current leader of every role that some member names (held or excluded) and that has one. */
	Map<String, ClusterMember> leaders();

	/**
	 * The current leader of {@code role}: the lowest live member that holds it. A member holds every
	 * role its configuration does not name for other nodes only, so a role that no member names is
	 * led by the lowest live member.
	 */
	Optional<ClusterMember> leader(String role);

	/** Whether this node currently leads {@code role}. */
	default boolean isLeader(String role) {
		return leader(role).map(ClusterMember::local).orElse(false);
	}

	/**
	 * The token this node holds as the leader of {@code role}, present exactly while
	 * {@link #isLeader(String)} is true.
	 */
	default Optional<FencingToken> fencingToken(String role) {
		return Optional.empty();
	}

	/**
	 * The highest leadership epoch of {@code role} this node knows, 0 when it knows none; it never
	 * decreases while the node runs.
	 */
	default long leaderEpoch(String role) {
		return 0;
	}

	/**
	 * Runs {@code task} on the caller's thread if, and only if, this node currently leads
	 * {@code role}.
	 * @return whether the task ran
	 */
	default boolean runIfLeader(String role, Runnable task) {
		if (!isLeader(role)) {
			return false;
		}
		task.run();
		return true;
	}

	/**
	 * The leader of {@code role} now, then at every change, including "no leader" when this node
	 * stops or steps down; the stream ends once the node has stopped.
	 */
	Flux<RoleLeader> leaderChanges(String role);

	/**
	 * Replaces this node's user metadata and gossips it; every member sees an
	 * {@link ClusterEvent.Type#UPDATED} event. The node's application version
	 * ({@link ClusterMember#APP_VERSION_KEY}) stays as configured: {@code metadata} need not carry it,
	 * and may carry it only with the value this node announces.
	 * @throws IllegalArgumentException if the metadata with this node's role names exceeds the size
	 * limit, a key or value is too long, or it sets the application version to another value; the
	 * message says what is allowed
	 */
	void updateMetadata(Map<String, String> metadata);
}
