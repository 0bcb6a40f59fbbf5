package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

import io.github.gossip.internal.runtime.RoleNames;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;

/**
 * Assertions on one {@link SimulatedNode}: what it sees, whom it names as leaders, which events it
 * saw. Every failure shows the node's view and names the cluster's seed and time, so that the run can
 * be replayed. Obtained from {@link ClusterAssertions#assertThat(SimulatedNode)}:
 * <pre class="code">
 * assertThat(cluster.node("3")).sees("1", MemberStatus.FAILED).hasLeader("purge.stores", "2");
 * assertThat(cluster.node("2")).sawLeaderChanges("purge.stores").containsExactly("1", "2");
 * </pre>
 * The view checks read the node's current {@link SimulatedNode#membership() membership}: that of its
 * running process, or the last one of a stopped node (which shows itself LEFT and leads nothing).
 * The event checks read {@link SimulatedNode#events()}: every process's, in order.
 */
public final class SimulatedNodeAssert extends AbstractAssert<SimulatedNodeAssert, SimulatedNode> {

	private @Nullable Duration within;

	SimulatedNodeAssert(SimulatedNode actual) {
		super(actual, SimulatedNodeAssert.class);
	}

	/**
	 * Makes the checks that follow wait for their condition: the cluster advances until it holds,
	 * checked after every task of any node, and the check fails only if it still does not hold once
	 * {@code limit} of cluster time has passed. The clock stands at the first moment it held.
	 * @param limit the cluster time to wait at most
	 * @return this assertion
	 */
	public SimulatedNodeAssert within(Duration limit) {
		if (limit.isNegative()) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		this.within = limit;
		return this;
	}

	/**
	 * Checks that the node's process runs: started, neither killed nor left.
	 * @return this assertion
	 */
	public SimulatedNodeAssert isRunning() {
		return check(() -> "node " + this.actual.id() + " to run", () -> this.actual.isRunning() ? null : "it is stopped");
	}

	/**
	 * Checks that the node's process does not run: killed, left, or superseded.
	 * @return this assertion
	 */
	public SimulatedNodeAssert isNotRunning() {
		return check(() -> "node " + this.actual.id() + " not to run",
				() -> this.actual.isRunning() ? "it runs" : null);
	}

	/**
	 * Checks how many processes of the node started: 1, and one more for each restart.
	 * @param count the expected number of processes
	 * @return this assertion
	 */
	public SimulatedNodeAssert hasProcesses(int count) {
		return check(() -> "node " + this.actual.id() + " to have started " + count + " processes",
				() -> (this.actual.processes() == count) ? null : "it started " + this.actual.processes());
	}

	/**
	 * Checks that the node sees {@code nodeId} with {@code status}; {@code nodeId} may be the node's
	 * own (which it sees ALIVE while it runs).
	 * @param nodeId the member
	 * @param status the expected status
	 * @return this assertion
	 */
	public SimulatedNodeAssert sees(String nodeId, MemberStatus status) {
		Objects.requireNonNull(status, "status");
		return check(() -> "node " + this.actual.id() + " to see " + nodeId + " " + status,
				() -> {
					ClusterMember member = this.actual.membership().member(nodeId).orElse(null);
					if (member == null) {
						return "it does not know " + nodeId;
					}
					return (member.status() == status) ? null : "it sees " + nodeId + " " + member.status();
				});
	}

	/**
	 * Checks that the live members (ALIVE or SUSPECT) the node sees are exactly {@code nodeIds}, its
	 * own id included.
	 * @param nodeIds the ids of the members expected live
	 * @return this assertion
	 */
	public SimulatedNodeAssert seesLive(String... nodeIds) {
		Set<String> expected = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
		expected.addAll(List.of(nodeIds));
		return check(() -> "node " + this.actual.id() + " to see exactly " + expected + " live", () -> {
			Set<String> live = new TreeSet<>(ClusterMember.NODE_ID_ORDER);
			this.actual.membership()
				.members()
				.stream()
				.filter((member) -> member.status().isLive())
				.forEach((member) -> live.add(member.nodeId()));
			return live.equals(expected) ? null : "it sees " + live + " live";
		});
	}

	/**
	 * Checks that the node knows nothing of {@code nodeId}: never heard of it, or forgot it once it
	 * had failed or left for long enough.
	 * @param nodeId the member
	 * @return this assertion
	 */
	public SimulatedNodeAssert doesNotKnow(String nodeId) {
		return check(() -> "node " + this.actual.id() + " not to know " + nodeId,
				() -> this.actual.membership()
					.member(nodeId)
					.map((member) -> "it sees " + nodeId + " " + member.status())
					.orElse(null));
	}

	/**
	 * Checks that the node leads {@code role} now: {@code isLeader} is true, as a
	 * {@code runIfLeader} on it would run.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedNodeAssert leads(String role) {
		return check(() -> "node " + this.actual.id() + " to lead " + role,
				() -> this.actual.membership().isLeader(role) ? null : "it does not; it names " + named(role));
	}

	/**
	 * Checks that the node does not lead {@code role} now.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedNodeAssert doesNotLead(String role) {
		return check(() -> "node " + this.actual.id() + " not to lead " + role,
				() -> this.actual.membership().isLeader(role) ? "it does" : null);
	}

	/**
	 * Checks that the node names {@code nodeId} as the leader of {@code role}.
	 * @param role the role, as configuration spells it
	 * @param nodeId the expected leader
	 * @return this assertion
	 */
	public SimulatedNodeAssert hasLeader(String role, String nodeId) {
		Objects.requireNonNull(nodeId, "nodeId");
		return check(() -> "node " + this.actual.id() + " to name " + nodeId + " as the leader of " + role,
				() -> named(role).equals(nodeId) ? null : "it names " + named(role));
	}

