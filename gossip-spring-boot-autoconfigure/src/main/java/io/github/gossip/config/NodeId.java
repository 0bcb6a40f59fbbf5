package io.github.gossip.config;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The configured identity of a node: a short token such as {@code 1} or {@code node-a}.
 * <p>
 * Ids order numerically when both are numeric (so {@code 2} comes before {@code 10}, as an operator
 * expects when the lowest id leads a role), and otherwise lexicographically, numeric ids first.
 *
 * @param value the id as configured
 */
public record NodeId(String value) implements Comparable<NodeId> {

	/** What a node id may look like, for error messages. */
	public static final String ALLOWED = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

	private static final Comparator<NodeId> ORDER = Comparator.comparing(NodeId::isNumeric).reversed()
		.thenComparing((a, b) -> a.isNumeric() ? new BigInteger(a.value).compareTo(new BigInteger(b.value)) : 0)
		.thenComparing(NodeId::value);

	public NodeId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("Invalid node id '" + value + "': " + ALLOWED);
		}
	}

	/** Whether {@code value} is a well-formed node id. */
	public static boolean isValid(String value) {
		return value != null && PATTERN.matcher(value).matches();
	}

	boolean isNumeric() {
		return NUMERIC.matcher(this.value).matches();
	}

	@Override
	public int compareTo(NodeId other) {
		return ORDER.compare(this, other);
	}

	/**
	 * Orders two id strings as {@link #compareTo} orders node ids, without validating them: numeric
	 * ids first and by value, then the others lexicographically.
	 */
	public static int compareValues(String a, String b) {
		boolean numericA = NUMERIC.matcher(a).matches();
		boolean numericB = NUMERIC.matcher(b).matches();
		if (numericA != numericB) {
			return numericA ? -1 : 1;
		}
		if (numericA) {
			int byValue = new BigInteger(a).compareTo(new BigInteger(b));
			if (byValue != 0) {
				return byValue;
			}
		}
		return a.compareTo(b);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
