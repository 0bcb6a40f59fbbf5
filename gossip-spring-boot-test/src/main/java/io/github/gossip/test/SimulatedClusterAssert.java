package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;

/**
 * Assertions on a whole {@link SimulatedCluster}: what its running nodes see and whom they name as
 * leaders. Every failure says what each node sees and names the cluster's seed and time, so that
 * the run can be replayed. Obtained from {@link ClusterAssertions#assertThat(SimulatedCluster)}:
 * <pre class="code">
 * assertThat(cluster).within(Duration.ofMinutes(1)).hasConverged().hasLeader("purge.stores", "2");
 * assertThat(cluster).side("1").hasNoLeader("purge.stores");
 * </pre>
 * The checks look at the running nodes (started, neither killed nor left; paused ones included),
 * of the whole cluster or of one {@linkplain #side side}. A check of no running node at all fails:
 * it would hold of nothing.
 */
public final class SimulatedClusterAssert extends AbstractAssert<SimulatedClusterAssert, SimulatedCluster> {

	private @Nullable List<String> side;

	private @Nullable Duration within;

	SimulatedClusterAssert(SimulatedCluster actual) {
		super(actual, SimulatedClusterAssert.class);
	}

	/**
	 * Makes the checks that follow wait for their condition: the cluster advances until it holds,
	 * checked after every task of any node, and the check fails only if it still does not hold once
	 * {@code limit} of cluster time has passed. The clock stands at the first moment it held.
	 * @param limit the cluster time to wait at most
	 * @return this assertion
	 */
	public SimulatedClusterAssert within(Duration limit) {
		if (limit.isNegative()) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		this.within = limit;
		return this;
	}

	/**
	 * Restricts the checks that follow to {@code nodeIds}, one side of a partition: only their running
	 * nodes are checked, and {@link #hasConverged()} takes them for the whole cluster.
	 * @param nodeIds the nodes of the side
	 * @return this assertion
	 * @throws IllegalArgumentException if the cluster has no node of one of the ids
	 */
	public SimulatedClusterAssert side(String... nodeIds) {
		isNotNull();
		for (String nodeId : nodeIds) {
			this.actual.node(nodeId);
		}
		this.side = List.of(nodeIds);
		return this;
	}

	/**
	 * Checks that the running nodes agree on the membership: each sees every running node ALIVE (not
	 * SUSPECT) and no other node live, so that a failed, killed or departed node is FAILED, LEFT or
	 * forgotten everywhere. On a {@linkplain #side side}, the running nodes of the side are the
	 * cluster.
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasConverged() {
		return check(() -> "every running node " + scopeName() + " to see exactly the running nodes " + ids(running())
				+ " ALIVE", () -> {
					Set<String> expected = ids(running());
					List<String> wrong = new ArrayList<>();
					for (SimulatedNode node : running()) {
						Set<String> alive = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
						boolean suspects = false;
						for (ClusterMember member : node.membership().members()) {
							if (member.status().isLive()) {
								alive.add(member.nodeId());
								suspects |= member.status() == MemberStatus.SUSPECT;
							}
						}
						if (suspects || !alive.equals(expected)) {
							wrong.add("node " + node.id());
						}
					}
					if (wrong.isEmpty()) {
						return null;
					}
					return String.join(", ", wrong) + ((wrong.size() == 1) ? " sees otherwise" : " see otherwise");
				});
	}

	/**
	 * Checks that every running node names {@code nodeId} as the leader of {@code role} (its own view:
	 * the leader itself holds a term of the role).
	 * @param role the role, as configuration spells it
	 * @param nodeId the expected leader
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasLeader(String role, String nodeId) {
		Objects.requireNonNull(nodeId, "nodeId");
		return check(() -> "every running node " + scopeName() + " to name " + nodeId + " as the leader of " + role,
				() -> {
					List<String> wrong = new ArrayList<>();
					for (SimulatedNode node : running()) {
						Optional<String> named = leaderNamedBy(node, role);
						if (!named.equals(Optional.of(nodeId))) {
							wrong.add("node " + node.id() + " names " + named.orElse("none"));
						}
					}
					return wrong.isEmpty() ? null : String.join(", ", wrong);
				});
	}

	/**
	 * Checks that exactly one running node leads {@code role} ({@code isLeader} is true on it) and that
	 * every running node names it as the leader.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasOneLeader(String role) {
		return check(() -> "exactly one running node " + scopeName() + " to lead " + role + ", named by all", () -> {
			Set<String> leading = leading(role);
			if (leading.size() != 1) {
				return leading.isEmpty() ? "none leads" : joined(leading) + " lead";
			}
			String leader = leading.iterator().next();
			List<String> wrong = new ArrayList<>();
			for (SimulatedNode node : running()) {
				Optional<String> named = leaderNamedBy(node, role);
				if (!named.equals(Optional.of(leader))) {
					wrong.add("node " + node.id() + " names " + named.orElse("none"));
				}
			}
			return wrong.isEmpty() ? null : leader + " leads, but " + String.join(", ", wrong);
		});
	}

	/**
	 * Checks that no running node leads {@code role} and none names a leader of it: as after every
	 * holder of the role failed, or on the minority side of a split under the majority policy.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasNoLeader(String role) {
		return check(() -> "no running node " + scopeName() + " to lead " + role + " or name a leader of it", () -> {
			List<String> wrong = new ArrayList<>();
			for (SimulatedNode node : running()) {
				leaderNamedBy(node, role).ifPresent((named) -> wrong.add("node " + node.id() + " names " + named));
			}
			return wrong.isEmpty() ? null : String.join(", ", wrong);
		});
	}

	/**
	 * Checks that at most one running node leads {@code role} at this moment ({@code isLeader} is true
	 * on it): what the majority policy promises across a split, which the available policy does not.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasAtMostOneLeader(String role) {
		return check(() -> "at most one running node " + scopeName() + " to lead " + role, () -> {
			Set<String> leading = leading(role);
			return (leading.size() <= 1) ? null : joined(leading) + " lead";
		});
	}

	/**
	 * Checks that the running nodes (of the {@linkplain #side side}) are exactly {@code nodeIds}.
	 * @param nodeIds the ids of the nodes expected to run
	 * @return this assertion
	 */
	public SimulatedClusterAssert hasRunningNodes(String... nodeIds) {
		Set<String> expected = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
		expected.addAll(List.of(nodeIds));
		return checkAnyRunning(() -> "the running nodes " + scopeName() + " to be " + expected, () -> {
			Set<String> running = ids(running());
			return running.equals(expected) ? null : "they are " + running;
		});
	}

