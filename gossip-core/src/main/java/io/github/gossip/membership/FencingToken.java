package io.github.gossip.membership;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a role's leader hands to the store it writes to, so that the store can refuse a leader that
 * has been superseded: the store remembers the highest token it accepted for the role and refuses
 * a write that carries a lower one (ShedLock's and Kleppmann's fencing). Only the leader holds a
 * token, through {@link ClusterMembership#fencingToken(String)}.
 * <p>
 * Tokens are ordered by epoch, then node id, then instance. Two different leaders (two nodes, or
 * two runs of one node) never hold equal tokens. A leader's epoch is higher than every epoch of
 * the role it has seen, and it claims a higher one as soon as it sees a token of the role above its
 * own; with the {@code majority} policy the epoch alone strictly increases from one leader to the
 * next across the cluster, because every new leader learns it from a majority that granted the
 * previous one.
 *
 * @param role the role, as role names compare (lower case)
 * @param epoch the leadership epoch of the role, at least 1
 * @param nodeId the leader's node id
 * @param instance the leader's process instance, different for every start of a node
 */
public record FencingToken(String role, long epoch, String nodeId, long instance)
		implements Comparable<FencingToken> {

	private static final Comparator<FencingToken> ORDER = Comparator.comparingLong(FencingToken::epoch)
		.thenComparing(FencingToken::nodeId, ClusterMember.NODE_ID_ORDER)
		.thenComparing(FencingToken::instance, Long::compareUnsigned);

	public FencingToken {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(nodeId, "nodeId");
		if (epoch < 1) {
			throw new IllegalArgumentException("epoch " + epoch + "; allowed: at least 1");
		}
	}

	/** By epoch, then node id (as leadership orders them), then instance; roles are not compared. */
	@Override
	public int compareTo(FencingToken other) {
		return ORDER.compare(this, other);
	}

	/** For example {@code acme.renew@7:node-2#18c3f...}. */
	@Override
	public String toString() {
		return this.role + "@" + this.epoch + ":" + this.nodeId + "#" + Long.toHexString(this.instance);
	}

}
