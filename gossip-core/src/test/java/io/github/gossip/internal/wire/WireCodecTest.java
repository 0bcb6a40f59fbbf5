package io.github.gossip.internal.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.Update;

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
		badFlags[typeAt + 2] = (byte) 0x10;
		assertDecodeFails(badFlags);
		Packet req = new Packet(new MemberId("a", 1), 0, new Message.JoinRequest(Endpoint.ipv4(1, 2, 3, 4, 5), 0),
				List.of());
		byte[] badFamily = this.codec.encode(req);
		badFamily[typeAt + 1] = 5;
		assertDecodeFails(badFamily);
	}

	@Test
	void rejectsEpochsAboveTheCapAndAGrantOfNoEpoch() {
		MemberId a = new MemberId("a", 1);
		long cap = MemberMetadata.MAX_EPOCH;
		assertThat(this.codec.decode(this.codec.encode(new Packet(a, 0, new Message.LeaseRequest("r", cap, 1), List.of()))))
			.isNotNull();
		// adding one to an epoch learned from the network must never overflow
		assertDecodeFails(this.codec.encode(new Packet(a, 0, new Message.LeaseRequest("r", cap + 1, 1), List.of())));
		assertDecodeFails(this.codec.encode(new Packet(a, 0, new Message.LeaseGrant("r", cap + 1, 1, false), List.of())));
		// a refusal may know no epoch; a grant is always of one
		assertThat(this.codec.decode(this.codec.encode(new Packet(a, 0, new Message.LeaseGrant("r", 0, 1, false), List.of()))))
			.isNotNull();
		assertDecodeFails(this.codec.encode(new Packet(a, 0, new Message.LeaseGrant("r", 0, 1, true), List.of())));
		MemberMetadata claiming = MemberMetadata.EMPTY.withClaims(Map.of("r", cap + 1), Map.of());
		assertDecodeFails(this.codec.encode(new Packet(a, 0, Message.Gossip.INSTANCE,
				List.of(Update.alive(a, 0, Endpoint.ipv4(10, 0, 0, 1, 1), claiming)))));
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
	void metadataTravelsWithTheRecordAndStaysBounded() {
		MemberMetadata meta = new MemberMetadata(Set.of("acme.renew", "purge.stores"), Map.of("zone", "eu-1", "empty", ""));
		Update u = Update.alive(new MemberId("node-1", 7), 3, Endpoint.ipv4(10, 0, 0, 1, 1179), meta);
		Packet packet = new Packet(new MemberId("node-2", 8), 1, Message.Gossip.INSTANCE, List.of(u));
		assertThat(this.codec.decode(this.codec.encode(packet)).updates()).containsExactly(u);
		// largest metadata allowed still leaves room for the record in a datagram
		Map<String, String> big = new TreeMap<>();
		for (int i = 0; i < 4; i++) {
			big.put("k" + i, "v".repeat(124));
		}
		MemberMetadata max = new MemberMetadata(Set.of(), big);
		assertThat(max.encodedSize()).isLessThanOrEqualTo(MemberMetadata.MAX_ENCODED_BYTES);
		Update fat = Update.alive(new MemberId("n".repeat(64), 7), 3, Endpoint.ipv4(10, 0, 0, 1, 1179), max);
		assertThat(this.codec.updateSize(fat)).isLessThan(ProtocolConfig.lan().packetBudget() / 2);
	}

	@Test
	void rejectsMetadataOverItsBoundsUnsortedOrWithControlCharacters() {
		Update u = Update.alive(new MemberId("a", 1), 0, Endpoint.ipv4(1, 2, 3, 4, 5),
				new MemberMetadata(Set.of("x", "y"), Map.of()));
		byte[] ok = this.codec.encode(new Packet(new MemberId("a", 1), 0, Message.Gossip.INSTANCE, List.of(u)));
		// layout at the end: roles:2 len:1 'x' len:1 'y' values:0
		int rolesAt = ok.length - 6;
		assertThat(ok[rolesAt]).isEqualTo((byte) 2);
		byte[] unsorted = ok.clone();
		unsorted[rolesAt + 2] = 'y';
		unsorted[rolesAt + 4] = 'x';
		assertDecodeFails(unsorted);
		byte[] duplicate = ok.clone();
		duplicate[rolesAt + 4] = 'x';
		assertDecodeFails(duplicate);
		byte[] control = ok.clone();
		control[rolesAt + 2] = 0x07;
		assertDecodeFails(control);
		byte[] hugeCount = ok.clone();
		hugeCount[rolesAt] = 0x7F;
		assertDecodeFails(hugeCount);
		// five values of 128 bytes each exceed the 512-byte budget: the decoder says no
		List<Byte> over = new ArrayList<>();
		for (byte b : Arrays.copyOf(ok, rolesAt)) {
			over.add(b);
		}
		over.add((byte) 0);
		over.add((byte) 5);
		for (int i = 0; i < 5; i++) {
			over.add((byte) 1);
			over.add((byte) ('a' + i));
			over.add((byte) 0x80);
			over.add((byte) 0x01);
			for (int j = 0; j < 128; j++) {
				over.add((byte) 'v');
			}
		}
		byte[] oversize = new byte[over.size()];
		for (int i = 0; i < oversize.length; i++) {
			oversize[i] = over.get(i);
		}
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(oversize))
			.withMessageContaining("metadata");
	}

	@Test
	void excludedRolesTravelOnlyWhenAMemberHasSomeAndBadListsAreRejected() {
		MemberMetadata plain = new MemberMetadata(Set.of("x"), Map.of());
		MemberMetadata excluding = new MemberMetadata(Set.of("x"), Set.of("y"), Map.of());
		Update withoutExclusions = Update.alive(new MemberId("a", 1), 0, Endpoint.ipv4(1, 2, 3, 4, 5), plain);
		Update u = Update.alive(new MemberId("a", 1), 0, Endpoint.ipv4(1, 2, 3, 4, 5), excluding);
		byte[] plainBytes = this.codec.encode(new Packet(new MemberId("a", 1), 0, Message.Gossip.INSTANCE,
				List.of(withoutExclusions)));
		byte[] ok = this.codec.encode(new Packet(new MemberId("a", 1), 0, Message.Gossip.INSTANCE, List.of(u)));
		assertThat(this.codec.decode(ok).updates()).containsExactly(u);
		// a member without exclusions pays nothing for them: the list costs a count and its names
		assertThat(ok.length).isEqualTo(plainBytes.length + 3);
		assertThat(this.codec.updateSize(u)).isEqualTo(this.codec.updateSize(withoutExclusions) + 3);
		// version, sender "a" and instance, incarnation, GOSSIP, one update: then its flags
		int flagsAt = 1 + 2 + 8 + 1 + 1 + 1;
		assertThat(plainBytes[flagsAt]).isEqualTo((byte) 0b01000);
		assertThat(ok[flagsAt]).isEqualTo((byte) 0b11000);
		// layout at the end: roles:1 len:1 'x' excluded:1 len:1 'y' values:0
		int excludedAt = ok.length - 4;
		assertThat(ok[excludedAt]).isEqualTo((byte) 1);
		byte[] noMetadata = plainBytes.clone();
		noMetadata[flagsAt] = (byte) 0b10000;
		assertDecodeFails(noMetadata);
		byte[] emptyList = ok.clone();
		emptyList[excludedAt] = 0;
		assertDecodeFails(Arrays.copyOf(emptyList, emptyList.length - 2));
		byte[] heldAndExcluded = ok.clone();
		heldAndExcluded[excludedAt + 2] = 'x';
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(heldAndExcluded))
			.withMessageContaining("both held and excluded");
		byte[] hugeCount = ok.clone();
		hugeCount[excludedAt] = 0x7F;
		assertDecodeFails(hugeCount);
		byte[] unknownFlag = ok.clone();
		unknownFlag[flagsAt] = (byte) 0b111000;
		assertDecodeFails(unknownFlag);
	}

	@Test
	void syncMessagesAreBoundedBeforeAllocation() {
		Packet request = new Packet(new MemberId("a", 1), 0, new Message.SyncRequest(List.of(1, 2, 3, 4)), List.of());
		byte[] ok = this.codec.encode(request);
		assertThat(this.codec.decode(ok)).isEqualTo(request);
		int countAt = 1 + 2 + 8 + 1 + 1;
		byte[] notPowerOfTwo = ok.clone();
		notPowerOfTwo[countAt] = 3;
		assertDecodeFails(notPowerOfTwo);
		byte[] tooMany = Arrays.copyOf(ok, ok.length);
		tooMany[countAt] = (byte) 0x80;
		assertDecodeFails(tooMany);
		Packet push = new Packet(new MemberId("a", 1), 0, new Message.SyncPush(true, 8, List.of(1, 5), List.of()),
				List.of());
		byte[] pushed = this.codec.encode(push);
		assertThat(this.codec.decode(pushed)).isEqualTo(push);
		// flags, bucket count, list size, buckets
		byte[] descending = pushed.clone();
		descending[countAt + 3] = 6;
		assertDecodeFails(descending);
		byte[] outOfRange = pushed.clone();
		outOfRange[countAt + 4] = 8;
		assertDecodeFails(outOfRange);
		byte[] badFlags = pushed.clone();
		badFlags[countAt] = 2;
		assertDecodeFails(badFlags);
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
