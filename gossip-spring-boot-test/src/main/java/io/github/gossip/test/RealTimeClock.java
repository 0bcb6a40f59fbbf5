package io.github.gossip.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.gossip.internal.time.VirtualTime;

/**
 * Advances a virtual time in step with the wall clock, on a daemon thread of its own, so that a test
 * can wait as it would for a real cluster. Every task still runs on one thread, this one, in the
 * virtual time's order; the time never runs ahead of the wall clock, only behind when the tasks take
 * longer to compute than they simulate, and it waits when the test has advanced it further.
 */
final class RealTimeClock {

	/** How often the thread catches up with the wall clock. */
	private static final Duration STEP = Duration.ofMillis(5);

	private final VirtualTime time;

	private final Thread thread;

	private volatile boolean stopped;

	private volatile Throwable failure;

	private RealTimeClock(VirtualTime time) {
		this.time = time;
		this.thread = new Thread(this::run, "simulated-cluster-clock");
		this.thread.setDaemon(true);
	}

	static RealTimeClock start(VirtualTime time) {
		RealTimeClock clock = new RealTimeClock(time);
		clock.thread.start();
		return clock;
	}

	private void run() {
		long wallStart = System.nanoTime();
		long virtualStart = this.time.nanoTime();
		try {
			while (!this.stopped) {
				long behind = virtualStart + (System.nanoTime() - wallStart) - this.time.nanoTime();
				if (behind > 0) {
					this.time.advance(Duration.ofNanos(behind));
				}
				LockSupport.parkNanos(STEP.toNanos());
			}
		}
		catch (RuntimeException | Error ex) {
			this.failure = ex; // the clock stops: the test sees the cluster stand still, and close reports it
		}
	}

	/**
	 * Stops the thread, after the step it is taking.
	 * @return what a task threw, which stopped the clock, or null
	 */
	Throwable stop() {
		this.stopped = true;
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.failure;
	}

}
