package io.github.gossip.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;
import org.springframework.scheduling.support.SimpleTriggerContext;
import org.springframework.scheduling.support.TaskUtils;

/**
 * The {@link TaskScheduler} of an application node: its {@code @Scheduled} jobs run on the simulated
 * cluster's virtual time, on the thread that advances it, in order with every node's protocol, and
 * pause with the node. Registered as the bean {@code taskScheduler}, so that Boot's own scheduler
 * backs off and {@code @Scheduled} finds this one.
 * <p>
 * As Spring's schedulers do: a repeating task that throws is logged and runs again at its next time;
 * a one-time task that throws is logged and its future completes with the exception. Neither reaches
 * the test's advance, which would stop the whole cluster. Stops, as Spring's schedulers do, before
 * the other lifecycles of the context: a node that leaves runs no job during its leave.
 */
final class VirtualTaskScheduler implements TaskScheduler, SmartLifecycle {

	private final PausableLoop loop;

	private final Clock clock;

	private final Set<VirtualTask> scheduled = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	VirtualTaskScheduler(PausableLoop loop, Clock clock) {
		this.loop = loop;
		this.clock = clock;
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		SimpleTriggerContext context = new SimpleTriggerContext(this.clock);
		Instant first = trigger.nextExecution(context);
		VirtualTask scheduledTask = new VirtualTask(task, true, (due, started) -> {
			context.update(due, started, this.clock.instant());
			return trigger.nextExecution(context);
		});
		if (first == null) {
			scheduledTask.done.complete(null);
			return scheduledTask;
		}
		return scheduledTask.start(first);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return new VirtualTask(task, false, null).start(startTime);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		requirePositive(period, "period");
		return new VirtualTask(task, true, (due, started) -> due.plus(period)).start(startTime);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return scheduleAtFixedRate(task, this.clock.instant(), period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		requirePositive(delay, "delay");
		return new VirtualTask(task, true, (due, started) -> this.clock.instant().plus(delay)).start(startTime);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return scheduleWithFixedDelay(task, this.clock.instant(), delay);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + duration);
		}
	}

	/** Pauses the jobs with their node: what falls due meanwhile runs when the pause ends. */
	void pause(Duration duration) {
		this.loop.pause(duration);
	}

	@Override
	public void start() {
		// runs from its creation: a scheduler stopped with its context does not start again
	}

	/** Cancels every job: the node's context is closing. */
	@Override
	public void stop() {
		this.running = false;
		List<VirtualTask> tasks = new ArrayList<>(this.scheduled);
		tasks.forEach((task) -> task.cancel(false));
		this.loop.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The phase of Spring's own schedulers: stops before the node leaves. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** When a repeating task runs next, from when it was due and when its run started; null for never. */
	@FunctionalInterface
	private interface NextRun {

		Instant after(Instant due, Instant started);

	}

	/** One scheduled task: its next run is a task of the node's jobs loop. */
	private final class VirtualTask implements ScheduledFuture<Object>, Runnable {

		private final DelegatingErrorHandlingRunnable task;

		private final NextRun next;

		private final CompletableFuture<Object> done = new CompletableFuture<>();

		private volatile Instant due;

		VirtualTask(Runnable task, boolean repeating, NextRun next) {
			this.task = TaskUtils.decorateTaskWithErrorHandler(task, null, repeating);
			this.next = next;
		}

		VirtualTask start(Instant first) {
			if (!VirtualTaskScheduler.this.running) {
				throw new TaskRejectedException("The simulated node's scheduler has stopped: its context is closed");
			}
			VirtualTaskScheduler.this.scheduled.add(this);
			scheduleAt(first);
			return this;
		}

		private void scheduleAt(Instant at) {
			this.due = at;
			long delay = Math.max(0, Duration.between(VirtualTaskScheduler.this.clock.instant(), at).toNanos());
			VirtualTaskScheduler.this.loop.schedule(this, delay, TimeUnit.NANOSECONDS);
		}

		@Override
		public void run() {
			if (this.done.isDone()) {
				return;
			}
			Instant started = VirtualTaskScheduler.this.clock.instant();
			try {
				this.task.run(); // a repeating task's failure is logged and suppressed here
			}
			catch (RuntimeException | Error ex) {
				finish(() -> this.done.completeExceptionally(ex));
				return;
			}
			Instant at = (this.next != null) ? this.next.after(this.due, started) : null;
			if (at == null) {
				finish(() -> this.done.complete(null));
			}
			else if (!this.done.isDone()) {
				scheduleAt(at);
			}
		}

		private void finish(Runnable completion) {
			completion.run();
			VirtualTaskScheduler.this.scheduled.remove(this);
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(VirtualTaskScheduler.this.clock.instant(), this.due));
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		/** Stops the task: a run already due is skipped. Interrupting means nothing on virtual time. */
		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = this.done.cancel(false);
			VirtualTaskScheduler.this.scheduled.remove(this);
			return cancelled;
		}

		@Override
		public boolean isCancelled() {
			return this.done.isCancelled();
		}

		@Override
		public boolean isDone() {
			return this.done.isDone();
		}

		/**
		 * Waits for a one-time task. On virtual time only another thread's advance can complete it:
		 * from the thread that drives the cluster, advance the cluster instead.
		 */
		@Override
		public Object get() throws InterruptedException, ExecutionException {
			return this.done.get();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
			return this.done.get(timeout, unit);
		}

	}

}