	/**
	 * Checks that the node names no leader of {@code role}.
	 * @param role the role, as configuration spells it
	 * @return this assertion
	 */
	public SimulatedNodeAssert hasNoLeader(String role) {
		return check(() -> "node " + this.actual.id() + " to name no leader of " + role,
				() -> this.actual.membership().leader(role).map((leader) -> "it names " + leader.nodeId()).orElse(null));
	}

	/**
	 * Checks that the node saw an event of {@code type} about {@code nodeId}, in any of its processes.
	 * @param type the type of event
	 * @param nodeId the member the event is about; for {@code LEADER_CHANGED}, the new leader
	 * @return this assertion
	 */
	public SimulatedNodeAssert sawEvent(ClusterEvent.Type type, String nodeId) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(nodeId, "nodeId");
		return check(() -> "node " + this.actual.id() + " to have seen " + type + " of " + nodeId, () -> {
			if (this.actual.events().stream().anyMatch((event) -> matches(event, type, nodeId))) {
				return null;
			}
			List<String> about = new ArrayList<>();
			for (ClusterEvent event : this.actual.events()) {
				if (event.member() != null && event.member().nodeId().equals(nodeId)) {
					about.add(ClusterChecks.describe(event));
				}
			}
			return about.isEmpty() ? "it saw no event of " + nodeId
					: "of " + nodeId + " it saw only " + String.join(", ", about);
		});
	}

	/**
	 * Checks that the node saw no event of {@code type}, in any of its processes.
	 * @param type the type of event
	 * @return this assertion
	 */
	public SimulatedNodeAssert sawNoEvent(ClusterEvent.Type type) {
		return sawNone(type, null);
	}

	/**
	 * Checks that the node saw no event of {@code type} about {@code nodeId}, in any of its processes:
	 * {@code sawNoEvent(FAILED, "2")} when node 2 was only paused briefly, say.
	 * @param type the type of event
	 * @param nodeId the member the event is about; for {@code LEADER_CHANGED}, the new leader
	 * @return this assertion
	 */
	public SimulatedNodeAssert sawNoEvent(ClusterEvent.Type type, String nodeId) {
		return sawNone(type, Objects.requireNonNull(nodeId, "nodeId"));
	}

	/**
	 * The leaders of {@code role} in the order the node saw them change, from its
	 * {@code LEADER_CHANGED} events of all its processes: a node id per change, {@code null} for a
	 * change to no leader. A failure of the returned assertion names the cluster as well.
	 * <pre class="code">
	 * assertThat(node).sawLeaderChanges("purge.stores").containsExactly("1", "2");
	 * </pre>
	 * @param role the role, as configuration spells it
	 * @return an assertion on the node ids
	 */
	public ListAssert<@Nullable String> sawLeaderChanges(String role) {
		isNotNull();
		String normalized = RoleNames.normalize(role);
		List<@Nullable String> leaders = new ArrayList<>();
		for (ClusterEvent event : this.actual.events()) {
			if (event.type() == ClusterEvent.Type.LEADER_CHANGED && normalized.equals(event.role())) {
				leaders.add((event.member() != null) ? event.member().nodeId() : null);
			}
		}
		return Assertions.assertThat(leaders)
			.as("the leaders of %s in the order node %s saw them; %s", normalized, this.actual.id(),
					this.actual.cluster());
	}

	private SimulatedNodeAssert sawNone(ClusterEvent.Type type, @Nullable String nodeId) {
		Objects.requireNonNull(type, "type");
		return check(() -> "node " + this.actual.id() + " to have seen no " + type
				+ ((nodeId != null) ? " of " + nodeId : ""), () -> {
					List<String> seen = new ArrayList<>();
					for (ClusterEvent event : this.actual.events()) {
						if (matches(event, type, nodeId)) {
							seen.add(ClusterChecks.describe(event));
						}
					}
					return seen.isEmpty() ? null : "it saw " + String.join(", ", seen);
				});
	}

	/** Whether {@code event} is of {@code type} and about {@code nodeId}, or about anyone if that is null. */
	static boolean matches(ClusterEvent event, ClusterEvent.Type type, @Nullable String nodeId) {
		return event.type() == type
				&& (nodeId == null || (event.member() != null && event.member().nodeId().equals(nodeId)));
	}

	private String named(String role) {
		return this.actual.membership().leader(role).map(ClusterMember::nodeId).orElse("none");
	}

	private SimulatedNodeAssert check(Supplier<String> expectation, Supplier<@Nullable String> problem) {
		isNotNull();
		SimulatedCluster cluster = this.actual.cluster();
		String found = ClusterChecks.problem(cluster, this.within, problem);
		if (found != null) {
			failWithMessage("%s", ClusterChecks.message(expectation.get(), this.within, found, List.of(this.actual),
					cluster));
		}
		return this;
	}

}
