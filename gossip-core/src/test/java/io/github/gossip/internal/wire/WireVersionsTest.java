package io.github.gossip.internal.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a node does with versions: which it writes to whom, what it announces, and how a reader of
 * version 2 treats what a later version may add (a message type, fields of a record) and what it
 * refuses.
 */
class WireVersionsTest {

	private static final MemberId SENDER = new MemberId("node-1", 42);

	private static final Update ALIVE = Update.alive(new MemberId("node-2", 7), 3, Endpoint.ipv4(10, 0, 0, 2, 1179));

	private final WireCodec codec = new WireCodec();

	@Test
	void aPeerWithoutAnAnnouncementSpeaksOnlyTheFirstVersion() {
		assertThat(WireVersions.THIS_RELEASE.versionFor(null)).isEqualTo(1);
		assertThat(WireVersions.THIS_RELEASE.versionFor(MemberMetadata.EMPTY)).isEqualTo(1);
		assertThat(WireVersions.THIS_RELEASE.versionFor(new MemberMetadata(Set.of("a"), Map.of("zone", "x"))))
			.isEqualTo(1);
	}

	@Test
	void aPeerIsWrittenToInTheHighestVersionBothSpeak() {
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("1-2"))).isEqualTo(2);
		assertThat(WireVersions.PREVIOUS_RELEASE.versionFor(announcing("1-2"))).isEqualTo(1);
		// a later release that still speaks 2
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("2-3"))).isEqualTo(2);
	}

	@Test
	void aPeerWithNoCommonVersionOrAGarbledAnnouncementGetsTheLowestVersion() {
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("3-4"))).isEqualTo(1);
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("two"))).isEqualTo(1);
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("2"))).isEqualTo(1);
		assertThat(WireVersions.THIS_RELEASE.versionFor(announcing("-"))).isEqualTo(1);
	}

	@Test
	void thisReleaseAnnouncesItsRangeAndThePreviousReleaseAnnouncedNothing() {
		MemberMetadata user = new MemberMetadata(Set.of("acme.renew"), Map.of("zone", "eu-1"));
		assertThat(WireVersions.THIS_RELEASE.announce(user).values()).containsEntry("gossip.wire", "1-2")
			.containsEntry("zone", "eu-1");
		assertThat(WireVersions.THIS_RELEASE.announce(user).roles()).containsExactly("acme.renew");
		assertThat(WireVersions.PREVIOUS_RELEASE.announce(user)).isSameAs(user);
		assertThat(WireVersions.userValues(WireVersions.THIS_RELEASE.announce(user).values()))
			.containsExactly(Map.entry("zone", "eu-1"));
	}

	@Test
	void metadataThatFitsOnlyWithoutTheAnnouncementIsRefusedNamingIt() {
		MemberMetadata full = new MemberMetadata(Set.of(), Map.of("a", "x".repeat(128), "b", "x".repeat(128), "c",
				"x".repeat(128), "d", "x".repeat(110)));
		assertThatIllegalArgumentException().isThrownBy(() -> WireVersions.THIS_RELEASE.announce(full))
			.withMessageContaining("512")
			.withMessageContaining("gossip.wire=1-2");
	}

	@Test
	void userMetadataMayNotUseTheProtocolsKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WireVersions.checkUserKeys(Map.of("gossip.wire", "9-9")))
			.withMessage("metadata key 'gossip.wire' is reserved: keys that start with 'gossip.' belong to the protocol");
		assertThat(WireVersions.checkUserKeys(Map.of("gossipy", "ok"))).containsKey("gossipy");
	}

	@Test
	void versionsOutsideWhatThisBuildWritesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WireVersions(1, 3))
			.withMessage("wire versions 1-3: this build speaks 1 to 2");
		assertThatIllegalArgumentException().isThrownBy(() -> new WireVersions(2, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new WireCodec(WireVersions.PREVIOUS_RELEASE)
			.encode(new Packet(SENDER, 1, Message.Gossip.INSTANCE, List.of()), 2));
	}

	@Test
	void theFirstByteOfTheSecondVersionSaysTheVersionAndTheHighestTheSenderSpeaks() {
		Packet packet = new Packet(SENDER, 1, new Message.Ack(9), List.of(ALIVE));
		assertThat(this.codec.encode(packet, 2)[0]).isEqualTo((byte) 0x22);
		assertThat(this.codec.encode(packet, 1)[0]).isEqualTo((byte) 0x01);
		assertThat(this.codec.encode(packet)[0]).as("to a peer of unknown version").isEqualTo((byte) 0x01);
		assertThat(this.codec.read(this.codec.encode(packet, 2)).version()).isEqualTo(2);
	}

	@Test
	void aMessageTypeOfALaterVersionIsSkippedAndTheUpdatesOfItsPacketAreKept() {
		byte[] gossip = this.codec.encode(new Packet(SENDER, 5, Message.Gossip.INSTANCE, List.of(ALIVE)), 2);
		// the GOSSIP message is the last byte: replace it with type 11, its length and a body this build
		// cannot read
		byte[] later = Arrays.copyOf(gossip, gossip.length + 4);
		later[gossip.length - 1] = 11;
		later[gossip.length] = 3;
		later[gossip.length + 1] = (byte) 0xFF;
		later[gossip.length + 2] = (byte) 0x80;
		later[gossip.length + 3] = 0;
		WireCodec.Decoded decoded = this.codec.read(later);
		assertThat(decoded.skippedUnknownMessage()).isTrue();
		assertThat(decoded.packet()).isEqualTo(new Packet(SENDER, 5, Message.Gossip.INSTANCE, List.of(ALIVE)));
		assertThat(this.codec.read(gossip).skippedUnknownMessage()).isFalse();

		// a length that does not end the packet is damage, not a later version
		for (int wrong : new int[] { 2, 4, 127 }) {
			byte[] garbled = later.clone();
			garbled[gossip.length] = (byte) wrong;
			assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(garbled))
				.withMessageContaining("message of unknown type 11");
		}
	}

	@Test
	void inTheFirstVersionAnUnknownMessageTypeCannotBeSteppedOverAndFailsThePacket() {
		byte[] first = this.codec.encode(new Packet(SENDER, 5, Message.Gossip.INSTANCE, List.of()), 1);
		// the type byte follows version, sender (1 + 6 + 8 bytes) and incarnation
		int typeAt = 1 + 1 + 6 + 8 + 1;
		assertThat(first[typeAt]).isZero();
		first[typeAt] = 11;
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(first))
			.withMessage("unknown message type 11")
			.satisfies((ex) -> assertThat(ex.isUnsupportedVersion()).isFalse());
	}

	@Test
	void fieldsALaterVersionAddsToARecordAreSteppedOverInTheSecondVersionOnly() {
		Packet packet = new Packet(SENDER, 5, new Message.Ack(9), List.of(ALIVE));
		byte[] plain = this.codec.encode(packet, 2);
		int flagsAt = 1 + 1 + 6 + 8 + 1 + 1; // header, then the update count
		int updateEnd = flagsAt + this.codec.updateSize(ALIVE);
		byte[] extended = new byte[plain.length + 3];
		System.arraycopy(plain, 0, extended, 0, updateEnd);
		extended[flagsAt] |= 0b1000000;
		extended[updateEnd] = 2;
		extended[updateEnd + 1] = (byte) 0xAB;
		extended[updateEnd + 2] = (byte) 0xCD;
		System.arraycopy(plain, updateEnd, extended, updateEnd + 3, plain.length - updateEnd);
		assertThat(this.codec.decode(extended)).isEqualTo(packet);

		byte[] truncated = Arrays.copyOf(extended, updateEnd + 2);
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(truncated));

		byte[] first = this.codec.encode(packet, 1);
		int firstFlagsAt = 1 + 1 + 6 + 8 + 1 + 2 + 1; // header, the ACK, the update count
		first[firstFlagsAt] |= 0b1000000;
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(first))
			.withMessageStartingWith("unknown update flags");
	}

	@Test
	void aVersionThisNodeDoesNotSpeakIsToldApartFromDamage() {
		byte[] second = this.codec.encode(new Packet(SENDER, 5, Message.Gossip.INSTANCE, List.of()), 2);
		byte[] third = second.clone();
		third[0] = 0x33;
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.codec.decode(third))
			.withMessage("wire version 3, this node speaks 1 to 2")
			.satisfies((ex) -> assertThat(ex.isUnsupportedVersion()).isTrue());
		for (int damaged : new int[] { 0x00, 0x11, 0x12, 0x20 }) {
			byte[] bad = second.clone();
			bad[0] = (byte) damaged;
			assertThatExceptionOfType(DecodeException.class).as("first byte %x", damaged)
				.isThrownBy(() -> this.codec.decode(bad))
				.satisfies((ex) -> assertThat(ex.isUnsupportedVersion()).isFalse());
		}
	}

	private static MemberMetadata announcing(String range) {
		return new MemberMetadata(Set.of(), Map.of("gossip.wire", range));
	}

}
