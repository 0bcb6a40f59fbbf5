package io.github.gossip.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Reads a property as written, with relaxed names (so {@code CLUSTER_KEY} counts) but without
 * resolving {@code ${...}} placeholders. A secret must never be resolved just to check whether it is
 * set: an unresolvable placeholder's error message would print the whole secret.
 */
final class RawProperties {

	private RawProperties() {
	}

	/** The raw text of {@code name}, or {@code null} when no property source holds it. */
	static String text(Environment environment, String name) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null && property.getValue() != null) {
				return property.getValue().toString();
			}
		}
		return null;
	}

	/** Whether {@code name} is set to something other than blank. */
	static boolean hasText(Environment environment, String name) {
		String text = text(environment, name);
		return text != null && !text.isBlank();
	}

}
