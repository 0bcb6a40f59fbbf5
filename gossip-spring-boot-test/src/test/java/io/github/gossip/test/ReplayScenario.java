package io.github.gossip.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;

/**
 * One run through every kind of fault the kit injects, recorded as text that does not depend on the
 * JVM (sets in sorted order): what a replay must reproduce. {@link #main} runs it in a JVM of its own.
 */
final class ReplayScenario {

	static final String ROLE = "purge.stores";

	private ReplayScenario() {
	}

	static SimulatedCluster.Builder cluster() {
		return SimulatedCluster.builder().nodes(3).role(ROLE, "1", "2");
	}

	/** Kill, loss, a split, heal, restart, delay, a pause and a leave; then every node's events and the network's counts. */
	static Map<String, List<String>> run(SimulatedCluster cluster) {
		cluster.advance(Duration.ofSeconds(10));
		cluster.loss(0.2);
		cluster.advance(Duration.ofSeconds(20));
		cluster.node("3").kill();
		cluster.advance(Duration.ofSeconds(30));
		cluster.partition(List.of("1"), List.of("2"));
		cluster.advance(Duration.ofSeconds(30));
		cluster.heal();
		cluster.node("3").restart();
		cluster.delay(Duration.ofMillis(10), Duration.ofMillis(80));
		cluster.advance(Duration.ofSeconds(60));
		cluster.node("2").pause(Duration.ofSeconds(10));
		cluster.advance(Duration.ofSeconds(30));
		cluster.node("1").leave();
		cluster.advance(Duration.ofSeconds(10));
		Map<String, List<String>> recorded = new LinkedHashMap<>();
		for (SimulatedNode node : cluster.nodes()) {
			List<String> events = new ArrayList<>();
			node.events().forEach((event) -> events.add(canonical(event)));
			recorded.put(node.id(), events);
		}
		recorded.put("network", List.of(cluster.network().counts().toString(), cluster.elapsed().toString()));
		return recorded;
	}

	/** An event with everything it carries, timestamp included, in an order no JVM changes. */
	static String canonical(ClusterEvent event) {
		StringBuilder text = new StringBuilder(event.type().name()).append(' ').append(event.timestamp());
		if (event.role() != null) {
			text.append(" role=").append(event.role());
		}
		ClusterMember member = event.member();
		if (member != null) {
			text.append(" member=")
				.append(member.nodeId())
				.append('@')
				.append(member.address())
				.append(' ')
				.append(member.status())
				.append(" inc=")
				.append(member.incarnation())
				.append(" roles=")
				.append(new TreeSet<>(member.roles()))
				.append(" excluded=")
				.append(new TreeSet<>(member.excludedRoles()))
				.append(" metadata=")
				.append(new TreeMap<>(member.metadata()))
				.append(member.local() ? " local" : "");
		}
		return text.toString();
	}

	static String digest(Map<String, List<String>> recorded) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			recorded.forEach((key, lines) -> {
				sha.update(key.getBytes(StandardCharsets.UTF_8));
				lines.forEach((line) -> sha.update(("\n" + line).getBytes(StandardCharsets.UTF_8)));
			});
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Prints {@code DIGEST <hex>} of the run of the seed given as the only argument. */
	public static void main(String[] args) {
		try (SimulatedCluster cluster = cluster().seed(Long.parseLong(args[0])).start()) {
			System.out.println("DIGEST " + digest(run(cluster)));
		}
	}

}
