package io.github.gossip.internal.wire;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

import io.github.gossip.bench.BenchReport;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


/**
 * Member records that fit one 1400-byte datagram after 45 bytes of sealing overhead, and single-thread
 * throughput of encoding and of the sizing the state machine does while packing datagrams. Throughput
 * is per second of this thread's CPU time, so that other processes on a busy machine distort it less.
 */
@Tag("bench")
class CodecBenchmarkTest {

	private static final int BATCH = 20_000;

	private static final int ROUNDS = 25;

	private static final int WARMUP_ROUNDS = 10;

	@Test
	void recordsPerPacket() {
		WireCodec codec = new WireCodec();
		BenchReport.record(String.format("codec.records_per_packet size=1400 v4=%d v6=%d",
				WireCodecTest.recordsPerPacket(codec, false), WireCodecTest.recordsPerPacket(codec, true)));
	}

	@Test
	void encodeAndSize() {
		WireCodec codec = new WireCodec();
		// the golden fixtures: every message kind, with and without piggybacked updates and metadata
		List<Packet> packets = List.copyOf(WireGoldenTest.fixtures().values());
		long bytes = 0;
		long sink = 0;
		long encodeNanos = 0;
		long sizeNanos = 0;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long start = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < BATCH; i++) {
				byte[] encoded = codec.encode(packets.get(i % packets.size()));
				sink += encoded[encoded.length - 1];
				if (round == 0) {
					bytes += encoded.length;
				}
			}
			long encoded = threads.getCurrentThreadCpuTime() - start;
			start = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < BATCH; i++) {
				Packet p = packets.get(i % packets.size());
				sink += codec.baseSize(p.sender(), p.senderIncarnation(), p.message());
				for (Update u : p.updates()) {
					sink += codec.updateSize(u);
				}
			}
			long sized = threads.getCurrentThreadCpuTime() - start;
			if (round >= WARMUP_ROUNDS) {
				encodeNanos += encoded;
				sizeNanos += sized;
			}
		}
		long ops = (long) BATCH * ROUNDS;
		BenchReport.print("codec.encode", "packets", packets.size(), "avg_bytes", bytes / BATCH, "ops_per_cpu_s",
				ops * 1_000_000_000L / encodeNanos, "check", sink & 0xF);
		BenchReport.print("codec.size", "packets", packets.size(), "ops_per_cpu_s",
				ops * 1_000_000_000L / sizeNanos);
	}

}
