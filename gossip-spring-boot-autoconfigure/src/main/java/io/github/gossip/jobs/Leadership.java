package io.github.gossip.jobs;

import java.util.Optional;
import java.util.stream.Collectors;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.membership.ClusterMember;

/**
 * Whether this node leads a role at this moment, the one question the gate asks before each call,
 * and why not when it does not.
 */
interface Leadership {

	/**
	 * The run that a call of {@code role} would be now: present exactly when this node leads the role,
	 * with the fencing token it leads by. Asked once per call; the answer is the gate's decision.
	 * @param role a normalized role name
	 * @return the run, or empty when this node does not lead the role
	 */
	Optional<LeaderRun> run(String role);

	/**
	 * Why a call of {@code role} was skipped, for the meters and the log line; asked only after
	 * {@link #run} was empty, so it may read a later view than the decision did.
	 * @param role a normalized role name
	 */
	Skip skip(String role);

	/**
	 * One skipped call.
	 *
	 * @param outcome {@link GatedOutcome#NOT_LEADER} or {@link GatedOutcome#NO_QUORUM}
	 * @param reason why, in words, completing "Skipped X.y(): "
	 */
	record Skip(GatedOutcome outcome, String reason) {
	}

	/** A majority policy in words, such as "a majority of 1, 2, 3 (2 grants)". */
	static String describe(LeadershipPolicy policy) {
		if (policy.mode() == LeadershipPolicy.Mode.AVAILABLE) {
			return "the available policy";
		}
		if (policy.holders().isEmpty()) {
			return "the majority policy (" + policy.requiredGrants() + " grants of the role's holders)";
		}
		return "the majority policy (" + policy.requiredGrants() + " grants of "
				+ policy.holders().stream().sorted(ClusterMember.NODE_ID_ORDER).collect(Collectors.joining(", ")) + ")";
	}

}
