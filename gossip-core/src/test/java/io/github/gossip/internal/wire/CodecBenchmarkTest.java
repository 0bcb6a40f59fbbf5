package io.github.gossip.internal.wire;

import io.github.gossip.bench.BenchReport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


/** Member records that fit one 1400-byte datagram after 45 bytes of sealing overhead. */
@Tag("bench")
class CodecBenchmarkTest {

	@Test
	void recordsPerPacket() {
		WireCodec codec = new WireCodec();
		BenchReport.record(String.format("codec.records_per_packet size=1400 v4=%d v6=%d",
				WireCodecTest.recordsPerPacket(codec, false), WireCodecTest.recordsPerPacket(codec, true)));
	}

}
