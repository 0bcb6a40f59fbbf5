package io.github.gossip.internal.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import reactor.util.Logger;

/**
 * Logs faults of this node's own code at ERROR without letting a fault that repeats on every
 * datagram flood the log: the first fault of each kind is logged with its stack trace, later ones at
 * most once a minute, with the number that went unlogged in between. Every fault is counted
 * elsewhere; this only decides what reaches the log.
 */
public final class FaultLog {

	private static final long INTERVAL_MILLIS = 60_000;

	private final Logger logger;

	private final LongSupplier clock;

	/** By kind (a small fixed set chosen by the caller): when last logged, and how many since. */
	private final Map<String, long[]> lastLogged = new HashMap<>();

	/**
	 * @param logger where faults are logged
	 * @param clock milliseconds, for the rate limit
	 */
	public FaultLog(Logger logger, LongSupplier clock) {
		this.logger = logger;
		this.clock = clock;
	}

	/**
	 * Logs {@code fault} at ERROR unless a fault of the same kind was logged less than a minute ago.
	 * @param kind what failed, one of a small fixed set
	 * @param message what the fault means for the node
	 * @param fault what was thrown
	 */
	public void error(String kind, String message, Throwable fault) {
		long suppressed;
		synchronized (this.lastLogged) {
			long now = this.clock.getAsLong();
			long[] last = this.lastLogged.get(kind);
			if (last != null && now - last[0] < INTERVAL_MILLIS) {
				last[1]++;
				return;
			}
			suppressed = (last != null) ? last[1] : 0;
			this.lastLogged.put(kind, new long[] { now, 0 });
		}
		String unlogged = (suppressed > 0)
				? " (" + suppressed + " more since the last report were counted but not logged)" : "";
		this.logger.error(message + unlogged, fault);
	}

}
