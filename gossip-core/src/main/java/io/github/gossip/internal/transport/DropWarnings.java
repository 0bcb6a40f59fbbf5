package io.github.gossip.internal.transport;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import reactor.util.Logger;
import reactor.util.Loggers;

import io.github.gossip.internal.crypto.DropReason;

/**
 * Logs a dropped datagram at most once per source address per minute, so that a misconfigured peer
 * is visible without letting a flood of bad packets flood the log too.
 */
final class DropWarnings {

	private static final Logger logger = Loggers.getLogger(DropWarnings.class);

	private static final long INTERVAL_MILLIS = 60_000;

	private static final int MAX_SOURCES = 1024;

	private final LongSupplier clock;

	private final Map<InetAddress, Long> lastWarning = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
			return size() > MAX_SOURCES;
		}
	};

	DropWarnings(LongSupplier clock) {
		this.clock = clock;
	}

	/** Whether a warning about {@code source} is due now; records it if so. */
	synchronized boolean due(InetAddress source) {
		long now = this.clock.getAsLong();
		Long last = this.lastWarning.get(source);
		if (last != null && now - last < INTERVAL_MILLIS) {
			return false;
		}
		this.lastWarning.put(source, now);
		return true;
	}

	void warn(InetAddress source, DropReason reason) {
		if (due(source)) {
			logger.warn("Dropped a gossip datagram from " + source.getHostAddress() + ": " + describe(reason)
					+ " (further drops from this address are counted but not logged for a minute)");
		}
	}

	private static String describe(DropReason reason) {
		return switch (reason) {
			case MALFORMED -> "not a sealed gossip datagram (plaintext or truncated)";
			case OVERSIZE -> "larger than the maximum datagram size";
			case WRONG_CLUSTER -> "sealed for a cluster with another cluster.label";
			case BAD_KEY -> "no key of this node opens it; check that cluster.key matches on every node";
			case REPLAY -> "a replayed or duplicated datagram";
			case CLOCK_SKEW -> "its timestamp is too far from this node's clock; check NTP on both hosts";
			case UNSUPPORTED_VERSION -> "written in a wire version this node does not speak; upgrade one release at a time";
			case OVERLOAD -> "this node is overloaded and could not take it";
			case INTERNAL_ERROR -> "this node failed to handle it (a bug, logged at ERROR)";
		};
	}

}
