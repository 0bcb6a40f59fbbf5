package io.github.gossip.internal.config;

import io.github.gossip.internal.runtime.RoleNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which nodes hold which role, from {@code cluster.roles.*}, with Stalwart's semantics: a node holds
 * a role when the role's list names it, or when the list is absent or empty (every node holds it).
 *
 * @param assignments role name (such as {@code purge.stores}) to the node ids listed for it
 */
public record RoleAssignments(Map<String, List<NodeId>> assignments) {

	/** The roles documented by Stalwart, each described in the configuration metadata. */
	public static final List<String> WELL_KNOWN_ROLES = List.of("purge.stores", "purge.accounts", "acme.renew",
			"metrics.calculate", "metrics.push");

	public RoleAssignments {
		TreeMap<String, List<NodeId>> copy = new TreeMap<>();
		assignments.forEach((role, ids) -> copy.put(normalize(role), List.copyOf(ids)));
		assignments = java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * Role names compare without regard to case, as Spring Boot's relaxed binding treats property
	 * names: {@code cluster.roles.Purge.Stores} names the role {@code purge.stores}.
	 */
	public static String normalize(String role) {
		return RoleNames.normalize(role);
	}

	/** Whether {@code node} holds {@code role}; a node without an id holds only unrestricted roles. */
	public boolean holds(String role, Optional<NodeId> node) {
		List<NodeId> listed = this.assignments.get(normalize(role));
		if (listed == null || listed.isEmpty()) {
			return true;
		}
		return node.isPresent() && listed.contains(node.get());
	}

	/**
	 * The named roles (the documented five and every role the configuration lists) that {@code node}
	 * holds: what it announces as held, for people to read.
	 */
	public SortedSet<String> heldNamedRoles(Optional<NodeId> node) {
		SortedSet<String> held = named();
		held.removeIf((role) -> !holds(role, node));
		return held;
	}

	/**
	 * The named roles that {@code node} does not hold. Every member must reach the same answer from
	 * announcements alone, also while members' configurations differ: so a node announces the roles
	 * its configuration names for others only, and holds every other role.
	 */
	public SortedSet<String> excludedNamedRoles(Optional<NodeId> node) {
		SortedSet<String> excluded = named();
		excluded.removeIf((role) -> holds(role, node));
		return excluded;
	}

	private SortedSet<String> named() {
		SortedSet<String> named = new TreeSet<>(WELL_KNOWN_ROLES);
		named.addAll(this.assignments.keySet());
		return named;
	}

	/** The node ids listed for a role; empty when every node holds it. */
	public List<NodeId> listed(String role) {
		return this.assignments.getOrDefault(normalize(role), List.of());
	}

}
