package io.github.gossip.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code cluster.*} value that cannot even be converted (a port that is not a number, a
 * duration that does not parse): names the property, shows the value (never a key) and says what is
 * allowed, which Spring Boot's generic bind report does not.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClusterBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

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
			Map.entry("cluster.gossip.max-datagram-size", WHOLE_NUMBER));

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		String name = (property != null) ? property.getName().toString() : cause.getName().toString();
		if (!name.startsWith("cluster.")) {
			return null;
		}
		boolean secret = name.startsWith("cluster.key") || name.startsWith("cluster.secondary-keys");
		String value = (property == null) ? "" : secret ? "=(secret)" : "=" + property.getValue();
		String allowed = ALLOWED.getOrDefault(name, "see the cluster.* properties in the documentation");
		String origin = (property != null && property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
		return new FailureAnalysis("Invalid cluster property: " + name + value + origin + " cannot be read; allowed: "
				+ allowed + ".", "Correct " + name + " in your configuration.", cause);
	}

}
