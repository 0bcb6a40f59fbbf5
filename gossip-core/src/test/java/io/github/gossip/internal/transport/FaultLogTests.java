package io.github.gossip.internal.transport;

import java.util.concurrent.atomic.AtomicLong;

import reactor.util.Loggers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.testsupport.CapturedOutput;
import io.github.gossip.testsupport.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FaultLogTests {

	private final AtomicLong millis = new AtomicLong(1_000_000);

	private final FaultLog log = new FaultLog(Loggers.getLogger(FaultLogTests.class), this.millis::get);

	@Test
	void aRepeatingFaultIsLoggedOnceAMinuteWithTheNumberLeftOut(CapturedOutput output) {
		this.log.error("datagram", "handling failed", new IllegalStateException("first"));
		for (int i = 0; i < 5; i++) {
			this.millis.addAndGet(1000);
			this.log.error("datagram", "handling failed", new IllegalStateException("again"));
		}
		assertThat(output.getOut()).contains("ERROR").contains("first").doesNotContain("again");
		this.millis.addAndGet(60_000);
		this.log.error("datagram", "handling failed", new IllegalStateException("a minute later"));
		assertThat(output.getOut()).contains("handling failed (5 more since the last report were counted but not logged)")
			.contains("a minute later");
	}

	@Test
	void kindsAreLimitedApart(CapturedOutput output) {
		this.log.error("timer", "timer failed", new IllegalStateException("timer bug"));
		this.log.error("packet", "packet failed", new IllegalStateException("packet bug"));
		assertThat(output.getOut()).contains("timer bug").contains("packet bug");
	}

}
