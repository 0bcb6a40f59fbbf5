package io.github.gossip.internal.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A {@link TaskLoop} on one thread of its own, timed by {@link System#nanoTime()}. */
final class ThreadTaskLoop implements TaskLoop {

	private final ScheduledThreadPoolExecutor executor;

	/** The one thread of {@link #executor}. */
	private volatile Thread thread;

	ThreadTaskLoop(String name, boolean daemon) {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread created = new Thread(task, name);
			created.setDaemon(daemon);
			this.thread = created;
			return created;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	@Override
	public void execute(Runnable task) {
		this.executor.execute(task);
	}

	@Override
	public void schedule(Runnable task, long delay, TimeUnit unit) {
		this.executor.schedule(task, delay, unit);
	}

	@Override
	public CompletableFuture<Void> submit(Runnable command) {
		if (Thread.currentThread() == this.thread) {
			command.run();
			return CompletableFuture.completedFuture(null);
		}
		return CompletableFuture.runAsync(command, this.executor);
	}

	@Override
	public <T> CompletableFuture<T> offload(Supplier<T> work) {
		return CompletableFuture.supplyAsync(work);
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void shutdownNow() {
		this.executor.shutdownNow();
	}

}
