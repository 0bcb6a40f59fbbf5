package io.github.gossip.internal.protocol;

/**
 * This node's leadership of one role: the epoch it claims, since when, and until when on the
 * protocol's clock. The runtime compares {@code untilMillis} with its clock at every question, so
 * a lease that runs out between two inputs (a pause) is over at once.
 *
 * @param epoch the claimed epoch, at least 1
 * @param sinceMillis when this node began leading at this epoch's seat
 * @param untilMillis when the lease runs out; {@link Long#MAX_VALUE} for an available role
 */
public record LeaderTerm(long epoch, long sinceMillis, long untilMillis) {

	/** Whether the term holds at {@code now}. */
	public boolean holdsAt(long now) {
		return now < this.untilMillis;
	}

}
