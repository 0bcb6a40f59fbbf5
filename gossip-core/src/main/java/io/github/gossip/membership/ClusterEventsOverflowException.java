package io.github.gossip.membership;

/**
 * Ends the event stream of a subscriber that fell too far behind: its buffer of undelivered events
 * filled up. Resubscribe with {@code events(true)} to continue from a fresh view.
 */
public class ClusterEventsOverflowException extends IllegalStateException {

	/**
	 * Creates the exception that ends a subscriber's stream.
	 * @param capacity the number of undelivered events the subscriber's buffer held
	 */
	public ClusterEventsOverflowException(int capacity) {
		super("Cluster event subscriber fell behind by more than " + capacity
				+ " events; resubscribe with events(true) to continue from the current view");
	}
}
