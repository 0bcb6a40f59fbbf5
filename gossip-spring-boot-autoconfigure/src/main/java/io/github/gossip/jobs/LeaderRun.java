package io.github.gossip.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.github.gossip.membership.FencingToken;

/**
 * A {@link LeaderOnly @LeaderOnly} call in progress on this node, readable from inside it through
 * {@link #current()}. Created by the gate; applications read it.
 * <p>
 * The gate runs a call only with the fencing token that this node holds as the role's leader at
 * that moment, and this run carries it: hand it to the store the job writes to, so that the store
 * can refuse a write from a leader that has since been superseded (see {@link FencingToken}).
 *
 * @param role the role this node leads, as role names compare (lower case)
 * @param leaderSince when this node saw itself become the role's leader, by its own clock; the
 * start of the application when gossip is disabled
 * @param token the token this node leads the role by, read once when the gate decided the call;
 * with gossip disabled, epoch 1 of this node's id (empty when none is set), instance 0
 */
public record LeaderRun(String role, Instant leaderSince, FencingToken token) {

	public LeaderRun {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(leaderSince, "leaderSince");
		Objects.requireNonNull(token, "token");
		if (!token.role().equals(role)) {
			throw new IllegalArgumentException("token " + token + " is not a token of role " + role);
		}
	}

	/**
	 * The gated call that the current thread is in, if any. Bound to the calling thread for the
	 * duration of the call: work handed to another thread does not see it.
	 * @return the innermost gated call of this thread, or empty outside of one
	 */
	public static Optional<LeaderRun> current() {
		return Optional.ofNullable(CurrentLeaderRun.get());
	}

}
