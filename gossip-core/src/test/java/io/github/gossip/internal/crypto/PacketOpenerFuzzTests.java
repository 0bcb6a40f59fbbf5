package io.github.gossip.internal.crypto;

import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a peer sends makes the opener throw or accept it unless it was sealed with our key.
 */
class PacketOpenerFuzzTests {

	private final PacketOpener opener = new PacketOpener(Keyring.of(PacketSealingTests.KEY_A), "", 1400,
			Duration.ofMinutes(10), System::currentTimeMillis);

	private final PacketSealer sealer = PacketSealer.create(Keyring.of(PacketSealingTests.KEY_A), "");

	@Property(tries = 2000)
	void randomBytesNeverOpen(@ForAll @Size(max = 1500) byte[] datagram) {
		assertThat(this.opener.open(datagram, 0, datagram.length).isOpen()).isFalse();
	}

	@Property(tries = 2000)
	void mutatedDatagramsNeverOpen(@ForAll @Size(min = 0, max = 1300) byte[] payload,
			@ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll("nonZero") byte xor) {
		byte[] datagram = this.sealer.seal(payload, 0, payload.length);
		datagram[position % datagram.length] ^= xor;
		assertThat(this.opener.open(datagram, 0, datagram.length).isOpen()).isFalse();
	}

	@Provide
	Arbitrary<Byte> nonZero() {
		return Arbitraries.bytes().filter((b) -> b != 0);
	}

}
