package io.github.gossip.internal.runtime;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import reactor.util.Logger;
import reactor.util.Loggers;

import io.github.gossip.internal.transport.FaultLog;

/**
 * Counts and logs what the node's tasks throw. A task runs on an executor that would keep whatever
 * it throws in a future nobody reads, so every task reports here instead, and the node carries on
 * with its next input: a bug must be seen, but must not stop the failure detector.
 */
final class ProtocolFailures {

	private static final Logger logger = Loggers.getLogger(GossipNode.class);

	private final Map<ProtocolTask, LongAdder> counts = new EnumMap<>(ProtocolTask.class);

	private final FaultLog log = new FaultLog(logger, System::currentTimeMillis);

	ProtocolFailures() {
		for (ProtocolTask task : ProtocolTask.values()) {
			this.counts.put(task, new LongAdder());
		}
	}

	/** Runs {@code action}, reporting whatever it throws as a failure of {@code task}. */
	void guard(ProtocolTask task, Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			// Errors too: the executor would swallow them just the same, and the thread lives on anyway.
			failed(task, ex);
		}
	}

	void failed(ProtocolTask task, Throwable ex) {
		this.counts.get(task).increment();
		this.log.error(task.tag(), "Gossip " + describe(task) + " failed; the node carries on", ex);
	}

	long count(ProtocolTask task) {
		return this.counts.get(task).sum();
	}

	Map<ProtocolTask, Long> counts() {
		Map<ProtocolTask, Long> snapshot = new EnumMap<>(ProtocolTask.class);
		this.counts.forEach((task, count) -> snapshot.put(task, count.sum()));
		return snapshot;
	}

	private static String describe(ProtocolTask task) {
		return switch (task) {
			case PACKET -> "protocol thread, handling a received packet,";
			case TIMER -> "protocol thread, running a timer,";
			case SEEDS -> "seed lookup";
			case LISTENER -> "membership listener";
		};
	}

}
