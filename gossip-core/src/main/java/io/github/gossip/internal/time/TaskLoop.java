package io.github.gossip.internal.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A serial executor with a clock: the protocol thread of a node, or the delivery of a simulated
 * network. Tasks run one at a time, in the order they became due. A {@linkplain #threads thread}
 * loop runs them on a thread of its own on the system's monotonic clock; a loop of a
 * {@link VirtualTime} runs them on whichever thread advances that time, and its clock moves only
 * then, so that tests run minutes of a cluster in milliseconds and replay exactly.
 */
public interface TaskLoop {

	/**
	 * Runs {@code task} on the loop as soon as it is free; never inline.
	 * @throws RejectedExecutionException once the loop is shut down
	 */
	void execute(Runnable task);

	/**
	 * Runs {@code task} on the loop after {@code delay}.
	 * @throws RejectedExecutionException once the loop is shut down
	 */
	void schedule(Runnable task, long delay, TimeUnit unit);

	/**
	 * Runs {@code command} on the loop: at once when the caller may act on the loop (it is the loop's
	 * thread, or the thread that owns the virtual time), so that a command issued from a task never
	 * waits for the loop it runs on; otherwise as the next task.
	 * @return completes once {@code command} ran, exceptionally if it threw or the loop was shut down
	 */
	CompletableFuture<Void> submit(Runnable command);

	/**
	 * Computes {@code work}, which may block (a DNS lookup, say), without holding up the loop: on
	 * another thread for a thread loop; at once, and deterministically, in virtual time.
	 */
	<T> CompletableFuture<T> offload(Supplier<T> work);

	/** The loop's monotonic clock, in nanoseconds; only differences mean anything. */
	long nanoTime();

	/**
	 * The wall clock, in milliseconds since the epoch: unlike {@link #nanoTime()} shared across
	 * hosts (as far as they keep time), so members can align on it without talking.
	 */
	default long currentTimeMillis() {
		return System.currentTimeMillis();
	}

	/**
	 * Lets {@code duration} pass for the caller: sleeps the thread, or, in virtual time, advances that
	 * time (running every loop's tasks meanwhile).
	 */
	void sleep(Duration duration);

	/** Stops the loop: tasks not yet run are dropped, and new ones are rejected. */
	void shutdownNow();

	/**
	 * A loop on a thread of its own and the system's monotonic clock.
	 * @param name the thread's name
	 * @param daemon whether the thread is a daemon (one that must not keep the JVM alive)
	 */
	static TaskLoop threads(String name, boolean daemon) {
		return new ThreadTaskLoop(name, daemon);
	}

}
