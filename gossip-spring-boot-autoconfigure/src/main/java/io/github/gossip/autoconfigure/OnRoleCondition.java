package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.gossip.internal.config.RoleAssignments;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Evaluates {@link ConditionalOnRole} against {@code cluster.node-id} and {@code cluster.roles.*}. Reads
 * the environment directly (conditions run before any bean exists); malformed values are reported by
 * the configuration's own validation, so here an id that cannot match simply does not match.
 */
class OnRoleCondition extends SpringBootCondition {

	private static final Bindable<Map<String, List<String>>> ROLES = Bindable.of(ResolvableType.forClassWithGenerics(
			Map.class, ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, String.class)));

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
		String[] required = (attributes != null) ? (String[]) attributes.get("value") : new String[0];
		Binder binder = Binder.get(context.getEnvironment());
		Optional<String> nodeId = Optional.ofNullable(binder.bind("cluster.node-id", String.class).orElse(null)).map(String::strip)
			.filter((id) -> !id.isEmpty());
		Map<String, List<String>> roles = new java.util.HashMap<>();
		binder.bind("cluster.roles", ROLES)
			.orElse(Map.of())
			.forEach((role, ids) -> roles.put(RoleAssignments.normalize(role), ids));
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnRole.class,
				(Object[]) required);
		String node = nodeId.map((id) -> "node " + id).orElse("this node (cluster.node-id not set)");
		List<String> held = new ArrayList<>();
		for (String role : required) {
			List<String> listed = roles.get(RoleAssignments.normalize(role));
			if (listed == null || listed.isEmpty()) {
				held.add(role + " (" + (listed == null ? "not configured" : "empty list") + ": every node holds it)");
				continue;
			}
			boolean named = nodeId.isPresent() && listed.stream().map(String::strip).anyMatch(nodeId.get()::equals);
			if (!named) {
				return ConditionOutcome.noMatch(message.because(node + " does not hold role " + role
						+ ": cluster.roles." + role + " lists only " + listed));
			}
			held.add(role + " (listed in cluster.roles." + role + ")");
		}
		return ConditionOutcome.match(message.because(node + " holds " + String.join(", ", held)));
	}

}
