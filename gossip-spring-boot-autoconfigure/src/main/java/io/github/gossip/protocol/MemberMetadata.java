package io.github.gossip.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a member tells the cluster about itself besides its address: the roles it holds and a small
 * map of user metadata. Travels with the member's ALIVE record, versioned by its incarnation, so
 * its size is bounded: every record must still fit a datagram next to others.
 *
 * @param roles the roles this member holds, sorted
 * @param values user metadata, sorted by key
 */
public record MemberMetadata(SortedSet<String> roles, SortedMap<String, String> values) {

	/** Upper bound of {@link #encodedSize()}: roles and values together. */
	public static final int MAX_ENCODED_BYTES = 512;

	/** Longest role name, metadata key or metadata value, in UTF-8 bytes. */
	public static final int MAX_STRING_BYTES = 128;

	public static final MemberMetadata EMPTY = new MemberMetadata(Set.of(), Map.of());

	public MemberMetadata {
		roles = Collections.unmodifiableSortedSet(checkedRoles(roles));
		values = Collections.unmodifiableSortedMap(checkedValues(values));
		int size = encodedSize(roles, values);
		if (size > MAX_ENCODED_BYTES) {
			throw new IllegalArgumentException("member metadata takes " + size + " bytes; allowed: at most "
					+ MAX_ENCODED_BYTES + " bytes for role names, keys and values together (each counted in UTF-8 plus 1)");
		}
	}

	public MemberMetadata(Set<String> roles, Map<String, String> values) {
		this(checkedRoles(roles), checkedValues(values));
	}

	public MemberMetadata withValues(Map<String, String> newValues) {
		return new MemberMetadata(this.roles, newValues);
	}

	/**
	 * Checks every role before copying, so a null is reported by name rather than as a bare
	 * NullPointerException; the copy is in natural order whatever order the caller's set had, which
	 * is the order the codec writes and peers insist on.
	 */
	private static TreeSet<String> checkedRoles(Set<String> roles) {
		Objects.requireNonNull(roles, "roles");
		for (String role : roles) {
			checkString("role name", role);
		}
		TreeSet<String> copy = new TreeSet<>();
		copy.addAll(roles);
		return copy;
	}

	private static TreeMap<String, String> checkedValues(Map<String, String> values) {
		Objects.requireNonNull(values, "values");
		values.forEach((key, value) -> {
			checkString("metadata key", key);
			checkString("metadata value for '" + key + "'", value);
		});
		TreeMap<String, String> copy = new TreeMap<>();
		copy.putAll(values);
		return copy;
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

	/** Size as counted against {@link #MAX_ENCODED_BYTES}: each string's UTF-8 length plus one. */
	public int encodedSize() {
		return encodedSize(this.roles, this.values);
	}

	private static int encodedSize(Set<String> roles, Map<String, String> values) {
		int size = 0;
		for (String role : roles) {
			size += utf8(role) + 1;
		}
		for (Map.Entry<String, String> e : values.entrySet()) {
			size += utf8(e.getKey()) + 1 + utf8(e.getValue()) + 1;
		}
		return size;
	}

	private static void checkString(String what, String value) {
		if (value == null) {
			throw new IllegalArgumentException(what + " is null; allowed: 0.." + MAX_STRING_BYTES + " UTF-8 bytes");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7F) {
				throw new IllegalArgumentException(what + " '" + abbreviate(value)
						+ "' contains a control character; allowed: printable characters only");
			}
		}
		int bytes = utf8(value);
		if (bytes > MAX_STRING_BYTES || (what.equals("role name") || what.equals("metadata key")) && bytes == 0) {
			throw new IllegalArgumentException(what + " '" + abbreviate(value) + "' has " + bytes
					+ " UTF-8 bytes; allowed: 1.." + MAX_STRING_BYTES);
		}
	}

	private static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

	private static int utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8).length;
	}
}
