package io.github.gossip.internal.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.Update;
import io.github.gossip.internal.wire.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol's packet budget plus sealing is exactly the datagram limit, and such a datagram opens. */
class FullDatagramTests {

	@Test
	void aPacketFilledToTheBudgetSealsIntoTheLargestAllowedDatagram() {
		ProtocolConfig config = ProtocolConfig.lan();
		WireCodec codec = new WireCodec();
		MemberId sender = new MemberId("node-0000", 0x18bcfe5680050afdL);
		List<Update> updates = new ArrayList<>();
		byte[] largest = new byte[0];
		for (int i = 1;; i++) {
			updates.add(new Update(MemberState.ALIVE, new MemberId(String.format("node-%04d", i), i), 17,
					new Endpoint(new byte[] { 10, 0, 0, (byte) i }, 7946), null));
			byte[] encoded = codec.encode(new Packet(sender, 5, new Message.JoinResponse(updates), List.of()));
			if (encoded.length > config.packetBudget()) {
				break;
			}
			largest = encoded;
		}
		assertThat(largest.length).isGreaterThan(config.packetBudget() - 40);
		Keyring keyring = Keyring.of(PacketSealingTests.KEY_A);
		byte[] datagram = new PacketSealer(keyring, "", new SecureRandom(), System::currentTimeMillis).seal(largest, 0,
				largest.length);
		assertThat(datagram.length).isLessThanOrEqualTo(config.maxDatagramSize());
		PacketOpener opener = new PacketOpener(keyring, "", config.maxDatagramSize(), Duration.ofMinutes(10),
				System::currentTimeMillis);
		assertThat(opener.open(datagram, 0, datagram.length).payload()).isEqualTo(largest);
	}

}
