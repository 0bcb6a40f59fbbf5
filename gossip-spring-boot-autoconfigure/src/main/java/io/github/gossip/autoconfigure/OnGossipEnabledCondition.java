package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.context.annotation.ConditionContext;

/**
 * Gossip is enabled exactly when {@code cluster.bind-addr} and {@code cluster.key} are both set and not
 * blank, as in Stalwart's documentation.
 */
class OnGossipEnabledCondition extends SpringBootCondition {

	static final List<String> SWITCHES = List.of("cluster.bind-addr", "cluster.key");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnGossipEnabled.class.getName());
		boolean expectEnabled = attributes == null || (boolean) attributes.get("enabled");
		List<String> missing = missing(context.getEnvironment());
		boolean enabled = missing.isEmpty();
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnGossipEnabled.class,
				expectEnabled ? "enabled" : "disabled");
		ConditionMessage reason = enabled ? message.because("cluster.bind-addr and cluster.key are set")
				: message.because(describeMissing(missing));
		return new ConditionOutcome(enabled == expectEnabled, reason);
	}

	static List<String> missing(Environment environment) {
		List<String> missing = new ArrayList<>();
		for (String property : SWITCHES) {
			if (!RawProperties.hasText(environment, property)) {
				missing.add(property);
			}
		}
		return missing;
	}

	static String describeMissing(List<String> missing) {
		return String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " not set";
	}

}
