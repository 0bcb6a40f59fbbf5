package io.github.gossip.internal.runtime;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A distribution of delays in microseconds, in buckets a quarter of a power of two wide (each bucket
 * about 19% wider than the last), from under a microsecond to over an hour: cheap enough to record
 * every datagram and timer of a node, exact enough to tell 1 ms from 100 ms. Recorded from any
 * thread; read while recording goes on, a percentile is that of some recent moment.
 */
final class LagHistogram {

	/** Sub-buckets per power of two. */
	private static final int STEPS = 4;

	private static final int BUCKETS = 64 * STEPS;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	private volatile long max;

	/** Records one delay; a negative one (clocks of two threads a hair apart) counts as 0. */
	void record(long micros) {
		long value = Math.max(0, micros);
		this.counts.incrementAndGet(bucket(value));
		if (value > this.max) {
			this.max = value; // racy but monotone enough for a maximum read by a report
		}
	}

	/** Adds every delay of {@code other} to this one. */
	void add(LagHistogram other) {
		for (int i = 0; i < BUCKETS; i++) {
			long count = other.counts.get(i);
			if (count != 0) {
				this.counts.addAndGet(i, count);
			}
		}
		this.max = Math.max(this.max, other.max);
	}

	/** Forgets every delay recorded so far, to measure a window from now on. */
	void reset() {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts.set(i, 0);
		}
		this.max = 0;
	}

	long count() {
		long total = 0;
		for (int i = 0; i < BUCKETS; i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	long max() {
		return this.max;
	}

	/**
	 * The delay at or below which {@code fraction} of the recorded ones lie: the upper edge of the
	 * bucket that holds it, so at most about a fifth above the true value; 0 when nothing was recorded.
	 */
	long percentile(double fraction) {
		long total = count();
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(fraction * total);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts.get(i);
			if (seen >= Math.max(1, rank)) {
				return Math.min(upperEdge(i), this.max);
			}
		}
		return this.max;
	}

	/** {@code p50/p99/max} in milliseconds with one decimal, for a report line. */
	String summary() {
		return millis(percentile(0.50)) + "/" + millis(percentile(0.99)) + "/" + millis(max());
	}

	private static String millis(long micros) {
		return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
	}

	static int bucket(long micros) {
		if (micros < STEPS) {
			return (int) micros;
		}
		int power = 63 - Long.numberOfLeadingZeros(micros);
		// the two bits below the highest one pick the quarter of [2^power, 2^(power+1))
		int quarter = (int) ((micros >>> (power - 2)) & (STEPS - 1));
		return Math.min(BUCKETS - 1, (power - 1) * STEPS + quarter);
	}

	/** The largest delay that lands in {@code bucket}. */
	static long upperEdge(int bucket) {
		if (bucket < STEPS) {
			return bucket;
		}
		int power = bucket / STEPS + 1;
		int quarter = bucket % STEPS;
		return (1L << power) + ((long) (quarter + 1) << (power - 2)) - 1;
	}

}
