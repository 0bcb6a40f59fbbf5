package io.github.gossip.internal.crypto;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.gossip.bench.BenchReport;

/**
 * Single-thread sealing and opening throughput for a full 1400-byte datagram, and the per-datagram
 * overhead. Run with {@code ./mvnw -B -Pbench verify}.
 */
@Tag("bench")
class CryptoBenchmark {

	private static final int SIZE = 1400;

	private static final int BATCH = 20_000;

	private static final int ROUNDS = 25;

	private static final int WARMUP_ROUNDS = 10;

	@Test
	void sealAndOpen() {
		Keyring keyring = Keyring.of(PacketSealingTests.KEY_A);
		PacketSealer sealer = PacketSealer.create(keyring, "");
		byte[] payload = new byte[SIZE - PacketSealer.overhead()];
		byte[][] datagrams = new byte[BATCH][];
		long sealNanos = 0;
		long openNanos = 0;
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < BATCH; i++) {
				datagrams[i] = sealer.seal(payload, 0, payload.length);
			}
			long sealed = System.nanoTime() - start;
			// a fresh opener per batch: its replay window accepts each datagram once
			PacketOpener opener = new PacketOpener(keyring, "", SIZE, Duration.ofMinutes(10),
					System::currentTimeMillis);
			start = System.nanoTime();
			int opened = 0;
			for (byte[] datagram : datagrams) {
				opened += opener.open(datagram, 0, datagram.length).isOpen() ? 1 : 0;
			}
			long openedNanos = System.nanoTime() - start;
			if (opened != BATCH) {
				throw new AssertionError("only " + opened + " of " + BATCH + " opened");
			}
			if (round >= WARMUP_ROUNDS) {
				sealNanos += sealed;
				openNanos += openedNanos;
			}
		}
		long ops = (long) BATCH * ROUNDS;
		BenchReport.print("crypto.seal", "size", SIZE, "ops_per_s", ops * 1_000_000_000L / sealNanos);
		BenchReport.print("crypto.open", "size", SIZE, "ops_per_s", ops * 1_000_000_000L / openNanos);
		BenchReport.print("crypto.overhead", "bytes", PacketSealer.overhead());
	}

}
