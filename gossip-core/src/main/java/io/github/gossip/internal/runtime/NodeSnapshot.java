package io.github.gossip.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.gossip.internal.protocol.LeaderTerm;
import io.github.gossip.internal.protocol.Member;

/**
 * The protocol's view at one moment, copied on the protocol thread for readers on other threads.
 *
 * @param local this process as others see it
 * @param members every other known member, failed and departed ones included until reaped
 * @param leaders the announced leader of every role some member names that has one
 * @param namedRoles every role some member names, held or excluded
 * @param unnamedRolesLeader the announced leader of every role no member names, or null
 * @param terms this node's leadership terms by seat (a named role, or
 * {@link io.github.gossip.internal.protocol.MembershipEvent#UNNAMED_ROLES})
 * @param epochs the highest epoch known per seat
 */
public record NodeSnapshot(Member local, List<Member> members, Map<String, Member> leaders, Set<String> namedRoles,
		Member unnamedRolesLeader, Map<String, LeaderTerm> terms, Map<String, Long> epochs) {

	public NodeSnapshot {
		members = List.copyOf(members);
		leaders = Map.copyOf(leaders);
		namedRoles = Set.copyOf(namedRoles);
		terms = Map.copyOf(terms);
		epochs = Map.copyOf(epochs);
	}

	/** A view that knows no leader yet. */
	public NodeSnapshot(Member local, List<Member> members) {
		this(local, members, Map.of(), Set.of(), null, Map.of(), Map.of());
	}

	/** The leader of {@code role}, whether a member names it or not. */
	public Optional<Member> leader(String role) {
		return Optional.ofNullable(this.namedRoles.contains(role) ? this.leaders.get(role) : this.unnamedRolesLeader);
	}
}
