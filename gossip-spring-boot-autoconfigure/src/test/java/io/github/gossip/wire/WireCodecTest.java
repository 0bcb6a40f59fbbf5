package io.github.gossip.wire;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gossip.protocol.Endpoint;
import io.github.gossip.protocol.MemberId;
import io.github.gossip.protocol.MemberState;
import io.github.gossip.protocol.Message;
import io.github.gossip.protocol.Packet;
import io.github.gossip.protocol.ProtocolConfig;
import io.github.gossip.protocol.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Hand-picked encodings and hostile inputs the property tests are unlikely to hit. */
class WireCodecTest {

	private final WireCodec codec = new WireCodec();

	/** Records of realistic members (id "node-1234", random instance, small incarnation). */
	static int recordsPerPacket(WireCodec codec, boolean ipv6) {
		int budget = ProtocolConfig.lan().packetBudget();
		MemberId sender = new MemberId("node-0000", 0x18bcfe5680050afdL);
		List<Update> updates = new ArrayList<>();
		while (true) {
			byte[] addr = new byte[ipv6 ? 16 : 4];
			addr[0] = 10;
			addr[addr.length - 1] = (byte) updates.size();
			Update u = new Update(MemberState.ALIVE, new MemberId(String.format("node-%04d", updates.size() + 1),
					0x18bcfe5680050afdL + updates.size()), 17, new Endpoint(addr, 7946), null);
			List<Update> next = new ArrayList<>(updates);
			next.add(u);
			Packet packet = new Packet(sender, 5, new Message.JoinResponse(next), List.of());
			if (codec.encode(packet).length > budget) {
				return updates.size();
			}
			updates = next;
		}
	}

	@Test
	void atLeastFortyIpv4AndThirtyIpv6MemberRecordsFitOneSealedDatagram() {
		assertThat(recordsPerPacket(this.codec, false)).isGreaterThanOrEqualTo(40);
		assertThat(recordsPerPacket(this.codec, true)).isGreaterThanOrEqualTo(30);
	}

	@Test
	void pingIsSmall() {
		Packet ping = new Packet(new MemberId("node-0001", -1L), 3,
				new Message.Ping(12345, new MemberId("node-0002", -2L)), List.of());
		// version + id(10+8) + inc + type + seq(2) + target(10+8) + count
		assertThat(this.codec.encode(ping)).hasSize(1 + 18 + 1 + 1 + 2 + 18 + 1);
	}

	@Test
	void rejectsUnknownVersionTypeFlagsAndFamily() {
		Packet gossip = new Packet(new MemberId("a", 1), 0, Message.Gossip.INSTANCE,
				List.of(Update.alive(new MemberId("b", 2), 1, Endpoint.ipv4(1, 2, 3, 4, 5))));
		byte[] ok = this.codec.encode(gossip);
		assertThat(this.codec.decode(ok)).isEqualTo(gossip);
		byte[] badVersion = ok.clone();
		badVersion[0] = 2;
		assertDecodeFails(badVersion);
		int typeAt = 1 + 2 + 8 + 1;
		byte[] badType = ok.clone();
		badType[typeAt] = 7;
		assertDecodeFails(badType);
		byte[] badFlags = ok.clone();
		badFlags[typeAt + 2] = (byte) 0x08;
		assertDecodeFails(badFlags);
		Packet req = new Packet(new MemberId("a", 1), 0, new Message.JoinRequest(Endpoint.ipv4(1, 2, 3, 4, 5), 0),
				List.of());
		byte[] badFamily = this.codec.encode(req);
		badFamily[typeAt + 1] = 5;
		assertDecodeFails(badFamily);
	}

	@Test
	void rejectsOversizedCountsLengthsAndIncarnations() {
		// count claims more updates than bytes could hold: rejected before allocating
		assertDecodeFails(new byte[] { 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xFF, 0x7F });
		// node id longer than 64 bytes
		byte[] longId = new byte[80];
		longId[0] = 1;
		longId[1] = 65;
		assertDecodeFails(longId);
		// empty node id
		assertDecodeFails(new byte[] { 1, 0 });
		// incarnation above the cap (2^48)
		byte[] bigInc = { 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
				(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0, 0 };
		assertDecodeFails(bigInc);
		// varint that never ends, and one padded with a zero continuation
		assertDecodeFails(new byte[] { 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
		assertDecodeFails(new byte[] { 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0x80, 0x00, 0, 0 });
		// control characters and invalid UTF-8 in a node id
		assertDecodeFails(new byte[] { 1, 1, '\n', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 });
		assertDecodeFails(new byte[] { 1, 2, (byte) 0xC3, (byte) 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 });
		assertDecodeFails(new byte[0]);
		assertDecodeFails(new byte[WireCodec.MAX_PACKET + 1]);
	}

	@Test
	void rejectsBadBufferBounds() {
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(new byte[4], 3, 2));
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(new byte[4], -1, 2));
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(null, 0, 0));
	}

	private void assertDecodeFails(byte[] bytes) {
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(bytes));
	}

}
