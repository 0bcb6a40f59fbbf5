package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Keeps the cluster keys out of {@code configprops} and {@code env}, even when those endpoints show
 * values: by property name ({@code cluster.key}, {@code cluster.secondary-keys} in any spelling),
 * and by value, because a key also hides inside other values, such as the command line in
 * {@code sun.java.command} or {@code spring.application.json}.
 */
final class ClusterKeySanitizer implements SanitizingFunction {

	/** Shorter values are not searched for: a key is at least 16 characters, see ClusterKey. */
	private static final int MIN_SECRET_LENGTH = 8;

	private final List<String> secrets;

	private ClusterKeySanitizer(List<String> secrets) {
		this.secrets = List.copyOf(secrets);
	}

	static ClusterKeySanitizer of(Environment environment) {
		List<String> secrets = new ArrayList<>();
		Binder binder = Binder.get(environment);
		binder.bind("cluster.key", String.class).ifBound(secrets::add);
		binder.bind("cluster.secondary-keys", Bindable.listOf(String.class)).ifBound(secrets::addAll);
		secrets.removeIf((secret) -> secret == null || secret.strip().length() < MIN_SECRET_LENGTH);
		return new ClusterKeySanitizer(secrets.stream().map(String::strip).toList());
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (isClusterKey(data.getKey()) || containsSecret(data.getValue())) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private boolean containsSecret(Object value) {
		if (value == null || this.secrets.isEmpty()) {
			return false;
		}
		String text = value.toString();
		for (String secret : this.secrets) {
			if (text.contains(secret)) {
				return true;
			}
		}
		return false;
	}

	/** Property names of keys, as configprops (dotted) and env (also environment variables) show them. */
	static boolean isClusterKey(String name) {
		String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
		return normalized.equals("cluster.key") || normalized.startsWith("cluster.secondary-keys")
				|| normalized.startsWith("cluster.secondary.keys") || normalized.startsWith("cluster.secondarykeys");
	}

}
