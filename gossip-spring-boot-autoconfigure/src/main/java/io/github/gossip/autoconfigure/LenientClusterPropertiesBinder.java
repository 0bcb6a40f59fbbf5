package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.gossip.config.InvalidSettingsException.Violation;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * Binds {@code cluster.*} for validation so that a value which cannot even be converted (a port
 * that is not a number, a duration that does not parse) does not abort the binding: it becomes one
 * more violation, binds as unset, and validation goes on. The user then sees every bad property in
 * one report rather than fixing them one start-up at a time.
 */
final class LenientClusterPropertiesBinder {

	private static final String DURATION = "a duration such as 500ms, 5s or 2m (a bare number means milliseconds)";

	private static final String WHOLE_NUMBER = "a whole number";

	private static final Map<String, String> ALLOWED = Map.ofEntries(
			Map.entry("cluster.bind-port", "a port number from 1 to 65535"), Map.entry("cluster.heartbeat", DURATION),
			Map.entry("cluster.gossip.profile", "lan, wan or local"),
			Map.entry("cluster.gossip.probe-timeout", DURATION), Map.entry("cluster.gossip.interval", DURATION),
			Map.entry("cluster.gossip.state-sync-interval", DURATION),
			Map.entry("cluster.gossip.dead-member-retention", DURATION),
			Map.entry("cluster.gossip.indirect-checks", WHOLE_NUMBER),
			Map.entry("cluster.gossip.suspicion-multiplier", WHOLE_NUMBER),
			Map.entry("cluster.gossip.suspicion-max-multiplier", WHOLE_NUMBER),
			Map.entry("cluster.gossip.fanout", WHOLE_NUMBER),
			Map.entry("cluster.gossip.retransmit-multiplier", WHOLE_NUMBER),
			Map.entry("cluster.gossip.max-datagram-size", WHOLE_NUMBER),
			Map.entry("cluster.leadership.policy",
					"one property per role, cluster.leadership.policy.<role>=available or majority"),
			Map.entry("cluster.leadership.quorum",
					"one property per role, cluster.leadership.quorum.<role>=a whole number of at least 1"),
			Map.entry(MisspelledPrefixCheck.OPT_OUT, "true or false"));

	/** Keyed by role, so not in the table above. */
	private static final String QUORUM_PREFIX = "cluster.leadership.quorum.";

	private LenientClusterPropertiesBinder() {
	}

	static Result bind(Environment environment) {
		List<Violation> unreadable = new ArrayList<>();
		ClusterProperties properties = Binder.get(environment)
			.bindOrCreate("cluster", Bindable.of(ClusterProperties.class), new RecordingHandler(unreadable));
		return new Result(properties, List.copyOf(unreadable));
	}

	/**
	 * The bound properties, with every unconvertible value left unset, and one violation per such value.
	 */
	record Result(ClusterProperties properties, List<Violation> unreadable) {
	}

	private static String allowed(String property) {
		if (property.startsWith(QUORUM_PREFIX)) {
			return "a whole number of at least 1";
		}
		return ALLOWED.getOrDefault(property, "see the cluster.* properties");
	}

	private static final class RecordingHandler extends AbstractBindHandler {

		private final List<Violation> unreadable;

		RecordingHandler(List<Violation> unreadable) {
			this.unreadable = unreadable;
		}

		@Override
		public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Exception error) throws Exception {
			ConfigurationProperty value = context.getConfigurationProperty();
			if (value == null) {
				// not a value that failed to convert but a structural problem: let Spring Boot report it
				return super.onFailure(name, target, context, error);
			}
			String property = name.toString();
			boolean secret = property.startsWith("cluster.key") || property.startsWith("cluster.secondary-keys");
			String origin = (value.getOrigin() != null) ? " (set in " + value.getOrigin() + ")" : "";
			this.unreadable.add(new Violation(property, secret ? "(secret)" : String.valueOf(value.getValue()),
					"cannot be read; allowed: " + allowed(property) + origin));
			// unset: validation goes on with the default, and the report lists this value too
			return null;
		}

	}

}
