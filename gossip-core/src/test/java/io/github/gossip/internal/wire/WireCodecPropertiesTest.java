package io.github.gossip.internal.wire;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Round trips of every message type and of piggybacked updates, plus size bookkeeping. */
class WireCodecPropertiesTest {

	private final WireCodec codec = new WireCodec();

	@Provide
	Arbitrary<Packet> packets() {
		return WireArbitraries.packets();
	}

	@Provide
	Arbitrary<Message> messages() {
		return WireArbitraries.messages();
	}

	@Provide
	Arbitrary<Update> updates() {
		return WireArbitraries.updates();
	}

	@Property(tries = 2000)
	void packetsRoundTrip(@ForAll("packets") Packet packet) {
		byte[] bytes = this.codec.encode(packet);
		assertThat(bytes).hasSize(this.codec.size(packet));
		assertThat(this.codec.decode(bytes)).isEqualTo(packet);
	}

	@Property(tries = 1000)
	void everyMessageTypeRoundTripsAlone(@ForAll("messages") Message message) {
		Packet packet = new Packet(new MemberId("n", 1), 0, message, List.of());
		assertThat(this.codec.decode(this.codec.encode(packet))).isEqualTo(packet);
		assertThat(this.codec.encode(packet)).hasSize(this.codec.baseSize(packet.sender(), 0, message));
	}

	@Property(tries = 1000)
	void updateSizeIsWhatAnUpdateAddsToAPacket(@ForAll("updates") Update update) {
		Packet empty = new Packet(new MemberId("n", 1), 3, Message.Gossip.INSTANCE, List.of());
		Packet one = new Packet(empty.sender(), 3, empty.message(), List.of(update));
		assertThat(this.codec.size(one) - this.codec.size(empty)).isEqualTo(this.codec.updateSize(update));
		assertThat(this.codec.decode(this.codec.encode(one))).isEqualTo(one);
	}

	@Property(tries = 500)
	void anyTruncationIsRejected(@ForAll("packets") Packet packet) {
		byte[] bytes = this.codec.encode(packet);
		for (int len = 0; len < bytes.length; len += Math.max(1, bytes.length / 16)) {
			int cut = len;
			assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(bytes, 0, cut));
		}
	}

	@Property(tries = 500)
	void trailingGarbageIsRejected(@ForAll("packets") Packet packet) {
		byte[] bytes = this.codec.encode(packet);
		byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(longer));
	}

	@Property(tries = 200)
	void decodesASliceOfALargerBuffer(@ForAll("packets") Packet packet) {
		byte[] bytes = this.codec.encode(packet);
		byte[] framed = new byte[bytes.length + 10];
		System.arraycopy(bytes, 0, framed, 5, bytes.length);
		assertThat(this.codec.decode(framed, 5, bytes.length)).isEqualTo(packet);
	}

	@Property(tries = 200)
	void endpointsKeepTheirFamily(@ForAll("packets") Packet packet) {
		Packet decoded = this.codec.decode(this.codec.encode(packet));
		for (int i = 0; i < packet.updates().size(); i++) {
			Endpoint sent = packet.updates().get(i).endpoint();
			assertThat(decoded.updates().get(i).endpoint().isIpv6()).isEqualTo(sent.isIpv6());
		}
	}

}
