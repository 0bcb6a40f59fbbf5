package io.github.gossip.internal.protocol;

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
 * <p>
 * A member holds every role except its {@link #excludedRoles}: the roles its configuration names
 * for other nodes only. That rule uses only what the member announced, so every member that has
 * its record reaches the same answer, even while members' role configurations differ, and a role
 * that no configuration names is held by everyone, as {@code @ConditionalOnRole} decides.
 * {@link #roles} lists the held roles it names (for people to read); leadership never needs it.
 *
 * <p>
 * {@link #claims} are the leadership epochs this member claims for the roles it leads right now
 * ({@link MembershipEvent#UNNAMED_ROLES} for the seat of every role nobody names): the protocol's
 * own part of the record, never shown to applications, so a change of claims alone is no UPDATED.
 * {@link #floors} are the highest epochs this member knows of the roles with the majority policy,
 * leader or not: a process that restarts forgets what it granted, and learns the epochs again from
 * any live member's record before it may grant (see {@code MajorityLeases}).
 *
 * @param roles the roles this member names and holds, sorted
 * @param excludedRoles the roles this member does not hold, sorted; disjoint from {@code roles}
 * @param values user metadata, sorted by key
 * @param claims role to the epoch (at least 1) this member claims as its leader, sorted by role
 * @param floors role to the highest epoch (at least 1) this member knows, for the roles with the
 * majority policy, sorted by role
 */
public record MemberMetadata(SortedSet<String> roles, SortedSet<String> excludedRoles,
		SortedMap<String, String> values, SortedMap<String, Long> claims, SortedMap<String, Long> floors) {

	/**
	 * Highest epoch a packet may carry (2^62): far beyond any real count of leaders, and low enough
	 * that adding one to an epoch learned from the network never overflows.
	 */
	public static final long MAX_EPOCH = 1L << 62;

	/**
	 * Upper bound of the claims and known epochs together (each role in UTF-8 plus 1, each epoch 9),
	 * apart from {@link #MAX_ENCODED_BYTES}.
	 */
	public static final int MAX_CLAIMS_BYTES = 256;

	/** Upper bound of {@link #encodedSize()}: roles, excluded roles and values together. */
	public static final int MAX_ENCODED_BYTES = 512;

	/** Longest role name, metadata key or metadata value, in UTF-8 bytes. */
	public static final int MAX_STRING_BYTES = 128;

	public static final MemberMetadata EMPTY = new MemberMetadata(Set.of(), Map.of());

	public MemberMetadata(SortedSet<String> roles, SortedSet<String> excludedRoles, SortedMap<String, String> values) {
		this(roles, excludedRoles, values, Collections.emptySortedMap());
	}

	public MemberMetadata(SortedSet<String> roles, SortedSet<String> excludedRoles, SortedMap<String, String> values,
			SortedMap<String, Long> claims) {
		this(roles, excludedRoles, values, claims, Collections.emptySortedMap());
	}

	public MemberMetadata {
		roles = Collections.unmodifiableSortedSet(checkedRoles("role name", roles));
		excludedRoles = Collections.unmodifiableSortedSet(checkedRoles("excluded role name", excludedRoles));
		values = Collections.unmodifiableSortedMap(checkedValues(values));
		for (String role : excludedRoles) {
			if (roles.contains(role)) {
				throw new IllegalArgumentException("role '" + abbreviate(role)
						+ "' is both held and excluded; allowed: each role in at most one of the two");
			}
		}
		int size = encodedSize(roles, excludedRoles, values);
		if (size > MAX_ENCODED_BYTES) {
			throw new IllegalArgumentException("member metadata takes " + size + " bytes; allowed: at most "
					+ MAX_ENCODED_BYTES + " bytes for role names, excluded role names, keys and values together"
					+ " (each counted in UTF-8 plus 1)");
		}
		claims = Collections.unmodifiableSortedMap(checkedClaims("claimed", claims));
		floors = Collections.unmodifiableSortedMap(checkedClaims("known", floors));
		int claimed = claimsEncodedSize(claims) + claimsEncodedSize(floors);
		if (claimed > MAX_CLAIMS_BYTES) {
			throw new IllegalArgumentException("leadership claims and known epochs take " + claimed
					+ " bytes; allowed: at most " + MAX_CLAIMS_BYTES);
		}
	}

	public MemberMetadata(Set<String> roles, Set<String> excludedRoles, Map<String, String> values) {
		this(checkedRoles("role name", roles), checkedRoles("excluded role name", excludedRoles), checkedValues(values));
	}

	/** Metadata of a member that excludes no role. */
	public MemberMetadata(Set<String> roles, Map<String, String> values) {
		this(roles, Set.of(), values);
	}

	public MemberMetadata withValues(Map<String, String> newValues) {
		return new MemberMetadata(this.roles, this.excludedRoles, checkedValues(newValues), this.claims, this.floors);
	}

	/** This metadata with other leadership claims. */
	public MemberMetadata withClaims(Map<String, Long> newClaims) {
		return new MemberMetadata(this.roles, this.excludedRoles, this.values, new TreeMap<>(newClaims), this.floors);
	}

	/** This metadata with other claims and known epochs. */
	public MemberMetadata withClaims(Map<String, Long> newClaims, Map<String, Long> newFloors) {
		return new MemberMetadata(this.roles, this.excludedRoles, this.values, new TreeMap<>(newClaims),
				new TreeMap<>(newFloors));
	}

	/** Whether this metadata carries any claim or known epoch. */
	public boolean hasClaims() {
		return !this.claims.isEmpty() || !this.floors.isEmpty();
	}

	/** The epoch this member claims as the leader of {@code seat}, or 0. */
	public long claim(String seat) {
		return this.claims.getOrDefault(seat, 0L);
	}

	/** Whether this and {@code other} tell applications the same: everything but claims and floors. */
	public boolean describesSame(MemberMetadata other) {
		return this.roles.equals(other.roles) && this.excludedRoles.equals(other.excludedRoles)
				&& this.values.equals(other.values);
	}

	/** Whether {@code claims} and {@code floors} fit {@link #MAX_CLAIMS_BYTES} together. */
	public static boolean claimsFit(Map<String, Long> claims, Map<String, Long> floors) {
		return claimsEncodedSize(claims) + claimsEncodedSize(floors) <= MAX_CLAIMS_BYTES;
	}

	private static int claimsEncodedSize(Map<String, Long> claims) {
		int size = 0;
		for (String seat : claims.keySet()) {
			size += utf8(seat) + 1 + 9;
		}
		return size;
	}

	private static TreeMap<String, Long> checkedClaims(String what, SortedMap<String, Long> claims) {
		Objects.requireNonNull(claims, what);
		TreeMap<String, Long> copy = new TreeMap<>();
		claims.forEach((seat, epoch) -> {
			if (!seat.isEmpty()) {
				checkString(what + " role name", seat);
			}
			if (epoch == null || epoch < 1) {
				throw new IllegalArgumentException(what + " epoch " + epoch + " for role '" + abbreviate(seat)
						+ "'; allowed: at least 1");
			}
			copy.put(seat, epoch);
		});
		return copy;
	}

	/**
	 * Checks every role before copying, so a null is reported by name rather than as a bare
	 * NullPointerException; the copy is in natural order whatever order the caller's set had, which
	 * is the order the codec writes and peers insist on.
	 */
	private static TreeSet<String> checkedRoles(String what, Set<String> roles) {
		Objects.requireNonNull(roles, what);
		for (String role : roles) {
			checkString(what, role);
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

	/** Whether this member holds {@code role}: every role it does not exclude. */
	public boolean holds(String role) {
		return !this.excludedRoles.contains(role);
	}

	/** Whether this member names any role, held or excluded. */
	public boolean namesRoles() {
		return !this.roles.isEmpty() || !this.excludedRoles.isEmpty();
	}

	/** Size as counted against {@link #MAX_ENCODED_BYTES}: each string's UTF-8 length plus one. */
	public int encodedSize() {
		return encodedSize(this.roles, this.excludedRoles, this.values);
	}

	private static int encodedSize(Set<String> roles, Set<String> excludedRoles, Map<String, String> values) {
		int size = 0;
		for (String role : roles) {
			size += utf8(role) + 1;
		}
		for (String role : excludedRoles) {
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
		if (bytes > MAX_STRING_BYTES || (what.endsWith("role name") || what.equals("metadata key")) && bytes == 0) {
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
