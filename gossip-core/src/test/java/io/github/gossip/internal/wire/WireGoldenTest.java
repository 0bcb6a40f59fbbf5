package io.github.gossip.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wire format pinned down byte for byte: a fixed set of packets (every message kind, both address
 * families, metadata, empty and full lists, varints at their length boundaries) and the bytes and sizes
 * the codec produced for them when they were recorded. Peers of different builds must keep
 * understanding each other, and the state machine packs datagrams by these sizes, so any difference
 * here is a protocol change, never a refactoring.
 */
class WireGoldenTest {

	/**
	 * The first version, as every release wrote it before versions were negotiated, and as this
	 * release still writes it to peers of unknown version: recorded then, never to change.
	 */
	private static final String FIRST = "golden-packets.txt";

	/** Version 2: the same fields, the message after the updates, the highest version in the first byte. */
	private static final String SECOND = "golden-packets-v2.txt";

	private final WireCodec codec = new WireCodec();

	@Test
	void encodesEveryFixtureToTheRecordedBytesAndSizes() throws IOException {
		assertEncodesAsRecorded(FIRST, WireVersions.FIRST);
	}

	@Test
	void decodesTheRecordedBytesToTheFixtures() throws IOException {
		assertDecodesRecorded(FIRST, this.codec);
		assertDecodesRecorded(FIRST, new WireCodec(WireVersions.PREVIOUS_RELEASE));
	}

	@Test
	void encodesEveryFixtureInTheSecondVersionToTheRecordedBytes() throws IOException {
		assertEncodesAsRecorded(SECOND, 2);
	}

	@Test
	void decodesTheRecordedBytesOfTheSecondVersionToTheFixtures() throws IOException {
		assertDecodesRecorded(SECOND, this.codec);
	}

	@Test
	void everyPacketHasTheSameSizeInBothVersionsSoDatagramsArePackedAlikeForEveryPeer() throws IOException {
		Map<String, String> first = recorded(FIRST);
		Map<String, String> second = recorded(SECOND);
		assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
		first.forEach((name, line) -> {
			String other = second.get(name);
			assertThat(other.substring(0, other.lastIndexOf(' '))).as(name).isEqualTo(line.substring(0, line.lastIndexOf(' ')));
			assertThat(other.length()).as(name).isEqualTo(line.length());
		});
	}

	@Test
	void thePreviousReleaseRefusesTheSecondVersionAsAVersionItDoesNotSpeak() throws IOException {
		WireCodec previous = new WireCodec(WireVersions.PREVIOUS_RELEASE);
		recorded(SECOND).forEach((name, line) -> assertThatExceptionOfType(DecodeException.class)
			.isThrownBy(() -> previous.decode(bytes(line)))
			.as(name)
			.satisfies((ex) -> assertThat(ex.isUnsupportedVersion()).isTrue()));
	}

	private void assertEncodesAsRecorded(String resource, int version) throws IOException {
		Map<String, String> recorded = recorded(resource);
		Map<String, Packet> fixtures = fixtures();
		assertThat(recorded.keySet()).as("recorded fixtures").containsExactlyElementsOf(fixtures.keySet());
		fixtures.forEach((name, packet) -> assertThat(line(this.codec, name, packet, version)).as(name)
			.isEqualTo(recorded.get(name)));
	}

	private static void assertDecodesRecorded(String resource, WireCodec codec) throws IOException {
		Map<String, String> recorded = recorded(resource);
		fixtures().forEach((name, packet) -> assertThat(codec.decode(bytes(recorded.get(name)))).as(name)
			.isEqualTo(packet));
	}

	private static byte[] bytes(String line) {
		return HexFormat.of().parseHex(line.substring(line.lastIndexOf(' ') + 1));
	}

	@Test
	void fixturesCoverEveryMessageKindUpdateStateAndAddressFamily() {
		Map<String, Packet> fixtures = fixtures();
		assertThat(fixtures.values().stream().<Class<?>>map((p) -> p.message().getClass()).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
		List<Update> updates = fixtures.values().stream().flatMap((p) -> allUpdates(p).stream()).toList();
		assertThat(updates.stream().map(Update::state).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(MemberState.values());
		assertThat(updates).anyMatch((u) -> u.endpoint().isIpv6()).anyMatch((u) -> !u.endpoint().isIpv6());
		assertThat(updates).anyMatch((u) -> u.metadata() == null)
			.anyMatch((u) -> u.metadata() != null && !u.metadata().excludedRoles().isEmpty())
			.anyMatch((u) -> u.metadata() != null && !u.metadata().claims().isEmpty())
			.anyMatch((u) -> u.metadata() != null && u.metadata().claims().isEmpty() && u.metadata().hasClaims());
	}

	/**
	 * One line per fixture: its name, the sizes the codec reports ({@code size}, {@code baseSize}
	 * and each {@code updateSize}) and the encoded bytes in hex.
	 */
	static String line(WireCodec codec, String name, Packet packet, int version) {
		String updateSizes = packet.updates().isEmpty() ? "-"
				: packet.updates().stream().map((u) -> String.valueOf(codec.updateSize(u)))
					.collect(Collectors.joining(","));
		return name + " size=" + codec.size(packet) + " base="
				+ codec.baseSize(packet.sender(), packet.senderIncarnation(), packet.message()) + " updates="
				+ updateSizes + " " + HexFormat.of().formatHex(codec.encode(packet, version));
	}

	private static Map<String, String> recorded(String resource) throws IOException {
		try (InputStream in = WireGoldenTest.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			Map<String, String> lines = new LinkedHashMap<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					lines.put(line.substring(0, line.indexOf(' ')), line);
				}
			}
			return lines;
		}
	}

