package io.github.gossip.internal.protocol;

import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard suspicion: the timeout starts at {@code max} and shrinks towards {@code min} as
 * independent members confirm, following memberlist: {@code max(min, max - (max - min) *
 * log(C + 1) / log(K + 1))}. Confirmations let a real failure be declared fast while a lone,
 * possibly confused accuser has to wait long enough for a refutation to arrive.
 */
final class Suspicion {

	final long start;

	final String firstAccuser;

	private final int expected;

	private final long min;

	private final long max;

	private final Set<String> accusers = new HashSet<>();

	long generation;

	/** When the suspect was last told of this suspicion because it talked to us unaware of it. */
	long lastReminder = Long.MIN_VALUE / 2;

	Suspicion(long start, String accuser, int expected, long min, long max) {
		this.start = start;
		this.firstAccuser = accuser;
		this.expected = expected;
		this.min = min;
		this.max = max;
		this.accusers.add(accuser);
	}

	/** Records an accuser; true if it is a new, independent confirmation. */
	boolean confirm(String accuser) {
		if (this.accusers.size() - 1 >= this.expected) {
			return false;
		}
		return this.accusers.add(accuser);
	}

	/** Whether {@link #confirm} would count {@code accuser}; changes nothing. */
	boolean wouldConfirm(String accuser) {
		return this.accusers.size() - 1 < this.expected && !this.accusers.contains(accuser);
	}

	int confirmations() {
		return this.accusers.size() - 1;
	}

	long deadline() {
		return this.start + timeout(confirmations(), this.expected, this.min, this.max);
	}

	static long timeout(int confirmations, int expected, long min, long max) {
		if (expected < 1) {
			return min;
		}
		double frac = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
		long t = (long) Math.floor(max - (max - min) * frac);
		return Math.max(min, t);
	}

}
