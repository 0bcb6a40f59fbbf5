package io.github.gossip.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A codec remembers the metadata it decoded by its bytes: what it decodes warm must be exactly what
 * a fresh codec decodes, for valid and damaged packets alike.
 */
class MetadataCacheTest {

	private static final MemberId SENDER = new MemberId("sender", 1);

	private static final Endpoint ENDPOINT = new Endpoint(new byte[] { 10, 0, 0, 1 }, 1179);

	private static final MemberMetadata APP = new MemberMetadata(Set.of("purge.stores", "acme.renew"),
			Map.of("app-version", "1.4.2"));

	private final WireCodec codec = new WireCodec();

	/** Packets whose records' metadata carries no claims, claims, or claims and known epochs. */
	@Provide
	Arbitrary<Packet> packets() {
		return Combinators.combine(WireArbitraries.packets(), Arbitraries.integers().between(0, 2))
			.as((packet, claims) -> (claims == 0) ? packet : withClaims(packet, claims == 2));
	}

	/**
	 * One codec decodes a packet, then damaged copies of it (bytes flipped, cut short, extended):
	 * every one gives what a codec that never saw a packet gives, the same packet or the same error.
	 */
	@Property(tries = 500)
	void aWarmCodecDecodesEveryDamagedCopyAsAColdOneDoes(@ForAll("packets") Packet packet, @ForAll boolean highest,
			@ForAll long seed) {
		WireVersions versions = this.codec.versions();
		byte[] bytes = this.codec.encode(packet, highest ? versions.highest() : versions.lowest());
		assertThat(this.codec.decode(bytes)).isEqualTo(packet);
		Random random = new Random(seed);
		for (int i = 0; i < 20; i++) {
			byte[] damaged = damage(bytes, random);
			assertThat(outcome(this.codec, damaged)).isEqualTo(outcome(new WireCodec(), damaged));
		}
	}

	@Test
	void theSameMetadataBytesDecodeToOneInstance() {
		Packet first = gossip(Update.alive(new MemberId("a", 1), 3, ENDPOINT, APP));
		Packet second = gossip(Update.alive(new MemberId("b", 2), 7, ENDPOINT, APP));
		MemberMetadata one = this.codec.decode(this.codec.encode(first)).updates().get(0).metadata();
		MemberMetadata other = this.codec.decode(this.codec.encode(second)).updates().get(0).metadata();
		assertThat(one).isEqualTo(APP).isSameAs(other);
	}

	@Test
	void metadataThatDiffersInOneByteOrOnlyInItsClaimsIsDecodedAsItIs() {
		MemberMetadata otherVersion = APP.withValues(Map.of("app-version", "1.4.3"));
		MemberMetadata claiming = APP.withClaims(Map.of("acme.renew", 4L));
		MemberMetadata excluding = new MemberMetadata(Set.of("purge.stores"), Set.of("acme.renew"),
				Map.of("app-version", "1.4.2"));
		List<MemberMetadata> decoded = new ArrayList<>();
		for (MemberMetadata metadata : List.of(APP, otherVersion, claiming, excluding, APP, claiming)) {
			Packet packet = gossip(Update.alive(new MemberId("a", 1), 3, ENDPOINT, metadata));
			decoded.add(this.codec.decode(this.codec.encode(packet)).updates().get(0).metadata());
		}
		assertThat(decoded).containsExactly(APP, otherVersion, claiming, excluding, APP, claiming);
	}

	@Test
	void metadataSeenBeforeDoesNotExcuseWhatFollowsIt() {
		Packet packet = gossip(Update.alive(new MemberId("a", 1), 3, ENDPOINT, APP));
		byte[] bytes = this.codec.encode(packet);
		this.codec.decode(bytes);
		byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(longer))
			.withMessageContaining("trailing bytes");
		assertThatExceptionOfType(DecodeException.class)
			.isThrownBy(() -> this.codec.decode(bytes, 0, bytes.length - 1));
	}

	@Test
	void theCacheHoldsAtMostItsCountOfEntriesAndDecodesAllTheSame() {
		// small metadata: the count of entries is the bound that applies
		assertThat(mostHeld(5_000, "1.4.")).isEqualTo(MetadataCache.MAX_ENTRIES);
	}

	@Test
	void theCacheHoldsAtMostItsBytesOfKeysAndDecodesAllTheSame() {
		// metadata of about 400 bytes each: the bytes of the keys are the bound that applies; a key
		// holds at least the metadata's encoded size, the first one's the smallest
		String large = "x".repeat(120);
		int smallest = APP.withValues(largeValues(large, 0)).encodedSize();
		int held = mostHeld(1_000, large);
		assertThat(held).isPositive().isLessThanOrEqualTo(MetadataCache.MAX_BYTES / smallest);
	}

	private static Map<String, String> largeValues(String large, int i) {
		return Map.of("a", large, "b", large, "c", large.substring(0, 100) + i);
	}

	/** The most entries the cache held while it decoded {@code count} distinct metadata. */
	private int mostHeld(int count, String prefix) {
		MetadataCache cache = new MetadataCache();
		int most = 0;
		for (int i = 0; i < count; i++) {
			Map<String, String> values = (prefix.length() > 100) ? largeValues(prefix, i)
					: Map.of("app-version", prefix + i);
			MemberMetadata metadata = APP.withValues(values);
			Packet packet = gossip(Update.alive(new MemberId("m" + i, i), 1, ENDPOINT, metadata));
			byte[] bytes = this.codec.encode(packet);
			WireReader reader = new WireReader(bytes, 0, bytes.length, cache);
			assertThat(WireFormat.readPacket(reader, WireVersions.THIS_RELEASE)).isEqualTo(packet);
			most = Math.max(most, cache.size());
		}
		return most;
	}

	private static Packet withClaims(Packet packet, boolean floors) {
		List<Update> updates = packet.updates().stream()
			.map((u) -> (u.metadata() == null) ? u
					: new Update(u.state(), u.member(), u.incarnation(), u.endpoint(), u.accuser(),
							u.metadata().withClaims(Map.of("acme.renew", 3L), floors ? Map.of("purge.stores", 9L) : Map.of())))
			.toList();
		return new Packet(packet.sender(), packet.senderIncarnation(), packet.message(), updates);
	}

	private static Packet gossip(Update update) {
		return new Packet(SENDER, 1, Message.Gossip.INSTANCE, List.of(update));
	}

	private static byte[] damage(byte[] bytes, Random random) {
		switch (random.nextInt(3)) {
			case 0 -> {
				byte[] flipped = bytes.clone();
				for (int n = 1 + random.nextInt(3); n > 0; n--) {
					flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
				}
				return flipped;
			}
			case 1 -> {
				return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
			}
			default -> {
				byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(4));
				longer[longer.length - 1] = (byte) random.nextInt(256);
				return longer;
			}
		}
	}

	/** The decoded packet, or the decoder's error message. */
	private static Object outcome(WireCodec codec, byte[] bytes) {
		try {
			return codec.decode(bytes);
		}
		catch (DecodeException ex) {
			return "error: " + ex.getMessage();
		}
	}

}
