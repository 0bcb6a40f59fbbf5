package io.github.gossip.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated {@code spring-configuration-metadata.json} documents every property with a
 * description and its default, and hints the known role names, for IDE completion.
 */
class ConfigurationMetadataTests {

	private static final Map<String, Object> DEFAULTS = Map.ofEntries(Map.entry("cluster.bind-port", 1179),
			Map.entry("cluster.heartbeat", "1s"), Map.entry("cluster.label", ""),
			Map.entry("cluster.gossip.profile", "lan"), Map.entry("cluster.gossip.probe-timeout", "500ms"),
			Map.entry("cluster.gossip.indirect-checks", 3), Map.entry("cluster.gossip.suspicion-multiplier", 4),
			Map.entry("cluster.gossip.suspicion-max-multiplier", 6), Map.entry("cluster.gossip.interval", "200ms"),
			Map.entry("cluster.gossip.fanout", 3), Map.entry("cluster.gossip.retransmit-multiplier", 4),
			Map.entry("cluster.gossip.state-sync-interval", "30s"),
			Map.entry("cluster.gossip.max-datagram-size", 1400),
			Map.entry("cluster.gossip.dead-member-retention", "1h"));

	private static final List<String> WITHOUT_DEFAULT = List.of("cluster.node-id", "cluster.bind-addr",
			"cluster.advertise-addr", "cluster.key", "cluster.secondary-keys", "cluster.seed-nodes", "cluster.roles",
			"cluster.roles.purge.stores", "cluster.roles.purge.accounts", "cluster.roles.acme.renew",
			"cluster.roles.metrics.calculate", "cluster.roles.metrics.push");

	@Test
	void everyPropertyHasADescriptionAndItsDefault() throws Exception {
		String json = read();
		List<String> names = JsonPath.read(json, "$.properties[*].name");
		assertThat(names).containsAll(DEFAULTS.keySet()).containsAll(WITHOUT_DEFAULT);
		assertThat(names).allMatch((name) -> name.startsWith("cluster."));
		for (String name : names) {
			List<String> descriptions = JsonPath.read(json, "$.properties[?(@.name == '" + name + "')].description");
			assertThat(descriptions).as(name).singleElement().asString().hasSizeGreaterThan(20);
		}
		DEFAULTS.forEach((name, expected) -> {
			List<Object> defaults = JsonPath.read(json, "$.properties[?(@.name == '" + name + "')].defaultValue");
			assertThat(defaults).as(name).containsExactly(expected);
		});
	}

	@Test
	void knownRoleNamesAreHinted() throws Exception {
		List<String> roles = JsonPath.read(read(), "$.hints[?(@.name == 'cluster.roles.keys')].values[*].value");
		assertThat(roles).containsExactly("purge.stores", "purge.accounts", "acme.renew", "metrics.calculate",
				"metrics.push");
	}

	@Test
	void profilesAreHinted() throws Exception {
		List<String> profiles = JsonPath.read(read(), "$.hints[?(@.name == 'cluster.gossip.profile')].values[*].value");
		assertThat(profiles).containsExactly("lan", "wan", "local");
	}

	private static String read() throws Exception {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
