package io.github.gossip.internal.wire;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of {@link Message} the sealed interface permits has exactly one wire format and
 * round-trips, so a kind added to the protocol fails here until the codec handles it.
 */
class MessageFormatTest {

	private final WireCodec codec = new WireCodec();

	@Test
	void everyPermittedKindHasExactlyOneFormat() {
		assertThat(MessageFormat.ALL.stream().<Class<?>>map(MessageFormat::kind).toList())
			.containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
	}

	@Test
	void typeBytesAreTheFormatsPositions() {
		// the decoder looks formats up by type byte
		assertThat(MessageFormat.ALL.stream().map(MessageFormat::type).toList())
			.isEqualTo(IntStream.range(0, MessageFormat.ALL.size()).boxed().toList());
	}

	@Test
	void everyPermittedKindRoundTripsWithTheSizeItIsCountedAt() {
		List<Packet> fixtures = List.copyOf(WireGoldenTest.fixtures().values());
		for (Class<?> kind : Message.class.getPermittedSubclasses()) {
			List<Packet> ofKind = fixtures.stream().filter((p) -> p.message().getClass() == kind).toList();
			assertThat(ofKind).as("fixtures in WireGoldenTest of %s", kind.getSimpleName()).isNotEmpty();
			for (Packet packet : ofKind) {
				assertThat(MessageFormat.of(packet.message()).kind()).isEqualTo(kind);
				byte[] bytes = this.codec.encode(packet);
				assertThat(bytes).hasSize(this.codec.size(packet));
				assertThat(this.codec.decode(bytes)).isEqualTo(packet);
				Packet alone = new Packet(packet.sender(), packet.senderIncarnation(), packet.message(), List.of());
				assertThat(this.codec.encode(alone))
					.hasSize(this.codec.baseSize(alone.sender(), alone.senderIncarnation(), alone.message()));
			}
		}
	}

}