	/**
	 * Checks that no node (of the {@linkplain #side side}), running or not, saw an event of
	 * {@code type} in any of its processes: {@code noNodeSaw(FAILED)} after loss that must not fail
	 * anybody, say.
	 * @param type the type of event
	 * @return this assertion
	 */
	public SimulatedClusterAssert noNodeSaw(ClusterEvent.Type type) {
		return noneSaw(type, null);
	}

	/**
	 * Checks that no node (of the {@linkplain #side side}), running or not, saw an event of
	 * {@code type} about {@code nodeId} in any of its processes.
	 * @param type the type of event
	 * @param nodeId the member the event is about; for {@code LEADER_CHANGED}, the new leader
	 * @return this assertion
	 */
	public SimulatedClusterAssert noNodeSaw(ClusterEvent.Type type, String nodeId) {
		return noneSaw(type, Objects.requireNonNull(nodeId, "nodeId"));
	}

	private SimulatedClusterAssert noneSaw(ClusterEvent.Type type, @Nullable String nodeId) {
		Objects.requireNonNull(type, "type");
		return checkAnyRunning(() -> "no node " + scopeName() + " to have seen " + type
				+ ((nodeId != null) ? " of " + nodeId : ""), () -> {
					List<String> seen = new ArrayList<>();
					for (SimulatedNode node : scope()) {
						for (ClusterEvent event : node.events()) {
							if (SimulatedNodeAssert.matches(event, type, nodeId)) {
								seen.add("node " + node.id() + " saw " + ClusterChecks.describe(event));
							}
						}
					}
					return seen.isEmpty() ? null : String.join(", ", seen);
				});
	}

	/**
	 * Assertions on one node of this cluster, waiting as this one does if {@link #within} was set.
	 * @param nodeId the node's id
	 * @return the node's assertion
	 * @throws IllegalArgumentException if the cluster has no such node
	 */
	public SimulatedNodeAssert node(String nodeId) {
		isNotNull();
		SimulatedNodeAssert node = new SimulatedNodeAssert(this.actual.node(nodeId));
		return (this.within != null) ? node.within(this.within) : node;
	}

	/** A check that fails also when no node of its scope runs. */
	private SimulatedClusterAssert check(Supplier<String> expectation, Supplier<@Nullable String> problem) {
		return checkAnyRunning(expectation, () -> running().isEmpty() ? "no node " + scopeName() + " runs" : problem.get());
	}

	private SimulatedClusterAssert checkAnyRunning(Supplier<String> expectation,
			Supplier<@Nullable String> problem) {
		isNotNull();
		String found = ClusterChecks.problem(this.actual, this.within, problem);
		if (found != null) {
			failWithMessage("%s", ClusterChecks.message(expectation.get(), this.within, found, scope(), this.actual));
		}
		return this;
	}

	/** The nodes checked: those of the side, or all. */
	private List<SimulatedNode> scope() {
		if (this.side == null) {
			return this.actual.nodes();
		}
		return this.side.stream().map(this.actual::node).toList();
	}

	private List<SimulatedNode> running() {
		return scope().stream().filter(SimulatedNode::isRunning).toList();
	}

	private String scopeName() {
		return (this.side != null) ? "of " + this.side : "of the cluster";
	}

	private Set<String> leading(String role) {
		Set<String> leading = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
		for (SimulatedNode node : running()) {
			if (node.membership().isLeader(role)) {
				leading.add(node.id());
			}
		}
		return leading;
	}

	private static Optional<String> leaderNamedBy(SimulatedNode node, String role) {
		return node.membership().leader(role).map(ClusterMember::nodeId);
	}

	private static Set<String> ids(List<SimulatedNode> nodes) {
		Set<String> ids = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
		nodes.forEach((node) -> ids.add(node.id()));
		return ids;
	}

	private static String joined(Set<String> ids) {
		return String.join(" and ", ids);
	}

}
