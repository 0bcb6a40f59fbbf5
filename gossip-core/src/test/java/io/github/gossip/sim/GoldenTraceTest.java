package io.github.gossip.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.Membership;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.ProtocolCounters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the protocol's behaviour bit for bit: one busy scenario (loss, duplicates and reordering, a
 * partition that heals, a crash and restart, a graceful leave, a stall, metadata and role
 * changes) on a few fixed seeds, reduced to a digest of every node's membership events, traffic
 * and protocol counters, views and leaders. A refactoring of the protocol must leave every digest
 * as it is; a change of behaviour changes them, and then the constants below are updated on
 * purpose, with the reason in the commit.
 * <p>
 * Every run writes its full trace to {@code target/golden-trace/seed-<seed>.txt}: on a mismatch,
 * diff it against the trace of the code before the change.
 */
class GoldenTraceTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	private static final int NODES = 16;

	private static final long END_MILLIS = 300_000;

	/** How often the counters, views and leaders of every node go into the trace. */
	private static final long CHECKPOINT_MILLIS = 15_000;

	private static final Path TRACE_DIR = Path.of("target", "golden-trace");

	@ParameterizedTest(name = "seed {0}")
	@CsvSource({ "1601, 445e289b979b1dfe017200cc149486f0a010834583e9116067f9186ab9a27767",
			"1602, f3f890bb2f80298bc0936f2fd4178ddb711a73746a727a7de06e56e8de758c11",
			"1603, 57960f74eafb4674726d7bbaeaeeba44f91fb4d34f58a5e71d0982b78123a4e0" })
	void theScenarioReplaysExactlyAsRecorded(long seed, String expectedDigest) throws IOException {
		String trace = run(seed);
		Path file = TRACE_DIR.resolve("seed-" + seed + ".txt");
		Files.createDirectories(TRACE_DIR);
		Files.writeString(file, trace, StandardCharsets.UTF_8);
		assertThat(sha256(trace))
			.as("digest of the trace of seed %d; the full trace is in %s", seed, file.toAbsolutePath())
			.isEqualTo(expectedDigest);
	}

	/** Runs the scenario on {@code seed} and returns its trace. */
	static String run(long seed) {
		Simulator sim = new Simulator(seed, LAN);
		sim.network()
			.loss(NetworkModel.LossModel.uniform(0.05))
			.duplicate(0.01)
			.reorder(0.02, 30_000);
		List<SimNode> nodes = sim.addNodes(NODES);
		for (SimNode node : nodes) {
			node.metadata = metadataOf(node.index());
		}
		StringBuilder trace = new StringBuilder();
		sim.listener((o) -> trace.append(o.atMillis())
			.append(" event ")
			.append(o.observer().nodeId())
			.append('/')
			.append(o.observer().instance())
			.append(' ')
			.append(describe(o.event()))
			.append('\n'));
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < NODES; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / NODES, () -> sim.start(node, List.of(nodes.get(0))));
		}
		// a partition of six members for 40 s: long enough for both sides to declare the other dead
		sim.at(20_000, () -> {
			for (int i = 10; i < NODES; i++) {
				sim.network().setGroup(i, 1);
			}
		});
		sim.at(60_000, () -> sim.network().clearGroups());
		// a crash, and a restart of the same node id at the same address after it was failed
		sim.at(90_000, () -> sim.crash(nodes.get(5)));
		sim.at(125_000, () -> sim.start(nodes.get(5), List.of(nodes.get(0))));
		// a graceful leave, then the process stops
		sim.at(150_000, () -> sim.leave(nodes.get(7)));
		sim.at(152_000, () -> sim.crash(nodes.get(7)));
		// a GC-like pause
		sim.at(170_000, () -> sim.stall(nodes.get(9), 5_000));
		// a role change (the leader of "db" gives the role up) and a change of user values
		sim.at(185_000, () -> nodes.get(1).membership()
			.updateMetadata(sim.nowMillis(), new MemberMetadata(Set.of("web"), Map.of("zone", "b"))));
		sim.at(190_000, () -> nodes.get(12).membership()
			.updateMetadata(sim.nowMillis(), metadataOf(12).withValues(Map.of("zone", "c", "version", "2"))));
		// the next leader of "db" crashes
		sim.at(220_000, () -> sim.crash(nodes.get(2)));
		for (long t = CHECKPOINT_MILLIS; t <= END_MILLIS; t += CHECKPOINT_MILLIS) {
			long at = t;
			sim.at(at, () -> checkpoint(sim, at, trace));
		}
		sim.runUntil(END_MILLIS);
		trace.append("decodeFailures ").append(sim.decodeFailures()).append('\n');
		trace.append("eventsProcessed ").append(sim.eventsProcessed()).append('\n');
		return trace.toString();
	}

	/** Members 1 to 4 hold "db", the others "web"; every third one excludes "batch". */
	private static MemberMetadata metadataOf(int index) {
		Set<String> roles = (index >= 1 && index <= 4) ? Set.of("db", "web") : Set.of("web");
		Set<String> excluded = (index % 3 == 0) ? Set.of("batch") : Set.of();
		return new MemberMetadata(roles, excluded, Map.of("zone", (index % 2 == 0) ? "a" : "b"));
	}

	private static void checkpoint(Simulator sim, long at, StringBuilder trace) {
		for (SimNode node : sim.nodes()) {
			trace.append(at).append(" node ").append(node.nodeId());
			trace.append(" tx=").append(node.txPackets()).append('/').append(node.txBytes());
			trace.append(" rx=").append(node.rxPackets()).append('/').append(node.rxBytes());
			trace.append(" sync=").append(node.syncTxBytes()).append('/').append(node.syncRxBytes())
				.append('/').append(node.syncPushTxPackets());
			Membership m = node.membership();
			if (m == null) {
				trace.append(" never started\n");
				continue;
			}
			ProtocolCounters c = m.counters();
			trace.append(node.isUp() ? " up" : " down");
			trace.append(" self=").append(m.self().instance()).append('@').append(m.incarnation());
			trace.append(" probes=").append(c.probes()).append('/').append(c.indirectProbes());
			trace.append(" suspicions=").append(c.suspicions());
			trace.append(" refutations=").append(c.refutations());
			trace.append(" health=").append(m.health());
			trace.append(" live=").append(m.liveCount());
			trace.append(" pending=").append(m.pendingUpdates());
			trace.append(" joined=").append(m.isJoined());
			trace.append(" superseded=").append(m.isSuperseded()).append('\n');
			trace.append("  view");
			for (Member member : m.members()) {
				trace.append(' ').append(describe(member));
			}
			trace.append('\n');
			trace.append("  leaders");
			for (Map.Entry<String, Member> leader : new TreeMap<>(m.leaders()).entrySet()) {
				trace.append(' ').append(leader.getKey()).append('=').append(leader.getValue().id().nodeId());
			}
			trace.append(" unnamed=").append(m.unnamedRolesLeader().map((l) -> l.id().nodeId()).orElse("-"));
			trace.append(" named=").append(new TreeSet<>(m.namedRoles())).append('\n');
		}
	}

	private static String describe(MembershipEvent event) {
		String what = event.kind() + " at=" + event.at();
		if (event.role() != null) {
			what += " role=" + event.role();
		}
		return what + " " + ((event.member() != null) ? describe(event.member()) : "-");
	}

	private static String describe(Member member) {
		MemberMetadata md = member.metadata();
		return member.id().nodeId() + "/" + member.id().instance() + ":" + member.state() + "@"
				+ member.incarnation() + ":" + member.endpoint() + ":" + md.roles() + md.excludedRoles()
				+ md.values();
	}

	private static String sha256(String trace) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(trace.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
