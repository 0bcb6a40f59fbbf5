package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's view through Actuator and Micrometer, on real nodes: health, the {@code cluster}
 * endpoint, meters that move with traffic, and no key anywhere.
 */
class GossipActuatorIntegrationTests {

	private static final String[] ACTUATOR = { "--management.endpoints.web.exposure.include=*",
			"--management.endpoints.jmx.exposure.include=*", "--management.endpoint.configprops.show-values=always",
			"--management.endpoint.env.show-values=always",
			// a key also hides inside other values, like a launch command line
			"--app.launch-command=java -jar app.jar --cluster.key=" + ClusterNodes.KEY };

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void healthEndpointAndMetricsDescribeTheClusterWithoutSecrets() {
		try (ClusterNodes nodes = new ClusterNodes(2, Application.class, ACTUATOR)) {
			ConfigurableApplicationContext first = nodes.start(1);
			nodes.start(2);
			ClusterMembership membership = ClusterNodes.membership(first);
			await().atMost(Duration.ofSeconds(30)).until(() -> membership.members().size() == 2);

			Health health = first.getBean("clusterHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("nodeId", "members", "liveMembers", "localHealthScore");
			assertThat(health.getDetails().get("liveMembers")).isEqualTo(2);
			assertThat(health.getDetails().get("members")).isInstanceOfSatisfying(Map.class,
					(members) -> assertThat(members.get("alive")).isEqualTo(2));

			await().atMost(Duration.ofSeconds(30)).until(() -> membership.leader("purge.stores").isPresent());
			String endpoint = this.json.writeValueAsString(first.getBean(ClusterEndpoint.class).cluster());
			assertThat(endpoint).contains("\"nodeId\":\"1\"", "\"members\":[", "\"status\":\"ALIVE\"", "\"roles\":[",
					"\"leaders\":{", "\"purge.stores\":{\"nodeId\":\"1\",\"epoch\":",
					"\"policy\":{\"name\":\"available\",\"voters\":[],\"quorum\":null}", "\"keys\":{\"primary\":\"", "\"drops\":{", "\"internal-error\":0",
					"\"datagramsIn\":", "\"probes\":",
					"\"localHealthScore\":", "\"taskFailures\":{\"listener\":0,\"packet\":0,\"seeds\":0,\"timer\":0}",
					"\"unsupported-version\":0", "\"packetsByWireVersion\":{\"1\":", "\"unknownMessages\":0");
			assertNoSecret(endpoint);
			assertNoSecret(this.json.writeValueAsString(health));
			assertNoSecret(this.json.writeValueAsString(
					first.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties()));
			assertNoSecret(this.json.writeValueAsString(first.getBean(EnvironmentEndpoint.class).environment(null)));

			MeterRegistry registry = first.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(registry.get("gossip.datagrams").tag("direction", "out").functionCounter().count()).isPositive();
				// two members of this release speak its wire version to each other once they know it
				assertThat(registry.get("gossip.packets").tag("wire.version", "2").functionCounter().count()).isPositive();
				assertThat(registry.get("gossip.messages.unknown").functionCounter().count()).isZero();
				assertThat(registry.get("gossip.datagrams").tag("direction", "in").functionCounter().count()).isPositive();
				assertThat(registry.get("gossip.bytes").tag("direction", "in").functionCounter().count()).isPositive();
				assertThat(registry.get("gossip.probes").tag("kind", "direct").functionCounter().count()).isPositive();
			});
			assertThat(registry.get("gossip.members").tag("state", "alive").gauge().value()).isEqualTo(2.0);
			assertThat(registry.get("gossip.drops").tag("reason", "bad-key").functionCounter().count()).isZero();
			assertThat(registry.find("gossip.health.score").gauge()).isNotNull();
			assertThat(registry.find("gossip.events.backlog").gauge()).isNotNull();
			assertThat(registry.find("gossip.suspicions").functionCounter()).isNotNull();
			assertThat(registry.find("gossip.refutations").functionCounter()).isNotNull();
			assertThat(registry.find("gossip.port.checks").tag("result", "closed").functionCounter()).isNotNull();
			assertThat(registry.find("gossip.failures.closed.port").functionCounter()).isNotNull();
			assertThat(registry.find("gossip.task.failures").functionCounters())
				.extracting((counter) -> counter.getId().getTag("task"))
				.containsExactlyInAnyOrder("packet", "timer", "seeds", "listener");
			assertThat(registry.find("gossip.task.failures").functionCounters())
				.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		}
	}

	@Test
	void twoLiveProcessesWithOneNodeIdAreBothReportedAndUnhealthy() {
		try (ClusterNodes nodes = new ClusterNodes(3, Application.class, ACTUATOR)) {
			nodes.start(1);
			ConfigurableApplicationContext older = nodes.start(2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ClusterNodes.membership(older).members().stream().filter((m) -> m.status().isLive()).count() == 2);
			ConfigurableApplicationContext newer = nodes.startAs(3, "2");
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConfigurableApplicationContext context : List.of(older, newer)) {
					Health health = context.getBean("clusterHealthIndicator", HealthIndicator.class).health();
					assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.DOWN);
					assertThat(context.getBean(NodeClusterMembership.class).lastNodeIdConflict()).isPresent();
				}
			});
			// the later process is the member; the earlier one steps down and leads nothing
			assertThat(older.getBean(NodeClusterMembership.class).isSuperseded()).isTrue();
			assertThat(ClusterNodes.membership(older).leaders()).isEmpty();
			assertThat(newer.getBean(NodeClusterMembership.class).isSuperseded()).isFalse();
		}
	}

	@Test
	void healthIsDownWhileIsolatedFromItsSeeds() {
		try (ClusterNodes nodes = new ClusterNodes(2, Application.class, ACTUATOR)) {
			// node 2 alone: its seed (node 1's port) never answers
			ConfigurableApplicationContext lonely = nodes.start(2);
			Health health = lonely.getBean("clusterHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).startsWith("isolated");
		}
	}

	@Test
	void aNodeThatIsItsOwnOnlySeedIsHealthyAlone() {
		try (ClusterNodes nodes = new ClusterNodes(1, Application.class, ACTUATOR)) {
			ConfigurableApplicationContext alone = nodes.start(1);
			assertThat(alone.getBean("clusterHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		}
	}

	private static void assertNoSecret(String document) {
		assertThat(document).doesNotContain(ClusterNodes.KEY).doesNotContain("integration test passphrase");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
