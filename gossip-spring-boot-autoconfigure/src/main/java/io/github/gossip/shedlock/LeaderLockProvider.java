package io.github.gossip.shedlock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.internal.runtime.RoleNames;

/**
 * A ShedLock {@link LockProvider} on role leadership: the lock named {@code name} is the role
 * {@code name} (normalized as role names are), and only the role's current leader gets it. On the
 * leader, one run of a name at a time: the lock is refused while a run holds it (until it unlocks,
 * or {@code lockAtMostFor} after it started if it never does), and until {@code lockAtLeastFor}
 * after the previous run started. Both are measured by this node's monotonic clock, never by the
 * wall clock or another node's: nothing here survives a change of leader (see the package's design
 * notes for what that does not guarantee).
 */
final class LeaderLockProvider implements LockProvider {

	private static final Log logger = LogFactory.getLog(LeaderLockProvider.class);

	/**
	 * Durations are clamped so that a deadline never wraps around the monotonic clock, whose
	 * readings compare safely only when less than 2^63 ns apart; a quarter of that is 73 years.
	 */
	private static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

	private final LockLeadership leadership;

	private final LongSupplier nanoTime;

	/** The last run of each role on this node, by normalized role name. */
	private final Map<String, Run> runs = new ConcurrentHashMap<>();

	private final AtomicLong runIds = new AtomicLong();

	/**
	 * @param leadership whether this node leads a role
	 * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} but in tests
	 */
	LeaderLockProvider(LockLeadership leadership, LongSupplier nanoTime) {
		this.leadership = leadership;
		this.nanoTime = nanoTime;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration configuration) {
		String role = RoleNames.normalize(configuration.getName());
		if (!this.leadership.leads(role)) {
			debug(configuration, "this node does not lead the role " + role);
			return Optional.empty();
		}
		long now = this.nanoTime.getAsLong();
		Run next = new Run(this.runIds.incrementAndGet(), now + nanos(configuration.getLockAtMostFor()),
				now + nanos(configuration.getLockAtLeastFor()), false);
		Run current = this.runs.compute(role, (name, last) -> (last == null || last.allowsNextAt(now)) ? next : last);
		if (current != next) {
			debug(configuration, current.isHeldAt(now) ? "a run of it is in progress on this node"
					: "its previous run here started less than lockAtLeastFor ago");
			return Optional.empty();
		}
		return Optional.of(new LeaderLock(role, next.id()));
	}

	private static long nanos(Duration duration) {
		return (duration.compareTo(Duration.ofNanos(LONGEST_NANOS)) >= 0) ? LONGEST_NANOS
				: Math.max(0, duration.toNanos());
	}

	private static void debug(LockConfiguration configuration, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Not locking " + configuration.getName() + ": " + reason);
		}
	}

	/**
	 * A run of a role on this node.
	 * @param id tells this run from a later one, so that a late unlock releases only its own run
	 * @param holdUntil when the lock lapses if never unlocked ({@code lockAtMostFor})
	 * @param notBefore when the next run may start at the earliest ({@code lockAtLeastFor})
	 * @param released whether the run has unlocked
	 */
	private record Run(long id, long holdUntil, long notBefore, boolean released) {

		boolean isHeldAt(long now) {
			return !this.released && now - this.holdUntil < 0;
		}

		boolean allowsNextAt(long now) {
			return !isHeldAt(now) && now - this.notBefore >= 0;
		}

		Run release() {
			return new Run(this.id, this.holdUntil, this.notBefore, true);
		}

	}

	/** The lock of one run; unlocking it twice, or after it lapsed, changes nothing. */
	private final class LeaderLock implements SimpleLock {

		private final String role;

		private final long runId;

		LeaderLock(String role, long runId) {
			this.role = role;
			this.runId = runId;
		}

		@Override
		public void unlock() {
			LeaderLockProvider.this.runs.computeIfPresent(this.role,
					(name, run) -> (run.id() == this.runId) ? run.release() : run);
		}

		/**
		 * Extends a run that still holds the lock while this node still leads the role: it then
		 * lapses {@code lockAtMostFor} from now, and the next run waits at least until
		 * {@code lockAtLeastFor} from now (never less than it waited already). This lock is then
		 * spent; the returned one stands for the run.
		 */
		@Override
		public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
			if (!LeaderLockProvider.this.leadership.leads(this.role)) {
				return Optional.empty();
			}
			long now = LeaderLockProvider.this.nanoTime.getAsLong();
			long nextId = LeaderLockProvider.this.runIds.incrementAndGet();
			Run extended = LeaderLockProvider.this.runs.computeIfPresent(this.role, (name, run) -> {
				if (run.id() != this.runId || !run.isHeldAt(now)) {
					return run;
				}
				long atLeast = now + nanos(lockAtLeastFor);
				return new Run(nextId, now + nanos(lockAtMostFor), (atLeast - run.notBefore() > 0) ? atLeast : run.notBefore(),
						false);
			});
			return (extended != null && extended.id() == nextId) ? Optional.of(new LeaderLock(this.role, nextId))
					: Optional.empty();
		}

	}

}
