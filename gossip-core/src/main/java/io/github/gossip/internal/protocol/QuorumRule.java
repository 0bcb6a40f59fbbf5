package io.github.gossip.internal.protocol;

import java.util.Objects;
import java.util.Set;

/**
 * A role with the majority policy: who votes for its leader and how many grants a leader needs.
 *
 * @param holders the node ids that vote, or empty when every live member holding the role votes
 * @param grants how many unexpired grants a member needs to lead: a strict majority of
 * {@code holders}, or the configured quorum
 */
public record QuorumRule(Set<String> holders, int grants) {

	public QuorumRule {
		holders = Set.copyOf(Objects.requireNonNull(holders, "holders"));
		if (grants < 1 || (!holders.isEmpty() && grants != holders.size() / 2 + 1)) {
			throw new IllegalArgumentException("grants " + grants + " for holders " + holders);
		}
	}

	/** A strict majority of {@code holders}. */
	public static QuorumRule majorityOf(Set<String> holders) {
		return new QuorumRule(holders, holders.size() / 2 + 1);
	}

	/** {@code grants} of whichever members hold the role. */
	public static QuorumRule quorum(int grants) {
		return new QuorumRule(Set.of(), grants);
	}

	/** Whether {@code nodeId}, holding the role by its metadata, votes. */
	boolean votes(String nodeId, boolean holdsRole) {
		return this.holders.isEmpty() ? holdsRole : this.holders.contains(nodeId);
	}

}