	private static List<Update> allUpdates(Packet packet) {
		List<Update> all = new ArrayList<>(packet.updates());
		if (packet.message() instanceof Message.JoinResponse r) {
			all.addAll(r.members());
		}
		if (packet.message() instanceof Message.SyncPush p) {
			all.addAll(p.records());
		}
		return all;
	}

	// ------------------------------------------------------------------ fixtures

	static final MemberId A = new MemberId("a", 0);

	static final MemberId NODE = new MemberId("node-0001", 0x18bcfe5680050afdL);

	/** Longest node id, all-ones instance. */
	static final MemberId LONGEST = new MemberId("n".repeat(64), -1L);

	/** Two-, three- and four-byte UTF-8 characters (the last a surrogate pair), sign bit of the instance. */
	static final MemberId UNICODE = new MemberId("nœud-日本-\uD83D\uDE00", Long.MIN_VALUE);

	static final Endpoint V4 = Endpoint.ipv4(10, 0, 0, 1, 7946);

	static final Endpoint V4_EDGES = Endpoint.ipv4(255, 255, 255, 255, 65535);

	static final Endpoint V4_ZERO = Endpoint.ipv4(0, 0, 0, 0, 0);

	static final Endpoint V6 = new Endpoint(HexFormat.of().parseHex("20010db8000000000000ff00004280fe"), 443);

	static final MemberMetadata ROLES = new MemberMetadata(Set.of("purge.stores", "acme.renew"), Map.of());

	static final MemberMetadata EXCLUDING = new MemberMetadata(Set.of("x"), Set.of("y", "wörker"),
			Map.of("zone", "eu-1", "empty", ""));

	/**
	 * Epochs claimed for a named role, the unnamed roles' seat ("") and a varint edge, and the
	 * highest known epochs of two others.
	 */
	static final MemberMetadata CLAIMING = ROLES.withClaims(
			Map.of("acme.renew", 128L, "", 1L, "purge.stores", MemberMetadata.MAX_EPOCH), Map.of("metrics.push", 3L, "x", 1L));

	/** Only known epochs, no claim. */
	static final MemberMetadata KNOWING = MemberMetadata.EMPTY.withClaims(Map.of(), Map.of("acme.renew", 16384L));

	/** A 128-byte value (two-byte length) and a unicode key and value. */
	static final MemberMetadata LONG_VALUES = new MemberMetadata(Set.of(), Map.of("k", "v".repeat(128), "日本", "ß"));

	/** Incarnations and sequence numbers at every varint length boundary that matters. */
	static final long[] VARINT_EDGES = { 0, 1, 127, 128, 16383, 16384, 2097151, 2097152, WireCodec.MAX_INCARNATION };

