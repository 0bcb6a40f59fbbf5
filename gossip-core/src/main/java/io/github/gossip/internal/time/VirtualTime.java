package io.github.gossip.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One virtual clock and the tasks of every {@link TaskLoop} made from it: the protocol loops of many
 * nodes and the delivery of their simulated network. Nothing runs until a thread {@linkplain #advance
 * advances} the time; then every task due runs on that thread, one at a time, in the order of its
 * due time and, for equal times, of its scheduling. So a run depends only on what the tasks do, never
 * on threads or the machine's speed: with seeded randomness it replays exactly, and a minute of a
 * cluster takes as long as its tasks take to compute.
 * <p>
 * One thread at a time owns the time: the one advancing it, or one submitting a command to a loop,
 * which then runs at once (a command from another thread waits until the time is free). The clock
 * starts at {@link #EPOCH} and moves only forward.
 */
public final class VirtualTime {

	/** The wall-clock instant at which every virtual time starts, so that runs replay exactly. */
	public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	private final ReentrantLock owner = new ReentrantLock();

	/** Guarded by {@link #owner}. */
	private final PriorityQueue<Task> due = new PriorityQueue<>();

	/** Written under {@link #owner}; read from any thread. */
	private volatile long nowNanos;

	/** Guarded by {@link #owner}. */
	private long scheduled;

	/** Nanoseconds since {@link #EPOCH}. */
	public long nanoTime() {
		return this.nowNanos;
	}

	/** The virtual time since {@link #EPOCH}. */
	public Duration elapsed() {
		return Duration.ofNanos(this.nowNanos);
	}

	/** Milliseconds since the Unix epoch, as a wall clock on this time would read. */
	public long wallMillis() {
		return EPOCH.toEpochMilli() + this.nowNanos / 1_000_000;
	}

	/** A wall clock (UTC) that reads this virtual time. */
	public Clock clock() {
		return new VirtualClock(this, ZoneOffset.UTC);
	}

	/** A new loop whose tasks run on this time; shutting it down drops only its own tasks. */
	public TaskLoop loop() {
		return new Loop();
	}

	/**
	 * Runs every task due within {@code duration} from now, in order, then sets the clock to its end.
	 * Tasks may schedule further tasks; those due within the duration run too.
	 * @throws IllegalArgumentException if {@code duration} is negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("duration must not be negative: " + duration);
		}
		this.owner.lock();
		try {
			long end = Math.addExact(this.nowNanos, duration.toNanos());
			runUntil(end, () -> false);
			this.nowNanos = Math.max(this.nowNanos, end);
		}
		finally {
			this.owner.unlock();
		}
	}

	/**
	 * Runs tasks in order until {@code condition} holds (checked before the first and after each
	 * task) or {@code limit} has passed.
	 * @return whether the condition holds; the clock stands at the moment it first did, or at the limit
	 * @throws IllegalArgumentException if {@code limit} is negative
	 */
	public boolean advanceUntil(BooleanSupplier condition, Duration limit) {
		if (limit.isNegative()) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		this.owner.lock();
		try {
			long end = Math.addExact(this.nowNanos, limit.toNanos());
			if (runUntil(end, condition)) {
				return true;
			}
			this.nowNanos = Math.max(this.nowNanos, end);
			return condition.getAsBoolean();
		}
		finally {
			this.owner.unlock();
		}
	}

	/** Runs {@code action} as the owner of the time: no task runs meanwhile, unless it advances the time. */
	public void runExclusively(Runnable action) {
		this.owner.lock();
		try {
			action.run();
		}
		finally {
			this.owner.unlock();
		}
	}

	/** Tasks waiting, of every loop. */
	public int pendingTasks() {
		this.owner.lock();
		try {
			return this.due.size();
		}
		finally {
			this.owner.unlock();
		}
	}

	/** With the owner lock held: runs due tasks up to {@code end} until {@code condition} holds. */
	private boolean runUntil(long end, BooleanSupplier condition) {
		if (condition.getAsBoolean()) {
			return true;
		}
		while (!this.due.isEmpty() && this.due.peek().at <= end) {
			Task task = this.due.poll();
			this.nowNanos = Math.max(this.nowNanos, task.at);
			if (!task.loop.shutDown) {
				task.action.run(); // what a task throws is the test's failure: it surfaces to the caller
			}
			if (condition.getAsBoolean()) {
				return true;
			}
		}
		return false;
	}

	private void enqueue(Loop loop, Runnable action, long delayNanos) {
		this.owner.lock();
		try {
			if (loop.shutDown) {
				throw new RejectedExecutionException("The virtual loop is shut down");
			}
			this.due.add(new Task(Math.addExact(this.nowNanos, Math.max(0, delayNanos)), this.scheduled++, loop, action));
		}
		finally {
			this.owner.unlock();
		}
	}

	private record Task(long at, long order, Loop loop, Runnable action) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.order, other.order);
		}

	}

	/** A loop of this time: its own shutdown, the shared queue and clock. */
	private final class Loop implements TaskLoop {

		private volatile boolean shutDown;

		@Override
		public void execute(Runnable task) {
			enqueue(this, task, 0);
		}

		@Override
		public void schedule(Runnable task, long delay, TimeUnit unit) {
			enqueue(this, task, unit.toNanos(delay));
		}

		@Override
		public CompletableFuture<Void> submit(Runnable command) {
			if (this.shutDown) {
				return CompletableFuture.failedFuture(new RejectedExecutionException("The virtual loop is shut down"));
			}
			try {
				runExclusively(command);
				return CompletableFuture.completedFuture(null);
			}
			catch (RuntimeException | Error ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		@Override
		public <T> CompletableFuture<T> offload(Supplier<T> work) {
			try {
				return CompletableFuture.completedFuture(work.get());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		@Override
		public long nanoTime() {
			return VirtualTime.this.nanoTime();
		}

		@Override
		public long currentTimeMillis() {
			return VirtualTime.this.wallMillis();
		}

		@Override
		public void sleep(Duration duration) {
			advance(duration);
		}

		@Override
		public void shutdownNow() {
			this.shutDown = true;
		}

	}

	/** A {@link Clock} on the virtual time. */
	private static final class VirtualClock extends Clock {

		private final VirtualTime time;

		private final ZoneId zone;

		VirtualClock(VirtualTime time, ZoneId zone) {
			this.time = time;
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new VirtualClock(this.time, zone);
		}

		@Override
		public Instant instant() {
			return EPOCH.plusNanos(this.time.nanoTime());
		}

		@Override
		public long millis() {
			return this.time.wallMillis();
		}

	}

}
