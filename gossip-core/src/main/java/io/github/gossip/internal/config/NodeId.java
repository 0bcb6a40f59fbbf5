package io.github.gossip.internal.config;

import java.util.Comparator;
import java.util.regex.Pattern;

import io.github.gossip.internal.protocol.MemberId;

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

	/** The protocol's order, so that configuration and leadership agree on which id is lowest. */
	private static final Comparator<NodeId> ORDER = Comparator.comparing(NodeId::value, MemberId.NODE_ID_ORDER);

	public NodeId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("Invalid node id '" + value + "': " + ALLOWED);
		}
	}

	/** Whether {@code value} is a well-formed node id. */
	public static boolean isValid(String value) {
		return value != null && PATTERN.matcher(value).matches();
	}

	@Override
	public int compareTo(NodeId other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
