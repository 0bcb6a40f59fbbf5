package io.github.gossip.internal.protocol;

import java.util.Comparator;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Identity of one process: the configured node id plus an instance id drawn at process start.
 * Instance ids are ordered (unsigned): a restart must draw a larger one so that every member can
 * tell the new process from a zombie of the old one, which is why {@link #newInstance} puts the
 * start time in the high bits and randomness only in the low bits.
 */
public record MemberId(String nodeId, long instance) {

	/** Longest node id in UTF-8 bytes; bounded so that member records stay compact on the wire. */
	public static final int MAX_NODE_ID_BYTES = 64;

	public MemberId {
		Objects.requireNonNull(nodeId, "nodeId");
		if (nodeId.isEmpty() || nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NODE_ID_BYTES) {
			throw new IllegalArgumentException("node id must have 1.." + MAX_NODE_ID_BYTES + " UTF-8 bytes");
		}
	}

	/**
	 * Draws an instance id for a process starting at {@code startMillis} (wall clock): millisecond
	 * start time in the high 44 bits, 20 random bits below so two starts in the same millisecond
	 * still differ.
	 */
	public static long newInstance(long startMillis, RandomGenerator random) {
		return (startMillis << 20) | (random.nextInt() & 0xFFFFF);
	}

	/**
	 * The order of node ids wherever one is lowest (role leadership, views): numeric when both ids
	 * are all digits (by value, leading zeros ignored; equal values then by their digits), numeric ids
	 * before others, and otherwise {@link String#compareTo}.
	 */
	public static final Comparator<String> NODE_ID_ORDER = MemberId::compareNodeIds;

	private static int compareNodeIds(String a, String b) {
		boolean digitsA = isDigits(a);
		boolean digitsB = isDigits(b);
		if (digitsA && digitsB) {
			String x = stripZeros(a);
			String y = stripZeros(b);
			int c = (x.length() != y.length()) ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
			return (c != 0) ? c : a.compareTo(b);
		}
		if (digitsA != digitsB) {
			return digitsA ? -1 : 1;
		}
		return a.compareTo(b);
	}

	private static boolean isDigits(String s) {
		if (s.isEmpty()) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static String stripZeros(String s) {
		int i = 0;
		while (i < s.length() - 1 && s.charAt(i) == '0') {
			i++;
		}
		return s.substring(i);
	}

	/** True if this is a later process of the same node than {@code other}. */
	public boolean supersedes(MemberId other) {
		return this.nodeId.equals(other.nodeId) && Long.compareUnsigned(this.instance, other.instance) > 0;
	}

	@Override
	public String toString() {
		return this.nodeId + "#" + Long.toHexString(this.instance);
	}
}
