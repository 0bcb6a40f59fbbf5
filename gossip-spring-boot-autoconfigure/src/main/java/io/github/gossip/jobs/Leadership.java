package io.github.gossip.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether this node leads a role at this moment, the one question the gate asks before each call.
 */
interface Leadership {

	/**
	 * When this node became the leader of {@code role}, if it leads the role now.
	 * @param role a normalized role name
	 * @return since when this node leads, empty when it does not
	 */
	Optional<Instant> leadingSince(String role);

	/** Why this node does not lead {@code role}, in words, for the log line of a skipped call. */
	String describeLeader(String role);

}
