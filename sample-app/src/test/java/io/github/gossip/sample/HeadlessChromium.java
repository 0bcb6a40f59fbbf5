package io.github.gossip.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, with nothing but the JDK's HTTP
 * client and WebSocket: navigate to a page, evaluate JavaScript in it.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private HeadlessChromium(Process process, Path profile, WebSocket socket) {
		this.process = process;
		this.profile = profile;
		this.socket = socket;
	}

	/** The browser executable on the PATH, if any. */
	static Optional<Path> find() {
		return Executables.onPath().find(NAMES.toArray(String[]::new));
	}

	static HeadlessChromium launch(Path executable) throws Exception {
		Path profile = Files.createTempDirectory("chromium-profile");
		Path log = profile.resolveSibling(profile.getFileName() + ".log");
		Process process = new ProcessBuilder(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
				"--user-data-dir=" + profile, "about:blank")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			// the browser writes its port and browser target path once it listens
			Path portFile = profile.resolve("DevToolsActivePort");
			await("Chromium's DevToolsActivePort").atMost(Duration.ofSeconds(60))
				.until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2
						|| !process.isAlive());
			if (!process.isAlive()) {
				throw new IllegalStateException("Chromium exited: " + Files.readString(log));
			}
			int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
			HttpClient http = HttpClient.newHttpClient();
			String targets = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			String pageSocket = null;
			for (JsonNode target : JSON.readTree(targets)) {
				if ("page".equals(target.get("type").asString())) {
					pageSocket = target.get("webSocketDebuggerUrl").asString();
					break;
				}
			}
			if (pageSocket == null) {
				throw new IllegalStateException("no page target in " + targets);
			}
			Listener listener = new Listener();
			WebSocket socket = http.newWebSocketBuilder()
				.buildAsync(URI.create(pageSocket), listener)
				.get(30, TimeUnit.SECONDS);
			HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
			listener.owner = chromium;
			return chromium;
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	void navigate(String url) throws Exception {
		call("Page.navigate", Map.of("url", url));
	}

	/** Evaluates {@code expression} in the page and returns its value (strings, numbers, booleans). */
	JsonNode evaluate(String expression) throws Exception {
		JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
		}
		return result.get("result").get("value");
	}

	private JsonNode call(String method, Map<String, Object> params) throws Exception {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		this.socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
			.get(10, TimeUnit.SECONDS);
		JsonNode response = reply.get(30, TimeUnit.SECONDS);
		if (response.has("error")) {
			throw new IllegalStateException(method + " failed: " + response.get("error"));
		}
		return response.get("result");
	}

	private void receive(String message) {
		JsonNode node = JSON.readTree(message);
		if (node.has("id")) {
			CompletableFuture<JsonNode> reply = this.pending.remove(node.get("id").asInt());
			if (reply != null) {
				reply.complete(node);
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.abort();
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// child processes (renderers, zygote) go with the browser; make sure of it
		children.forEach(ProcessHandle::destroyForcibly);
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private static final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private volatile HeadlessChromium owner;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String message = this.partial.toString();
				this.partial.setLength(0);
				if (this.owner != null) {
					this.owner.receive(message);
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
