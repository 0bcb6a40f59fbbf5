package io.github.gossip.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when one or more {@code cluster.*} properties are invalid. Lists every problem
 * at once so that a user fixes the configuration in one go.
 */
public class InvalidClusterPropertiesException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidClusterPropertiesException(List<Violation> violations) {
		super(describe(violations));
		this.violations = List.copyOf(violations);
	}

	/** The problems, in property order. */
	public List<Violation> violations() {
		return this.violations;
	}

	private static String describe(List<Violation> violations) {
		return violations.size() + " invalid cluster propert" + (violations.size() == 1 ? "y" : "ies") + ":"
				+ violations.stream().map(v -> "\n  - " + v).collect(Collectors.joining());
	}

	/**
	 * One invalid property.
	 *
	 * @param property the property's canonical name, such as {@code cluster.seed-nodes[2]}
	 * @param shownValue the offending value as it may be shown; never a secret
	 * @param problem what is wrong and what is allowed
	 */
	public record Violation(String property, String shownValue, String problem) {

		@Override
		public String toString() {
			return this.property + (this.shownValue != null ? "=" + this.shownValue : "") + ": " + this.problem;
		}

	}

}
