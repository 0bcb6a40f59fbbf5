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
			Map.entry("cluster.gossip.dead-member-retention", "1h"), Map.entry("cluster.allow-near-miss-prefix", false));

	private static final List<String> WITHOUT_DEFAULT = List.of("cluster.node-id", "cluster.bind-addr",
			"cluster.advertise-addr", "cluster.key", "cluster.app-version", "cluster.secondary-keys", "cluster.seed-nodes", "cluster.roles",
			"cluster.roles.purge.stores", "cluster.roles.purge.accounts", "cluster.roles.acme.renew",
			"cluster.roles.metrics.calculate", "cluster.roles.metrics.push", "cluster.leadership.policy",
			"cluster.leadership.quorum");

	@Test
	void everyPropertyHasADescriptionAndItsDefault() throws Exception {
		String json = read();
		List<String> all = JsonPath.read(json, "$.properties[*].name");
		// the processor also describes the Actuator endpoint's own switches
		assertThat(all).filteredOn((name) -> !name.startsWith("cluster."))
			.allMatch((name) -> name.startsWith("management.endpoint.cluster."));
		List<String> names = all.stream().filter((name) -> name.startsWith("cluster.")).toList();
		assertThat(names).containsAll(DEFAULTS.keySet()).containsAll(WITHOUT_DEFAULT);
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
	void readmeTableListsExactlyTheDocumentedProperties() throws Exception {
		List<String> metadata = JsonPath.<List<String>>read(read(), "$.properties[*].name")
			.stream()
			.filter((name) -> name.startsWith("cluster."))
			.toList();
		java.util.Set<String> expected = new java.util.TreeSet<>(metadata);
		// the README documents the role map once, as cluster.roles.<group>.<name>
		expected.removeIf((name) -> name.startsWith("cluster.roles"));
		expected.add("cluster.roles.<group>.<name>");
		// and the leadership maps, keyed by role the same way
		for (String map : List.of("cluster.leadership.policy", "cluster.leadership.quorum")) {
			assertThat(expected.remove(map)).as(map).isTrue();
			expected.add(map + ".<group>.<name>");
		}
		java.util.Set<String> documented = new java.util.TreeSet<>();
		for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "README.md"))) {
			java.util.regex.Matcher row = java.util.regex.Pattern.compile("^\\| `(cluster\\.[^`]+)` \\|").matcher(line);
			if (row.find()) {
				documented.add(row.group(1));
			}
		}
		assertThat(documented).isEqualTo(expected);
	}

	@Test
	void metadataDefaultsMatchTheLanProfile() {
		io.github.gossip.internal.protocol.ProtocolConfig lan = io.github.gossip.internal.protocol.ProtocolConfig.Preset.LAN
			.defaults();
		assertThat(DEFAULTS).containsEntry("cluster.gossip.indirect-checks", lan.indirectChecks())
			.containsEntry("cluster.gossip.suspicion-multiplier", lan.suspicionMultiplier())
			.containsEntry("cluster.gossip.suspicion-max-multiplier", lan.suspicionMaxMultiplier())
			.containsEntry("cluster.gossip.fanout", lan.gossipFanout())
			.containsEntry("cluster.gossip.retransmit-multiplier", lan.retransmitMultiplier())
			.containsEntry("cluster.gossip.max-datagram-size", lan.maxDatagramSize())
			.containsEntry("cluster.heartbeat", lan.probeInterval().toSeconds() + "s")
			.containsEntry("cluster.gossip.probe-timeout", lan.probeTimeout().toMillis() + "ms")
			.containsEntry("cluster.gossip.interval", lan.gossipInterval().toMillis() + "ms")
			.containsEntry("cluster.gossip.state-sync-interval", lan.stateSyncInterval().toSeconds() + "s")
			.containsEntry("cluster.gossip.dead-member-retention", lan.deadMemberRetention().toHours() + "h");
	}

	@Test
	void knownRoleNamesAreHinted() throws Exception {
		List<String> roles = JsonPath.read(read(), "$.hints[?(@.name == 'cluster.roles.keys')].values[*].value");
		assertThat(roles).containsExactly("purge.stores", "purge.accounts", "acme.renew", "metrics.calculate",
				"metrics.push");
	}

	@Test
	void leadershipPoliciesAreHinted() throws Exception {
		List<String> policies = JsonPath.read(read(),
				"$.hints[?(@.name == 'cluster.leadership.policy.values')].values[*].value");
		assertThat(policies).containsExactly("available", "majority");
		List<String> roles = JsonPath.read(read(), "$.hints[?(@.name == 'cluster.leadership.policy.keys')].values[*].value");
		assertThat(roles).containsExactly("acme.renew", "metrics.push");
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