	static Map<String, Packet> fixtures() {
		Map<String, Packet> f = new LinkedHashMap<>();
		f.put("gossip.empty", new Packet(A, 0, Message.Gossip.INSTANCE, List.of()));
		f.put("gossip.piggyback", new Packet(NODE, 5, Message.Gossip.INSTANCE, piggyback()));
		f.put("gossip.longest-sender", new Packet(LONGEST, WireCodec.MAX_INCARNATION, Message.Gossip.INSTANCE,
				List.of(Update.alive(UNICODE, 1, V6, EXCLUDING))));
		for (long edge : VARINT_EDGES) {
			f.put("ping.seq-" + edge, new Packet(NODE, edge, new Message.Ping(edge, UNICODE), List.of()));
		}
		f.put("ping.seq-max", new Packet(NODE, 3, new Message.Ping(Long.MAX_VALUE, LONGEST), piggyback()));
		f.put("ack.small", new Packet(NODE, 3, new Message.Ack(300), List.of()));
		f.put("ack.seq-max", new Packet(UNICODE, 0, new Message.Ack(Long.MAX_VALUE), piggyback()));
		f.put("nack.zero", new Packet(A, 1, new Message.Nack(0), List.of()));
		f.put("nack.seq-max", new Packet(LONGEST, 2, new Message.Nack(Long.MAX_VALUE), List.of()));
		f.put("ping-req.v4", new Packet(NODE, 7, new Message.PingReq(128, A, V4_EDGES), List.of()));
		f.put("ping-req.v6", new Packet(NODE, 7, new Message.PingReq(Long.MAX_VALUE, UNICODE, V6), piggyback()));
		f.put("ping-req.v4-zero", new Packet(A, 0, new Message.PingReq(0, LONGEST, V4_ZERO), List.of()));
		f.put("join-req.v4", new Packet(NODE, 0, new Message.JoinRequest(V4, 0), List.of()));
		f.put("join-req.v6", new Packet(UNICODE, 9, new Message.JoinRequest(V6, WireCodec.MAX_INCARNATION),
				List.of()));
		f.put("join-resp.empty", new Packet(A, 0, new Message.JoinResponse(List.of()), List.of()));
		f.put("join-resp.mixed", new Packet(NODE, 2, new Message.JoinResponse(piggyback()), piggyback()));
		f.put("join-resp.full-v4", new Packet(NODE, 5, new Message.JoinResponse(members(41, false)), List.of()));
		f.put("join-resp.full-v6", new Packet(NODE, 5, new Message.JoinResponse(members(31, true)), List.of()));
		f.put("sync-req.one", new Packet(A, 0, new Message.SyncRequest(List.of(0)), List.of()));
		f.put("sync-req.four", new Packet(NODE, 4,
				new Message.SyncRequest(List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x01020304)), piggyback()));
		f.put("sync-req.max", new Packet(NODE, 4, new Message.SyncRequest(hashes(128)), List.of()));
		f.put("sync-push.empty", new Packet(A, 0, new Message.SyncPush(false, 1, List.of(), List.of()), List.of()));
		f.put("sync-push.some", new Packet(NODE, 6, new Message.SyncPush(true, 8, List.of(1, 5), piggyback()),
				List.of(Update.alive(A, 0, V4))));
		f.put("sync-push.all-buckets", new Packet(NODE, 6,
				new Message.SyncPush(true, 128, buckets(128), members(12, true)), List.of()));
		f.put("lease-req.first", new Packet(A, 0, new Message.LeaseRequest("acme.renew", 1, 1), List.of()));
		f.put("lease-req.max", new Packet(UNICODE, 9,
				new Message.LeaseRequest("wörker", MemberMetadata.MAX_EPOCH, Long.MAX_VALUE), piggyback()));
		f.put("lease-grant.granted", new Packet(NODE, 3, new Message.LeaseGrant("acme.renew", 128, 16384, true),
				List.of()));
		f.put("lease-grant.refused-none", new Packet(NODE, 3, new Message.LeaseGrant("", 0, 0, false), List.of()));
		f.put("gossip.claims", new Packet(NODE, 5, Message.Gossip.INSTANCE,
				List.of(Update.alive(A, 4, V4, CLAIMING), new Update(MemberState.SUSPECT, NODE, 5, V6, "a", CLAIMING),
						Update.alive(LONGEST, 1, V4, KNOWING))));
		return f;
	}

	/** Updates of every state, both families, with and without metadata, incarnations at varint edges. */
	private static List<Update> piggyback() {
		List<Update> updates = new ArrayList<>();
		updates.add(Update.alive(A, 0, V4));
		updates.add(Update.alive(NODE, 127, V6, MemberMetadata.EMPTY));
		updates.add(Update.alive(LONGEST, 128, V4_EDGES, ROLES));
		updates.add(new Update(MemberState.SUSPECT, NODE, 16383, V4, "node-0002"));
		updates.add(new Update(MemberState.SUSPECT, UNICODE, 16384, V6, "nœud-日本-\uD83D\uDE00", EXCLUDING));
		updates.add(new Update(MemberState.DEAD, NODE, 2097152, V4_ZERO, null));
		updates.add(new Update(MemberState.LEFT, LONGEST, WireCodec.MAX_INCARNATION, V6, null, LONG_VALUES));
		updates.add(new Update(MemberState.ALIVE, UNICODE, 3, V4, null, bigMetadata()));
		return updates;
	}

	/** The largest metadata of the size tests: four 124-byte values. */
	private static MemberMetadata bigMetadata() {
		Map<String, String> big = new TreeMap<>();
		for (int i = 0; i < 4; i++) {
			big.put("k" + i, "v".repeat(124));
		}
		return new MemberMetadata(Set.of(), big);
	}

	/** Realistic member records as {@link WireCodecTest#recordsPerPacket} builds them. */
	private static List<Update> members(int count, boolean ipv6) {
		List<Update> updates = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] addr = new byte[ipv6 ? 16 : 4];
			addr[0] = 10;
			addr[addr.length - 1] = (byte) i;
			updates.add(new Update(MemberState.ALIVE, new MemberId(String.format("node-%04d", i + 1),
					0x18bcfe5680050afdL + i), 17 + i, new Endpoint(addr, 7946), null));
		}
		return updates;
	}

	private static List<Integer> hashes(int count) {
		List<Integer> hashes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			hashes.add(i * 0x9E3779B9);
		}
		return hashes;
	}

	private static List<Integer> buckets(int count) {
		return IntStream.range(0, count).boxed().toList();
	}

}
