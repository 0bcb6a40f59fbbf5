package io.github.gossip.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One seed name with several addresses, as a Kubernetes headless Service answers with one address
 * per pod: a hosts file handed to each node JVM with {@code -Djdk.net.hosts.file}, which
 * {@link java.net.InetAddress} reads instead of asking DNS, and which lists the name once per
 * address ({@code getAllByName} returns every line's address). Chosen over a small DNS server
 * started by the test: it needs no package, no port 53 and no resolver configuration in the
 * namespaces, and changing the name's addresses is a file write. The JVM's address cache still
 * applies, so the nodes are given a TTL of one second ({@code sun.net.inetaddr.ttl}) to see a change
 * quickly instead of after the default 30 seconds.
 */
final class SeedHostsFile {

	private final String name;

	private final Path file;

	private SeedHostsFile(String name, Path file) {
		this.name = name;
		this.file = file;
	}

	/** A new file in which {@code name} has no address yet. */
	static SeedHostsFile create(String name) throws IOException {
		SeedHostsFile hosts = new SeedHostsFile(name, Files.createTempFile("seed-hosts-", ".txt"));
		hosts.publish(List.of());
		return hosts;
	}

	String name() {
		return this.name;
	}

	/** The JVM options that make a node resolve names from this file only, cached for one second. */
	List<String> jvmOptions() {
		return List.of("-Djdk.net.hosts.file=" + this.file, "-Dsun.net.inetaddr.ttl=1");
	}

	/**
	 * Makes the name resolve to {@code addresses}, in that order; the file is replaced in one move,
	 * so that a node reading it meanwhile sees the old list or the new one, never a part.
	 */
	void publish(List<String> addresses) throws IOException {
		StringBuilder text = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
		for (String address : addresses) {
			text.append(address).append(' ').append(this.name).append('\n');
		}
		Path next = this.file.resolveSibling(this.file.getFileName() + ".next");
		Files.writeString(next, text, StandardCharsets.US_ASCII);
		Files.move(next, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	void delete() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			System.err.println("WARN could not delete " + this.file + ": " + ex);
		}
	}

}
