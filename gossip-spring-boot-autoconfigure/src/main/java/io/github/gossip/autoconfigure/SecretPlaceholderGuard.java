package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.gossip.config.InvalidSettingsException.Violation;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops start-up, without showing the secret, when {@code cluster.key} or a secondary key contains
 * {@code ${}. Spring would read it as a placeholder, and if it cannot resolve it, its error message
 * quotes the whole value: the key would end up in the log.
 */
class SecretPlaceholderGuard implements EnvironmentPostProcessor, Ordered {

	/** A "${" not escaped as "\${". */
	private static final Pattern UNESCAPED_PLACEHOLDER = Pattern.compile("(?<!\\\\)\\$\\{");

	/** Indexed secondary keys checked; far more than anyone rotates through at once. */
	private static final int MAX_INDEXED_KEYS = 64;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<Violation> violations = new ArrayList<>();
		check(environment, "cluster.key", violations);
		check(environment, "cluster.secondary-keys", violations);
		for (int i = 0; i < MAX_INDEXED_KEYS; i++) {
			check(environment, "cluster.secondary-keys[" + i + "]", violations);
		}
		if (!violations.isEmpty()) {
			throw new InvalidClusterPropertiesException(violations);
		}
	}

	private static void check(ConfigurableEnvironment environment, String name, List<Violation> violations) {
		String raw = RawProperties.text(environment, name);
		if (raw != null && UNESCAPED_PLACEHOLDER.matcher(raw).find()) {
			violations.add(new Violation(name, "(secret)", "contains '${', which Spring reads as a property "
					+ "placeholder; write it as '\\${' to keep it literal, or choose a key without '${'"));
		}
	}

	@Override
	public int getOrder() {
		// after the application's config files have been loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

}
