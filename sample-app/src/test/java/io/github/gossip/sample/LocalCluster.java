package io.github.gossip.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sample-app JVMs on 127.0.0.1 with node ids 1..n, free UDP and HTTP ports, and every node a seed,
 * as run-cluster.sh starts them.
 */
final class LocalCluster implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, SampleNode> nodes = new LinkedHashMap<>();

	private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

	private final ClusterWatch watch;

	private LocalCluster(int size, List<String> extraArgs) throws IOException {
		Map<String, Integer> udpPorts = new LinkedHashMap<>();
		for (int i = 1; i <= size; i++) {
			udpPorts.put(String.valueOf(i), SampleNode.freeUdpPort());
			this.httpPorts.put(String.valueOf(i), SampleNode.freeTcpPort());
		}
		List<String> seeds = new ArrayList<>();
		udpPorts.values().forEach((port) -> seeds.add("127.0.0.1:" + port));
		this.watch = new ClusterWatch(this.nodes, this::fetch);
		try {
			for (String id : udpPorts.keySet()) {
				List<String> args = new ArrayList<>(List.of("--cluster.bind-addr=127.0.0.1",
						"--cluster.bind-port=" + udpPorts.get(id), "--cluster.seed-nodes=" + String.join(",", seeds),
						"--server.address=127.0.0.1", "--server.port=" + this.httpPorts.get(id)));
				args.addAll(extraArgs);
				this.nodes.put(id, SampleNode.start(id, List.of(), args));
			}
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	static LocalCluster start(int size, String... extraArgs) throws IOException {
		return new LocalCluster(size, List.of(extraArgs));
	}

	SampleNode node(String id) {
		return this.nodes.get(id);
	}

	ClusterWatch watch() {
		return this.watch;
	}

	String baseUrl(String id) {
		return "http://127.0.0.1:" + this.httpPorts.get(id) + "/";
	}

	private Optional<String> fetch(SampleNode node) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(node.nodeId()) + "api/cluster"))
				.timeout(Duration.ofSeconds(2))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Optional.of(response.body()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	@Override
	public void close() {
		this.nodes.values().forEach(SampleNode::destroy);
	}

}
