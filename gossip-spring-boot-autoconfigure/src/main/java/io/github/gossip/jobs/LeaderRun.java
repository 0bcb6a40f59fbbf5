package io.github.gossip.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LeaderOnly @LeaderOnly} call in progress on this node, readable from inside it through
 * {@link #current()}. Created by the gate; applications read it.
 *
 * @param role the role this node leads, as role names compare (lower case)
 * @param leaderSince when this node saw itself become the role's leader, by its own clock; the
 * start of the application when gossip is disabled
 */
public record LeaderRun(String role, Instant leaderSince) {

	public LeaderRun {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(leaderSince, "leaderSince");
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
