package io.github.gossip.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealing and opening datagrams: round trips, wrong keys and clusters, tampering, replays, clock
 * skew and key rotation.
 */
class PacketSealingTests {

	static final SealingKey KEY_A = SealingKey.fromPassphrase("first cluster passphrase", "");

	static final SealingKey KEY_B = SealingKey.fromPassphrase("second cluster passphrase", "");

	private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

	private final byte[] payload = "ping from node 1".getBytes(StandardCharsets.UTF_8);

	private PacketSealer sealer(Keyring keyring, String label) {
		return new PacketSealer(keyring, label, new SecureRandom(), this.clock::get);
	}

	private PacketOpener opener(Keyring keyring, String label) {
		return new PacketOpener(keyring, label, 1400, Duration.ofMinutes(10), this.clock::get);
	}

	private byte[] seal(PacketSealer sealer) {
		return sealer.seal(this.payload, 0, this.payload.length);
	}

	@Test
	void roundTrip() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		assertThat(datagram).hasSize(this.payload.length + PacketSealer.overhead());
		PacketOpener.Opened opened = opener(Keyring.of(KEY_A), "").open(datagram, 0, datagram.length);
		assertThat(opened.isOpen()).isTrue();
		assertThat(opened.payload()).isEqualTo(this.payload);
	}

	@Test
	void overheadIsWhatTheProtocolReserves() {
		// the protocol sizes packets with this figure; the two must agree exactly
		assertThat(PacketSealer.overhead()).isEqualTo(36).isEqualTo(io.github.gossip.internal.protocol.ProtocolConfig.SEALING_OVERHEAD);
	}

	@Test
	void payloadIsNotVisibleInTheDatagram() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		assertThat(new String(datagram, StandardCharsets.ISO_8859_1)).doesNotContain("ping");
	}

	@Test
	void opensAtAnOffset() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		byte[] framed = new byte[datagram.length + 10];
		System.arraycopy(datagram, 0, framed, 7, datagram.length);
		assertThat(opener(Keyring.of(KEY_A), "").open(framed, 7, datagram.length).payload()).isEqualTo(this.payload);
	}

	@Test
	void wrongKeyIsABadKeyDrop() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_B), ""));
		assertThat(opener(Keyring.of(KEY_A), "").open(datagram, 0, datagram.length).dropReason())
			.isEqualTo(DropReason.BAD_KEY);
	}

	@Test
	void otherClusterLabelIsAWrongClusterDrop() {
		SealingKey labelled = SealingKey.fromPassphrase("first cluster passphrase", "eu");
		assertThat(labelled.fingerprint()).isNotEqualTo(KEY_A.fingerprint());
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), "eu"));
		assertThat(opener(Keyring.of(KEY_A), "us").open(datagram, 0, datagram.length).dropReason())
			.isEqualTo(DropReason.WRONG_CLUSTER);
	}

	@Test
	void everyFlippedBitIsRefused() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		for (int i = 0; i < datagram.length * 8; i++) {
			byte[] tampered = datagram.clone();
			tampered[i / 8] ^= (byte) (1 << (i % 8));
			PacketOpener.Opened opened = opener(Keyring.of(KEY_A), "").open(tampered, 0, tampered.length);
			assertThat(opened.isOpen()).as("bit %d", i).isFalse();
		}
	}

	@Test
	void plaintextTruncatedAndOversizeAreDropped() {
		PacketOpener opener = opener(Keyring.of(KEY_A), "");
		byte[] plaintext = "PING node-1".getBytes(StandardCharsets.UTF_8);
		assertThat(opener.open(plaintext, 0, plaintext.length).dropReason()).isEqualTo(DropReason.MALFORMED);
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		assertThat(opener.open(datagram, 0, 35).dropReason()).isEqualTo(DropReason.MALFORMED);
		assertThat(opener.open(datagram, 0, datagram.length - 1).dropReason()).isEqualTo(DropReason.BAD_KEY);
		assertThat(opener.open(new byte[1401], 0, 1401).dropReason()).isEqualTo(DropReason.OVERSIZE);
		byte[] wrongVersion = datagram.clone();
		wrongVersion[0] = 2;
		assertThat(opener.open(wrongVersion, 0, wrongVersion.length).dropReason()).isEqualTo(DropReason.MALFORMED);
	}

	@Test
	void replayIsDroppedAndReorderingWithinTheWindowIsNot() {
		PacketSealer sealer = sealer(Keyring.of(KEY_A), "");
		PacketOpener opener = opener(Keyring.of(KEY_A), "");
		List<byte[]> datagrams = new ArrayList<>();
		for (int i = 0; i < ReplayGuard.WINDOW; i++) {
			datagrams.add(seal(sealer));
		}
		List<byte[]> shuffled = new ArrayList<>(datagrams);
		Collections.shuffle(shuffled, new Random(42));
		for (byte[] datagram : shuffled) {
			assertThat(opener.open(datagram, 0, datagram.length).isOpen()).isTrue();
		}
		for (byte[] datagram : datagrams) {
			assertThat(opener.open(datagram, 0, datagram.length).dropReason()).isEqualTo(DropReason.REPLAY);
		}
	}

	@Test
	void datagramOlderThanTheWindowIsDropped() {
		PacketSealer sealer = sealer(Keyring.of(KEY_A), "");
		PacketOpener opener = opener(Keyring.of(KEY_A), "");
		byte[] old = seal(sealer);
		for (int i = 0; i < ReplayGuard.WINDOW; i++) {
			byte[] datagram = seal(sealer);
			opener.open(datagram, 0, datagram.length);
		}
		assertThat(opener.open(old, 0, old.length).dropReason()).isEqualTo(DropReason.REPLAY);
	}

	@Test
	void sendersAreToldApartBySession() {
		PacketOpener opener = opener(Keyring.of(KEY_A), "");
		byte[] first = seal(sealer(Keyring.of(KEY_A), ""));
		byte[] second = seal(sealer(Keyring.of(KEY_A), ""));
		assertThat(opener.open(first, 0, first.length).isOpen()).isTrue();
		assertThat(opener.open(second, 0, second.length).isOpen()).isTrue();
	}

	@Test
	void capturedDatagramReplayedLaterIsDropped() {
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		this.clock.addAndGet(Duration.ofMinutes(11).toMillis());
		// a receiver that restarted has no replay state; the timestamp still refuses the old datagram
		assertThat(opener(Keyring.of(KEY_A), "").open(datagram, 0, datagram.length).dropReason())
			.isEqualTo(DropReason.CLOCK_SKEW);
	}

	@Test
	void keyRotationWithoutDowntime() {
		PacketSealer oldSender = sealer(Keyring.of(KEY_A), "");
		PacketOpener receiver = opener(Keyring.of(KEY_A), "");
		// step 1: install the new key everywhere as a secondary
		Keyring installed = new Keyring(KEY_A, List.of(KEY_B));
		receiver.keyring(installed);
		PacketSealer newSender = sealer(installed, "");
		// step 2: make it primary, node by node: old and new primaries are both understood
		newSender.keyring(new Keyring(KEY_B, List.of(KEY_A)));
		byte[] fromOld = seal(oldSender);
		byte[] fromNew = seal(newSender);
		assertThat(receiver.open(fromOld, 0, fromOld.length).isOpen()).isTrue();
		assertThat(receiver.open(fromNew, 0, fromNew.length).isOpen()).isTrue();
		// step 3: remove the old key; its datagrams no longer open
		receiver.keyring(Keyring.of(KEY_B));
		byte[] lateOld = seal(oldSender);
		assertThat(receiver.open(lateOld, 0, lateOld.length).dropReason()).isEqualTo(DropReason.BAD_KEY);
		byte[] lateNew = seal(newSender);
		assertThat(receiver.open(lateNew, 0, lateNew.length).isOpen()).isTrue();
	}

	@Test
	void derivationIsDeterministicAndFingerprintsRevealNothing() {
		SealingKey again = SealingKey.fromPassphrase("first cluster passphrase", "");
		assertThat(again.fingerprint()).isEqualTo(KEY_A.fingerprint()).hasSize(12);
		assertThat(again.id()).isEqualTo(KEY_A.id());
		assertThat(KEY_A.toString()).doesNotContain("passphrase").contains(KEY_A.fingerprint());
		byte[] raw = new byte[32];
		new Random(7).nextBytes(raw);
		SealingKey fromRaw = SealingKey.fromRawKey(raw, "");
		assertThat(SealingKey.fromRawKey(raw.clone(), "").fingerprint()).isEqualTo(fromRaw.fingerprint());
		assertThat(SealingKey.fromRawKey(raw.clone(), "other").fingerprint()).isNotEqualTo(fromRaw.fingerprint());
	}

	@Test
	void keysSharingAnIdAreBothTried() {
		SealingKey colliding = KEY_B;
		int attempts = 0;
		// find a passphrase whose key id equals KEY_A's (1 in 256), so both keys are candidates
		while (colliding.id() != KEY_A.id()) {
			byte[] raw = new byte[32];
			new Random(attempts++).nextBytes(raw);
			colliding = SealingKey.fromRawKey(raw, "");
		}
		byte[] datagram = seal(sealer(Keyring.of(KEY_A), ""));
		PacketOpener opener = opener(new Keyring(colliding, List.of(KEY_A)), "");
		assertThat(opener.open(datagram, 0, datagram.length).isOpen()).isTrue();
	}

}
