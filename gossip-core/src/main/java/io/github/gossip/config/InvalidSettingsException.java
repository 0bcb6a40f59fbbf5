package io.github.gossip.config;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when one or more settings of a node are invalid. Lists every problem at once, so that a
 * user fixes the configuration in one go; each names the setting, the value (never a key) and what
 * is allowed.
 */
public class InvalidSettingsException extends IllegalArgumentException {

	private final List<Violation> violations;

	/**
	 * Creates an exception for invalid settings of the {@link io.github.gossip.node.ClusterNodeBuilder builder}.
	 * @param violations the problems, in the order they were found
	 */
	public InvalidSettingsException(List<Violation> violations) {
		this("setting", "settings", violations);
	}

	/**
	 * Creates an exception whose message calls the settings {@code singular} or {@code plural}, such
	 * as "cluster property" and "cluster properties".
	 * @param singular what one setting is called in the message
	 * @param plural what several settings are called in the message
	 * @param violations the problems, in the order they were found
	 */
	protected InvalidSettingsException(String singular, String plural, List<Violation> violations) {
		super(describe(singular, plural, violations));
		this.violations = List.copyOf(violations);
	}

	/** The problems, in the order they were found. */
	public List<Violation> violations() {
		return this.violations;
	}

	private static String describe(String singular, String plural, List<Violation> violations) {
		return violations.size() + " invalid " + (violations.size() == 1 ? singular : plural) + ":"
				+ violations.stream().map((violation) -> "\n  - " + violation).collect(Collectors.joining());
	}

	/**
	 * One invalid setting.
	 *
	 * @param property the setting as the user wrote it: a builder setting such as {@code seeds[2]}, or
	 * a property such as {@code cluster.seed-nodes[2]}
	 * @param shownValue the offending value as it may be shown, or {@code null}; never a key
	 * @param problem what is wrong and what is allowed
	 */
	public record Violation(String property, @Nullable String shownValue, String problem) {

		@Override
		public String toString() {
			return this.property + ((this.shownValue != null) ? "=" + this.shownValue : "") + ": " + this.problem;
		}

	}

}
