package io.github.gossip.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the packaged sample application with {@code java -jar}, as a new user would.
 */
class SampleApplicationJarIT {

	private static final String KEY = "--cluster.key=an integration test passphrase";

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stopProcesses() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void invalidPortStopsStartUpNamingTheProperty() throws Exception {
		Started app = start("--cluster.bind-addr=127.0.0.1", KEY, "--cluster.bind-port=70000");
		assertThat(app.process.waitFor(90, TimeUnit.SECONDS)).as("process exits").isTrue();
		assertThat(app.process.exitValue()).isNotZero();
		String output = app.output();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cluster.bind-port=70000: must be a port from 1 to 65535")
			.doesNotContain("an integration test passphrase");
	}

	@Test
	void keyThatLooksLikeAPlaceholderIsRefusedWithoutBeingShown() throws Exception {
		Started app = start("--cluster.bind-addr=127.0.0.1", "--cluster.key=my-secret-passphrase-${nope}-xyz");
		assertThat(app.process.waitFor(90, TimeUnit.SECONDS)).as("process exits").isTrue();
		assertThat(app.process.exitValue()).isNotZero();
		assertThat(app.output()).contains("cluster.key=(secret): contains '${'").doesNotContain("my-secret-passphrase");
	}

	@Test
	void withoutBindAddrItLogsWhyAndBindsNoUdpPort() throws Exception {
		Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/udp")), "needs Linux /proc to list sockets");
		Started app = start(KEY);
		await().atMost(Duration.ofSeconds(90)).until(() -> app.output().contains("Started SampleApplication"));
		assertThat(app.output()).containsOnlyOnce(
				"Cluster gossip is disabled: cluster.bind-addr is not set; no UDP socket is bound. Set both cluster.bind-addr and cluster.key to join a cluster.");
		assertThat(udpSocketsOf(app.process.pid())).isEmpty();
		Thread.sleep(1000);
		assertThat(app.process.isAlive()).isTrue();
	}

	@Test
	void withBindAddrAndKeyItBindsItsUdpPort() throws Exception {
		Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/udp")), "needs Linux /proc to list sockets");
		int port;
		try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
			port = probe.getLocalPort();
		}
		Started app = start("--cluster.bind-addr=127.0.0.1", "--cluster.bind-port=" + port, KEY);
		await().atMost(Duration.ofSeconds(90)).until(() -> app.output().contains("Cluster gossip started"));
		assertThat(app.output()).doesNotContain("Cluster gossip is disabled").doesNotContain("an integration test passphrase");
		assertThat(udpSocketsOf(app.process.pid())).hasSize(1);
	}

	private Started start(String... args) throws IOException {
		Path jar = Path.of("target", "sample-app.jar");
		assertThat(jar).exists();
		Path log = Files.createTempFile("sample-app", ".log");
		// port 0: the live page's web server must not collide with anything else on the machine
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(), "--server.port=0"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		return new Started(process, log);
	}

	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	/** The inodes of UDP sockets (IPv4 and IPv6) that the process holds open; Linux only. */
	private static Set<String> udpSocketsOf(long pid) throws IOException {
		Set<String> udpInodes = new HashSet<>();
		for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
			Path path = Path.of(table);
			if (Files.exists(path)) {
				Files.readAllLines(path).stream().skip(1).map((line) -> line.trim().split("\\s+")[9]).forEach(udpInodes::add);
			}
		}
		Set<String> held = new HashSet<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						held.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// the descriptor closed while we looked
				}
			}
		}
		held.retainAll(udpInodes);
		return held;
	}

	private record Started(Process process, Path log) {

		String output() throws IOException {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}

	}

}
