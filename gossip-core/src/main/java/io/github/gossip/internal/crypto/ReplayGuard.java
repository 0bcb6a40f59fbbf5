package io.github.gossip.internal.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per sender session, the highest counter seen and which of the {@value #WINDOW} counters
 * below it have arrived, so that each datagram is accepted at most once while moderate reordering is
 * tolerated. Only authenticated datagrams reach it, so a forger cannot fill or poison it. Not
 * thread-safe: it belongs to its opener's receiving thread.
 */
final class ReplayGuard {

	/** How far behind the newest datagram of a sender an older one may still arrive. */
	static final int WINDOW = 64;

	private final Map<Long, long[]> sessions;

	ReplayGuard(int maxSessions) {
		// Least recently used sessions go first: those of departed or restarted processes.
		this.sessions = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
				return size() > maxSessions;
			}
		};
	}

	/**
	 * Records a datagram if it is new.
	 * @param session the sender's session
	 * @param counter the datagram's counter
	 * @return {@code true} if it is new; {@code false} for a replay or one older than the window
	 */
	boolean accept(long session, long counter) {
		long[] state = this.sessions.get(session);
		if (state == null) {
			this.sessions.put(session, new long[] { counter, 1L });
			return true;
		}
		long highest = state[0];
		if (counter > highest) {
			long shift = counter - highest;
			state[1] = (shift >= WINDOW) ? 1L : (state[1] << shift) | 1L;
			state[0] = counter;
			return true;
		}
		long age = highest - counter;
		if (age >= WINDOW) {
			return false;
		}
		long bit = 1L << age;
		if ((state[1] & bit) != 0) {
			return false;
		}
		state[1] |= bit;
		return true;
	}

}
