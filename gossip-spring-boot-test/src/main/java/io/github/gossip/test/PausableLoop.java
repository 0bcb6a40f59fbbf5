package io.github.gossip.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;

/**
 * A node's protocol loop on the virtual time that can be paused, as a process is by SIGSTOP or a long
 * garbage collection: what falls due while it is paused (timers, received datagrams) waits, in order,
 * and runs when the pause ends, when the node finds its clock has jumped.
 */
final class PausableLoop implements TaskLoop {

	private final VirtualTime time;

	private final TaskLoop delegate;

	/** Guarded by the virtual time: only its owner reads or writes it. */
	private long resumeAtNanos;

	PausableLoop(VirtualTime time) {
		this.time = time;
		this.delegate = time.loop();
	}

	/** Pauses the loop for {@code duration} from now; a pause in progress is extended, not shortened. */
	void pause(Duration duration) {
		this.time.runExclusively(() -> this.resumeAtNanos = Math.max(this.resumeAtNanos,
				this.time.nanoTime() + duration.toNanos()));
	}

	boolean isPaused() {
		return this.time.nanoTime() < this.resumeAtNanos;
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(gated(task));
	}

	@Override
	public void schedule(Runnable task, long delay, TimeUnit unit) {
		this.delegate.schedule(gated(task), delay, unit);
	}

	/** A task that, when due during a pause, waits for its end (behind what was due before it). */
	private Runnable gated(Runnable task) {
		return new Runnable() {

			@Override
			public void run() {
				long now = PausableLoop.this.time.nanoTime();
				if (now < PausableLoop.this.resumeAtNanos) {
					PausableLoop.this.delegate.schedule(this, PausableLoop.this.resumeAtNanos - now, TimeUnit.NANOSECONDS);
				}
				else {
					task.run();
				}
			}

		};
	}

	/** A command from the test acts at once, also on a paused node: the test stands outside the process. */
	@Override
	public CompletableFuture<Void> submit(Runnable command) {
		return this.delegate.submit(command);
	}

	@Override
	public <T> CompletableFuture<T> offload(Supplier<T> work) {
		return this.delegate.offload(work);
	}

	@Override
	public long nanoTime() {
		return this.delegate.nanoTime();
	}

	@Override
	public void sleep(Duration duration) {
		this.delegate.sleep(duration);
	}

	@Override
	public void shutdownNow() {
		this.delegate.shutdownNow();
	}

}
