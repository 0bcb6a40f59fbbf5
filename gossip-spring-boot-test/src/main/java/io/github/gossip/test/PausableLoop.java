package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;

/**
 * A node's protocol loop on the virtual time that can be paused, as a process is by SIGSTOP or a long
 * garbage collection: what falls due while it is paused (timers, received datagrams) waits, in order,
 * and runs when the pause ends, when the node finds its clock has jumped.
 * <p>
 * What waits is queued here, in the order it fell due, and runs in that order when the pause ends,
 * before anything else of the loop: rescheduling each task on its own to the pause's end would run
 * a task due exactly then, or one that fell due after an extension of the pause, before tasks due
 * earlier.
 */
final class PausableLoop implements TaskLoop {

	private final VirtualTime time;

	private final TaskLoop delegate;

	/** Tasks that fell due during a pause, in that order; guarded by the virtual time. */
	private final Queue<Runnable> waiting = new ArrayDeque<>();

	/** Guarded by the virtual time: only its owner reads or writes it. */
	private long resumeAtNanos;

	/** Whether a task to run {@link #waiting} is scheduled; guarded by the virtual time. */
	private boolean resumeScheduled;

	/** Set once by {@link #shutdownNow()}: what still waits is dropped, as a stopped executor drops it. */
	private volatile boolean shutDown;

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

	/**
	 * A task that, when due during a pause, waits for its end; also after it, while tasks due before
	 * it still wait, so that the loop keeps the order in which its tasks fell due.
	 */
	private Runnable gated(Runnable task) {
		return () -> {
			if (isPaused() || !this.waiting.isEmpty()) {
				this.waiting.add(task);
				scheduleResume();
			}
			else {
				task.run();
			}
		};
	}

	private void scheduleResume() {
		if (!this.resumeScheduled) {
			this.resumeScheduled = true;
			this.delegate.schedule(this::resume, Math.max(0, this.resumeAtNanos - this.time.nanoTime()),
					TimeUnit.NANOSECONDS);
		}
	}

	/** At the end of a pause: runs what waited, in order, unless the pause was extended meanwhile. */
	private void resume() {
		this.resumeScheduled = false;
		try {
			while (!isPaused() && !this.waiting.isEmpty() && !this.shutDown) {
				this.waiting.poll().run();
			}
		}
		finally {
			if (!this.waiting.isEmpty() && !this.shutDown) {
				scheduleResume(); // extended, or a task threw: what is left waits for the next turn
			}
		}
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
	public long currentTimeMillis() {
		return this.delegate.currentTimeMillis();
	}

	@Override
	public void sleep(Duration duration) {
		this.delegate.sleep(duration);
	}

	@Override
	public void shutdownNow() {
		this.shutDown = true;
		this.delegate.shutdownNow();
	}

}
