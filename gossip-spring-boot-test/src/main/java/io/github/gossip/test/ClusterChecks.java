package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;

/**
 * What the kit's assertions share: waiting in cluster time for a check to hold, and a failure message
 * that shows what each node sees and names the cluster (its seed and time).
 */
final class ClusterChecks {

	private ClusterChecks() {
	}

	/**
	 * What is wrong now, or, with a {@code limit}, at the end of advancing the cluster until nothing
	 * is (checked after every task of any node); {@code null} once the check holds.
	 * @param problem what is wrong, or {@code null} if nothing is
	 */
	static @Nullable String problem(SimulatedCluster cluster, @Nullable Duration limit,
			Supplier<@Nullable String> problem) {
		String found = problem.get();
		if (found != null && limit != null) {
			cluster.advanceUntil((c) -> problem.get() == null, limit);
			found = problem.get();
		}
		return found;
	}

	/** The failure message: the expectation, what is wrong, the views of {@code nodes}, and the cluster. */
	static String message(String expectation, @Nullable Duration limit, String problem, Collection<SimulatedNode> nodes,
			SimulatedCluster cluster) {
		StringBuilder message = new StringBuilder("Expecting ").append(expectation);
		if (limit != null) {
			message.append(" within ").append(limit).append(" of cluster time");
		}
		message.append(", but ").append(problem).append('.');
		for (SimulatedNode node : nodes) {
			message.append(System.lineSeparator()).append("  ").append(describe(node));
		}
		return message.append(System.lineSeparator()).append(cluster).toString();
	}

	/** A node and its view: {@code node 2 (running): 1 FAILED, 2 ALIVE, 3 ALIVE}. */
	static String describe(SimulatedNode node) {
		StringBuilder description = new StringBuilder("node ").append(node.id());
		if (!node.isRunning()) {
			return description.append(" (stopped)").toString();
		}
		description.append(node.isPaused() ? " (paused)" : " (running)");
		if (node.processes() > 1) {
			description.append(", process ").append(node.processes());
		}
		List<String> members = new ArrayList<>();
		for (ClusterMember member : node.membership().members()) {
			members.add(member.nodeId() + " " + member.status());
		}
		return description.append(": ").append(String.join(", ", members)).toString();
	}

	/** An event as a test reads it: {@code FAILED 1 at PT16.93S}, the time being the cluster's. */
	static String describe(ClusterEvent event) {
		String subject = (event.member() != null) ? event.member().nodeId() : "none";
		String role = (event.role() != null) ? " (" + event.role() + ")" : "";
		return event.type() + " " + subject + role + " at " + Duration.between(VirtualTime.EPOCH, event.timestamp());
	}

}
