package io.github.gossip.autoconfigure;

import io.github.gossip.testsupport.FreePorts;
import java.util.ArrayList;
import java.util.List;

import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.internal.runtime.NodeClusterMembership;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole Spring applications with the starter's auto-configuration, each a cluster node on loopback,
 * in this JVM. Fast timing (500 ms heartbeat, local profile) so tests finish quickly.
 */
final class ClusterNodes implements AutoCloseable {

	static final String KEY = "integration test passphrase, not a secret";

	private final List<Integer> ports = new ArrayList<>();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final Class<?> application;

	private final String[] common;

	ClusterNodes(int size, Class<?> application, String... common) {
		for (int i = 0; i < size; i++) {
			this.ports.add(FreePorts.udp());
		}
		this.application = application;
		this.common = common;
	}

	/** Starts node {@code id} (1-based); node 1 is everyone's seed. */
	ConfigurableApplicationContext start(int id, String... extra) {
		return startAs(id, String.valueOf(id), extra);
	}

	/** Starts a node with {@code nodeId} on the port of node {@code slot} (1-based). */
	ConfigurableApplicationContext startAs(int slot, String nodeId, String... extra) {
		List<String> args = new ArrayList<>(List.of("--cluster.node-id=" + nodeId, "--cluster.bind-addr=127.0.0.1",
				"--cluster.bind-port=" + this.ports.get(slot - 1), "--cluster.key=" + KEY,
				"--cluster.seed-nodes=127.0.0.1:" + this.ports.get(0), "--cluster.heartbeat=500ms",
				"--cluster.gossip.profile=local", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false"));
		args.addAll(List.of(this.common));
		args.addAll(List.of(extra));
		SpringApplication app = new SpringApplicationBuilder(this.application).web(WebApplicationType.NONE).build();
		ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	static ClusterMembership membership(ConfigurableApplicationContext context) {
		return context.getBean(ClusterMembership.class);
	}

	/** Stops the node without telling anyone, like a crash; then closes what is left of the context. */
	static void crash(ConfigurableApplicationContext context) {
		context.getBean(NodeClusterMembership.class).close();
		context.close();
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

}
