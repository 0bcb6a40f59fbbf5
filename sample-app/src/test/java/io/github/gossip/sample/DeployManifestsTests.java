package io.github.gossip.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.gossip.autoconfigure.ClusterProperties;
import io.github.gossip.config.InvalidSettingsException;
import io.github.gossip.node.ClusterNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The example Kubernetes manifests under {@code deploy/} say what the application and the starter
 * actually do: the UDP port, a headless service that lists pods before they are ready, identity from
 * the pod, the key from the Secret, environment variables that bind to {@code cluster.*} properties,
 * and probes at paths the sample application serves, liveness without the cluster component.
 */
class DeployManifestsTests {

	private static final Path DEPLOY = Path.of("..", "deploy");

	/** What the kubelet would put into the variables that come from the pod. */
	private static final Map<String, String> POD_FIELDS = Map.of("metadata.name", "gossip-sample-0", "status.podIP",
			"10.1.2.3", "metadata.namespace", "default");

	private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private static List<Map<String, Object>> documents;

	@BeforeAll
	static void readManifests() throws IOException {
		assertThat(DEPLOY).isDirectory();
		documents = new ArrayList<>();
		try (Stream<Path> files = Files.list(DEPLOY)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					for (Object document : new Yaml().loadAll(reader)) {
						if (document != null) {
							assertThat(document).as(file.toString()).isInstanceOf(Map.class);
							documents.add(map(document));
						}
					}
				}
			}
		}
		assertThat(documents).extracting((d) -> d.get("kind"))
			.contains("StatefulSet", "Service", "PodDisruptionBudget", "Secret");
	}

	@Test
	void theContainerAndTheServiceCarryTheGossipPortOverUdp() {
		Map<String, Object> port = containerPort("gossip");
		assertThat(port).containsEntry("containerPort", 1179).containsEntry("protocol", "UDP");
		Map<String, Object> servicePort = list(spec(only("Service")).get("ports")).stream()
			.map(DeployManifestsTests::map)
			.filter((p) -> "gossip".equals(p.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(servicePort).containsEntry("port", 1179).containsEntry("protocol", "UDP");
		assertThat(env()).containsEntry("CLUSTER_BIND_PORT", "1179");
	}

	@Test
	void theServiceIsHeadlessAndListsPodsBeforeTheyAreReady() {
		Map<String, Object> service = only("Service");
		assertThat(spec(service)).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
		Map<String, Object> statefulSet = spec(only("StatefulSet"));
		assertThat(statefulSet).containsEntry("serviceName", metadata(service).get("name"));
		Map<String, Object> podLabels = map(metadata(map(statefulSet.get("template"))).get("labels"));
		assertThat(podLabels).containsAllEntriesOf(map(spec(service).get("selector")));
		assertThat(podLabels)
			.containsAllEntriesOf(map(map(spec(only("PodDisruptionBudget")).get("selector")).get("matchLabels")));
	}

	@Test
	void theIdentityComesFromThePodAndTheKeyFromTheSecret() {
		Map<String, Map<String, Object>> env = envEntries();
		assertThat(fieldRef(env.get("CLUSTER_NODE_ID"))).isEqualTo("metadata.name");
		assertThat(fieldRef(env.get("CLUSTER_ADVERTISE_ADDR"))).isEqualTo("status.podIP");
		assertThat(env.get("CLUSTER_BIND_ADDR")).containsEntry("value", "0.0.0.0");
		Map<String, Object> secretRef = map(map(env.get("CLUSTER_KEY").get("valueFrom")).get("secretKeyRef"));
		Map<String, Object> secret = only("Secret");
		assertThat(secretRef.get("name")).isEqualTo(metadata(secret).get("name"));
		assertThat(map(secret.get("stringData"))).containsKey((String) secretRef.get("key"));
		String serviceName = (String) metadata(only("Service")).get("name");
		assertThat(env()).containsEntry("CLUSTER_SEED_NODES", serviceName + ".default.svc.cluster.local:1179");
	}

	@Test
	void everyClusterVariableBindsToAClusterProperty() {
		Map<String, String> env = env();
		ClusterProperties bound = bind(env);
		assertThat(bound.nodeId()).isEqualTo("gossip-sample-0");
		assertThat(bound.bindAddr()).isEqualTo("0.0.0.0");
		assertThat(bound.advertiseAddr()).isEqualTo("10.1.2.3");
		assertThat(bound.key()).isEqualTo(secretKey());
		assertThat(bound.seedNodes()).containsExactly("gossip-sample.default.svc.cluster.local:1179");
		assertThat(bound.roles()).containsEntry("purge.stores", List.of("gossip-sample-0", "gossip-sample-1"))
			.containsEntry("acme.renew", List.of("gossip-sample-0", "gossip-sample-1", "gossip-sample-2"));
		// beside the two helpers, every variable is a cluster.* property, spelt CLUSTER_
		assertThat(env.keySet()).allMatch((name) -> name.startsWith("CLUSTER_") || name.equals("POD_NAMESPACE")
				|| name.equals("JAVA_TOOL_OPTIONS"), "a CLUSTER_ variable or POD_NAMESPACE or JAVA_TOOL_OPTIONS");
		// a variable whose name matches no property (a typo) would bind nothing: another value of each
		// one must give other properties
		for (String name : env.keySet().stream().filter((n) -> n.startsWith("CLUSTER_")).toList()) {
			Map<String, String> changed = new LinkedHashMap<>(env);
			changed.compute(name, (n, value) -> value.matches("\\d+") ? String.valueOf(Integer.parseInt(value) + 1)
					: value + "-changed");
			assertThat(bind(changed)).as("%s binds a cluster.* property", name).isNotEqualTo(bound);
		}
	}

	@Test
	void theStarterAcceptsTheWildcardBindWithThePodAddressAndRefusesThePlaceholderKey() {
		Map<String, String> env = env();
		ClusterNode node = ClusterNode.builder()
			.nodeId(env.get("CLUSTER_NODE_ID"))
			.bind(env.get("CLUSTER_BIND_ADDR"), Integer.parseInt(env.get("CLUSTER_BIND_PORT")))
			.advertiseAddress(env.get("CLUSTER_ADVERTISE_ADDR"))
			.seeds(env.get("CLUSTER_SEED_NODES"))
			.key(SampleNode.KEY)
			.build(); // binds nothing and looks nothing up until started
		assertThat(node.localMember().nodeId()).isEqualTo("gossip-sample-0");
		assertThat(node.localMember().address().getAddress().getHostAddress()).isEqualTo("10.1.2.3");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> ClusterNode.builder()
			.nodeId(env.get("CLUSTER_NODE_ID"))
			.bind(env.get("CLUSTER_BIND_ADDR"), 1179)
			.advertiseAddress(env.get("CLUSTER_ADVERTISE_ADDR"))
			.key(secretKey())
			.build()).withMessageContaining("key");
	}

	@Test
	void theProbesUseBootsProbeGroupsOnTheSampleApplicationsHttpPort() throws IOException {
		Map<String, Object> application = applicationYaml();
		Map<String, Object> management = map(application.get("management"));
		assertThat(management).doesNotContainKey("server"); // the probes are on the application's own port
		assertThat(containerPort("http")).containsEntry("containerPort", map(application.get("server")).get("port"));
		assertThat(env()).doesNotContainKeys("SERVER_PORT", "MANAGEMENT_SERVER_PORT");
		String exposed = (String) map(map(map(management.get("endpoints")).get("web")).get("exposure")).get("include");
		assertThat(exposed.split("\\s*,\\s*")).contains("health");
		Map<String, Object> container = container();
		assertThat(httpGet(container, "livenessProbe")).containsEntry("path", "/actuator/health/liveness")
			.containsEntry("port", "http");
		assertThat(httpGet(container, "startupProbe")).containsEntry("path", "/actuator/health/liveness")
			.containsEntry("port", "http");
		assertThat(httpGet(container, "readinessProbe")).containsEntry("path", "/actuator/health/readiness")
			.containsEntry("port", "http");
		// the probe groups are Boot's own, not narrowed or widened by the manifest
		assertThat(env().keySet()).noneMatch((name) -> name.startsWith("MANAGEMENT_"));
	}

	@Test
	void theProbesStayUpWhileTheClusterComponentIsDown() throws Exception {
		Map<String, Object> container = container();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// a seed on loopback that nobody answers: the node is isolated, so its cluster health is DOWN
		application.setDefaultProperties(Map.of("server.port", "0", "server.address", "127.0.0.1",
				"cluster.node-id", "gossip-sample-0", "cluster.bind-addr", "127.0.0.1", "cluster.bind-port",
				String.valueOf(SampleNode.freeUdpPort()), "cluster.seed-nodes", "127.0.0.1:" + SampleNode.freeUdpPort(),
				"cluster.key", SampleNode.KEY, "sample.job-delay", "1h"));
		try (ConfigurableApplicationContext context = application.run()) {
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> health = get(base + "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("isolated");
			// restarting a pod cut off from its peers reconnects nothing, and an isolated first pod must
			// still become ready for the next one to start: neither probe asks the cluster
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				String path = (String) httpGet(container, probe).get("path");
				HttpResponse<String> response = get(base + path);
				assertThat(response.statusCode()).as(probe + " " + path).isEqualTo(200);
				assertThat(response.body()).as(probe + " " + path).isEqualTo("{\"status\":\"UP\"}");
			}
		}
	}

	private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static ClusterProperties bind(Map<String, String> env) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.copyOf(env)));
		return new Binder(ConfigurationPropertySources.get(environment))
			.bindOrCreate("cluster", Bindable.of(ClusterProperties.class));
	}

	/** The container's environment as the kubelet would set it, in order, dependent variables expanded. */
	private static Map<String, String> env() {
		Map<String, String> values = new LinkedHashMap<>();
		envEntries().forEach((name, entry) -> {
			String value;
			if (entry.containsKey("value")) {
				value = String.valueOf(entry.get("value"));
			}
			else {
				Map<String, Object> from = map(entry.get("valueFrom"));
				if (from.containsKey("fieldRef")) {
					value = Objects.requireNonNull(POD_FIELDS.get(fieldRef(entry)), name);
				}
				else {
					assertThat(map(from.get("secretKeyRef")).get("key")).as(name).isEqualTo("cluster-key");
					value = secretKey();
				}
			}
			values.put(name, expand(value, values));
		});
		return values;
	}

	private static String expand(String value, Map<String, String> earlier) {
		Matcher matcher = DEPENDENT_VARIABLE.matcher(value);
		StringBuilder expanded = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			assertThat(earlier).as("$(%s) refers to a variable defined before it", name).containsKey(name);
			matcher.appendReplacement(expanded, Matcher.quoteReplacement(earlier.get(name)));
		}
		return matcher.appendTail(expanded).toString();
	}

	private static String secretKey() {
		return (String) map(only("Secret").get("stringData")).get("cluster-key");
	}

	private static Map<String, Map<String, Object>> envEntries() {
		Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
		for (Object entry : list(container().get("env"))) {
			Map<String, Object> variable = map(entry);
			assertThat(entries.put((String) variable.get("name"), variable)).as("set once: " + variable.get("name"))
				.isNull();
		}
		return entries;
	}

	private static String fieldRef(Map<String, Object> entry) {
		assertThat(entry).isNotNull();
		return (String) map(map(entry.get("valueFrom")).get("fieldRef")).get("fieldPath");
	}

	private static Map<String, Object> httpGet(Map<String, Object> container, String probe) {
		assertThat(container).containsKey(probe);
		return map(map(container.get(probe)).get("httpGet"));
	}

	private static Map<String, Object> containerPort(String name) {
		return list(container().get("ports")).stream()
			.map(DeployManifestsTests::map)
			.filter((p) -> name.equals(p.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + name));
	}

	private static Map<String, Object> container() {
		List<Object> containers = list(spec(map(spec(only("StatefulSet")).get("template"))).get("containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

	private static Map<String, Object> applicationYaml() throws IOException {
		try (InputStream in = DeployManifestsTests.class.getResourceAsStream("/application.yml")) {
			assertThat(in).as("the sample's application.yml").isNotNull();
			return map(new Yaml().load(in));
		}
	}

	private static Map<String, Object> only(String kind) {
		List<Map<String, Object>> ofKind = documents.stream().filter((d) -> kind.equals(d.get("kind"))).toList();
		assertThat(ofKind).as(kind).hasSize(1);
		return ofKind.get(0);
	}

	private static Map<String, Object> spec(Map<String, Object> resource) {
		return map(resource.get("spec"));
	}

	private static Map<String, Object> metadata(Map<String, Object> resource) {
		return map(resource.get("metadata"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
