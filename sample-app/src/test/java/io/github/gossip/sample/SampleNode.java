package io.github.gossip.sample;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One packaged sample application started with {@code java -jar} in its own process, as an operator
 * would run it, with a small heap so that several fit on a small machine.
 */
final class SampleNode {

	static final String KEY = "a multi-process test passphrase";

	private static final List<String> JVM_OPTIONS = List.of("-Xmx128m", "-Xss512k", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC");

	private final String nodeId;

	private final List<String> command;

	private final Path log;

	private Process process;

	private SampleNode(String nodeId, List<String> command, Path log) {
		this.nodeId = nodeId;
		this.command = command;
		this.log = log;
	}

	/**
	 * Starts a node. {@code prefix} runs the JVM through another command (such as
	 * {@code ip netns exec <ns>}) that must exec it, so that the process is the JVM itself.
	 */
	static SampleNode start(String nodeId, List<String> prefix, List<String> args) throws IOException {
		return start(nodeId, prefix, List.of(), args);
	}

	/** Starts a node as {@link #start(String, List, List)} does, with more JVM options ({@code -D...}). */
	static SampleNode start(String nodeId, List<String> prefix, List<String> jvmOptions, List<String> args)
			throws IOException {
		Path jar = Path.of("target", "sample-app.jar").toAbsolutePath();
		assertThat(jar).exists();
		List<String> command = new ArrayList<>(prefix);
		command.add(javaExecutable());
		command.addAll(JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--cluster.node-id=" + nodeId));
		command.addAll(args);
		SampleNode node = new SampleNode(nodeId, List.copyOf(command), Files.createTempFile("sample-node-" + nodeId + "-", ".log"));
		node.restart();
		return node;
	}

	/** Starts the same command again (same id, addresses and ports), appending to the same log. */
	void restart() throws IOException {
		assertThat(this.process == null || !this.process.isAlive()).as("node %s is stopped", this.nodeId).isTrue();
		// the key travels in the environment, as in run-cluster.sh, so that ps does not show it
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().put("CLUSTER_KEY", KEY);
		this.process = builder.start();
	}

	String nodeId() {
		return this.nodeId;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	/** Sends a signal by name ({@code STOP}, {@code CONT}, ...) with the shell's built-in kill. */
	void signal(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("bash", "-c", "kill -" + name + " " + pid()).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -%s node %s", name, this.nodeId).isZero();
	}

	/** The process state letter from /proc ({@code T} when stopped by a signal). */
	char procState() throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
		return stat.charAt(stat.lastIndexOf(')') + 2);
	}

	/** SIGKILL: the node gets no chance to say goodbye. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("node %s died", this.nodeId).isTrue();
	}

	/** SIGTERM, as Ctrl-C or a service manager would: the application shuts down gracefully. */
	int stopGracefully(Duration timeout) throws InterruptedException {
		this.process.destroy();
		assertThat(this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
			.as("node %s stopped within %s", this.nodeId, timeout)
			.isTrue();
		return this.process.exitValue();
	}

	void destroy() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	/** The lines of the log so far. */
	List<String> logLines() {
		return log().lines().toList();
	}

	String logTail(int lines) {
		List<String> all = log().lines().toList();
		return "---- node " + this.nodeId + " (" + this.log + "), last " + lines + " lines ----\n"
				+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	static int freeTcpPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static int freeUdpPort() throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
