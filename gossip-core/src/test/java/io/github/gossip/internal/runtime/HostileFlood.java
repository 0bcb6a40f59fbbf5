package io.github.gossip.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Random;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.PacketSealer;
import io.github.gossip.internal.crypto.SealingKey;

/**
 * Sends random and mutated datagrams at a live node: random bytes, bit-flipped sealed datagrams,
 * datagrams sealed with another key, truncations, and well-sealed garbage that must fail to decode.
 * Paced so that loopback buffers do not silently drop most of them.
 */
final class HostileFlood {

	private HostileFlood() {
	}

	static FloodReport send(GossipNode target, int count, Random random) throws Exception {
		PacketSealer genuine = PacketSealer.create(LocalCluster.KEYRING, "");
		PacketSealer stranger = PacketSealer.create(Keyring.of(SealingKey.fromPassphrase("a stranger's passphrase", "")),
				"");
		long dropsBefore = totalDrops(target);
		long inBefore = target.transportStats().datagramsIn();
		long decodedBefore = target.packetsDecoded();
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			for (int i = 0; i < count; i++) {
				byte[] datagram = hostile(i, random, genuine, stranger);
				socket.send(new DatagramPacket(datagram, datagram.length, target.localAddress()));
				if (i % 50 == 0) {
					Thread.sleep(1);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// The cluster's own traffic keeps flowing, so wait for a quiet moment in which every datagram
		// received is accounted for; one that escaped the accounting would keep them apart forever.
		long deadline = System.nanoTime() + 30_000_000_000L;
		long received;
		long decoded;
		long dropped;
		do {
			Thread.sleep(100);
			received = target.transportStats().datagramsIn() - inBefore;
			decoded = target.packetsDecoded() - decodedBefore;
			dropped = totalDrops(target) - dropsBefore;
		}
		while (received != decoded + dropped && System.nanoTime() < deadline);
		return new FloodReport(count, received, decoded, dropped);
	}

	private static byte[] hostile(int i, Random random, PacketSealer genuine, PacketSealer stranger) {
		byte[] payload = new byte[random.nextInt(1200)];
		random.nextBytes(payload);
		return switch (i % 5) {
			case 0 -> payload;
			case 1 -> {
				byte[] sealed = genuine.seal(payload, 0, payload.length);
				sealed[random.nextInt(sealed.length)] ^= (byte) (1 + random.nextInt(255));
				yield sealed;
			}
			case 2 -> stranger.seal(payload, 0, payload.length);
			case 3 -> {
				byte[] sealed = genuine.seal(payload, 0, payload.length);
				yield java.util.Arrays.copyOf(sealed, random.nextInt(sealed.length));
			}
			// sealed with the right key but not a valid protocol packet: the decoder must refuse it
			default -> genuine.seal(payload, 0, payload.length);
		};
	}

	/** Datagrams dropped for any reason, and those a node ignores by design: one-byte port checks. */
	static long totalDrops(GossipNode node) {
		long total = node.transportStats().portChecksReceived();
		for (DropReason reason : DropReason.values()) {
			total += node.transportStats().drops(reason);
		}
		return total;
	}

}
