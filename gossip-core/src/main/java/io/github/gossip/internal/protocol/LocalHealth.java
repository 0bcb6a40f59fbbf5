package io.github.gossip.internal.protocol;

/**
 * Lifeguard local health ("awareness" in memberlist): a score from 0 (healthy) to {@link #MAX}
 * that stretches the probe period and timeouts when this process itself is the likely problem
 * (missed nacks, refutations, a stalled loop). Also the stall guard: the moment before which probe
 * rounds accuse nobody, because what looked like silence from others was our own deafness.
 */
final class LocalHealth {

	/** Upper bound of the score; the probe period stretches up to 9x. */
	static final int MAX = 8;

	private int score;

	private long noAccuseBefore = Long.MIN_VALUE;

	/** When a stall last counted; far enough in the past that the difference to now cannot overflow. */
	private long stallCountedAt = Long.MIN_VALUE / 2;

	int score() {
		return this.score;
	}

	/** {@code millis} stretched by the score. */
	long scaled(long millis) {
		return millis * (1 + this.score);
	}

	void adjust(int delta) {
		this.score = Math.max(0, Math.min(MAX, this.score + delta));
	}

	/**
	 * A timer due at {@code at} fired at {@code now}. More than {@code probeIntervalMillis} late,
	 * our own loop stalled (GC pause, overload) or read its socket that far behind: rounds that
	 * began before now accuse nobody. One stall makes many timers late; those due before the wake-up
	 * we already noticed are that same stall, and the score counts stalls, not late timers. But a
	 * stall that goes on, timers still that late a probe interval after it last counted (a socket
	 * read seconds behind for good, a throttled container), counts again once per probe interval:
	 * counted once, it would be outweighed by the acks its own probes still get, late but before
	 * their timeouts run, and the node would go on probing at full speed however far behind it is.
	 */
	void timerFired(long now, long at, long probeIntervalMillis) {
		if (now - at > probeIntervalMillis) {
			if (at >= this.noAccuseBefore || now - this.stallCountedAt >= probeIntervalMillis) {
				adjust(1);
				this.stallCountedAt = now;
			}
			this.noAccuseBefore = now;
		}
	}

	/** Whether a probe round begun at {@code start} overlapped a stall, which the score already counted. */
	boolean overlapsStall(long start) {
		return start < this.noAccuseBefore;
	}

}
