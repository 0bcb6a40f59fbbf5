package io.github.gossip.internal.wire;

import io.github.gossip.bench.BenchReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds the decoder random bytes and mutations of valid packets of both versions. Whatever the input,
 * the decoder either returns a packet that re-encodes to the same bytes in its version (unless it
 * stepped over a message type it does not know) or throws {@link DecodeException};
 * anything else escaping (index errors, OOM from a hostile count, IllegalArgumentException from a
 * record) is a bug.
 */
class DecoderFuzzTest {

	private final WireCodec codec = new WireCodec();

	@Test
	void twentyThousandHostileInputs() {
		assertThat(fuzz(20_250_101L, 20_000)).isPositive();
	}

	@Test
	@Tag("bench")
	void oneMillionHostileInputs() {
		long accepted = fuzz(1_000_000_007L, 1_000_000);
		BenchReport.record("codec.fuzz inputs=1000000 accepted=" + accepted);
	}

	/** Returns how many inputs decoded successfully (mutations that happen to stay valid). */
	private long fuzz(long seed, int inputs) {
		SplittableRandom random = new SplittableRandom(seed);
		List<byte[]> corpus = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			corpus.add(this.codec.encode(randomPacket(random), 1 + (i % 2)));
		}
		long accepted = 0;
		for (int i = 0; i < inputs; i++) {
			byte[] input = (i % 10 == 0) ? randomBytes(random) : mutate(corpus.get(random.nextInt(corpus.size())), random);
			try {
				WireCodec.Decoded decoded = this.codec.read(input);
				if (!decoded.skippedUnknownMessage()) {
					byte[] again = this.codec.encode(decoded.packet(), decoded.version());
					// the first byte also says the highest version the sender speaks, which may be any
					if (decoded.version() > WireVersions.FIRST) {
						again[0] = (byte) ((decoded.senderHighest() << 4) | decoded.version());
					}
					assertThat(again).as("accepted input re-encodes identically").isEqualTo(input);
				}
				accepted++;
			}
			catch (DecodeException expected) {
				// the only allowed failure
			}
			catch (Throwable t) {
				fail("seed=" + seed + " input #" + i + " " + HexFormat.of().formatHex(input) + " threw " + t, t);
			}
		}
		return accepted;
	}

	private static byte[] randomBytes(SplittableRandom random) {
		byte[] b = new byte[random.nextInt(200)];
		random.nextBytes(b);
		if (b.length > 0 && random.nextBoolean()) {
			b[0] = (byte) ((random.nextBoolean()) ? WireVersions.FIRST : (WireVersions.LATEST << 4) | WireVersions.LATEST);
		}
		return b;
	}

	private static byte[] mutate(byte[] original, SplittableRandom random) {
		byte[] b = original.clone();
		int rounds = 1 + random.nextInt(4);
		for (int r = 0; r < rounds; r++) {
			if (b.length == 0) {
				return b;
			}
			int at = random.nextInt(b.length);
			switch (random.nextInt(8)) {
				case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> b[at] = (byte) random.nextInt(256);
				case 2 -> b[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
				case 3 -> b = Arrays.copyOf(b, at);
				case 4 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
				case 5 -> {
					byte[] longer = new byte[b.length + 1];
					System.arraycopy(b, 0, longer, 0, at);
					longer[at] = (byte) random.nextInt(256);
					System.arraycopy(b, at, longer, at + 1, b.length - at);
					b = longer;
				}
				case 6 -> {
					byte[] shorter = new byte[b.length - 1];
					System.arraycopy(b, 0, shorter, 0, at);
					System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
					b = shorter;
				}
				default -> {
					// a run of continuation bytes: an overlong varint or a huge count
					for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(11)); i++) {
						b[i] = (byte) 0xFF;
					}
				}
			}
		}
		return b;
	}

	static Packet randomPacket(SplittableRandom random) {
		MemberId sender = memberId(random);
		Message message = switch (random.nextInt(9)) {
			case 0 -> Message.Gossip.INSTANCE;
			case 1 -> new Message.Ping(random.nextLong(1 << 20), memberId(random));
			case 2 -> new Message.Ack(random.nextLong(Long.MAX_VALUE));
			case 3 -> new Message.Nack(random.nextLong(1000));
			case 4 -> new Message.PingReq(random.nextLong(1000), memberId(random), endpoint(random));
			case 5 -> new Message.JoinRequest(endpoint(random), random.nextLong(100));
			case 6 -> new Message.JoinResponse(updates(random, 1 + random.nextInt(6)));
			case 7 -> {
				List<Integer> hashes = new ArrayList<>();
				for (int i = 0, n = 1 << random.nextInt(8); i < n; i++) {
					hashes.add(random.nextInt());
				}
				yield new Message.SyncRequest(hashes);
			}
			default -> {
				int count = 1 << random.nextInt(8);
				List<Integer> buckets = new ArrayList<>();
				for (int b = 0; b < count; b++) {
					if (random.nextInt(3) == 0) {
						buckets.add(b);
					}
				}
				yield new Message.SyncPush(random.nextBoolean(), count, buckets, updates(random, random.nextInt(6)));
			}
		};
		return new Packet(sender, random.nextLong(50), message, updates(random, random.nextInt(5)));
	}

	private static List<Update> updates(SplittableRandom random, int count) {
		List<Update> updates = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			MemberState state = MemberState.values()[random.nextInt(4)];
			MemberMetadata metadata = null;
			if (random.nextBoolean()) {
				Set<String> roles = new TreeSet<>();
				Map<String, String> values = new TreeMap<>();
				for (int r = random.nextInt(4); r > 0; r--) {
					roles.add("role-" + random.nextInt(50));
				}
				for (int v = random.nextInt(4); v > 0; v--) {
					values.put("key-" + random.nextInt(50), random.nextBoolean() ? "" : "välue-" + random.nextInt(1000));
				}
				Set<String> excluded = new TreeSet<>();
				for (int x = random.nextInt(3); x > 0; x--) {
					excluded.add("role-" + random.nextInt(50));
				}
				excluded.removeAll(roles);
				metadata = new MemberMetadata(roles, excluded, values);
			}
			updates.add(new Update(state, memberId(random), random.nextLong(1 << 16), endpoint(random),
					state == MemberState.SUSPECT ? "node-" + random.nextInt(100) : null, metadata));
		}
		return updates;
	}

	private static MemberId memberId(SplittableRandom random) {
		String id = random.nextInt(10) == 0 ? "nœud-" + random.nextInt(1000) : "node-" + random.nextInt(10_000);
		return new MemberId(id, random.nextLong());
	}

	private static Endpoint endpoint(SplittableRandom random) {
		byte[] addr = new byte[random.nextBoolean() ? 4 : 16];
		random.nextBytes(addr);
		return new Endpoint(addr, random.nextInt(65536));
	}

}
