package io.github.gossip.shedlock;

import io.github.gossip.testsupport.FakeMembership;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider on a fake membership and a hand-driven monotonic clock: the leader gets the lock and
 * no one else; one run at a time; {@code lockAtLeastFor} and {@code lockAtMostFor} on the leader's
 * own clock.
 */
class LeaderLockProviderTests {

	private static final Duration AT_MOST = Duration.ofMinutes(10);

	private final FakeMembership membership = new FakeMembership("1");

	private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofMinutes(1).toNanos());

	private final LeaderLockProvider provider = new LeaderLockProvider(this.membership::isLeader, this.nanos::get);

	@Test
	void onlyTheLeaderOfTheRoleNamedByTheLockGetsIt() {
		this.membership.lead("report", "2");
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isEmpty();
		this.membership.lead("report", null);
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isEmpty();
		this.membership.lead("report", "1");
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isPresent();
	}

	@Test
	void theLockNameIsNormalizedAsRoleNamesAre() {
		this.membership.lead("acme.renew", "1");
		Optional<SimpleLock> lock = lock(" Acme.Renew ", AT_MOST, Duration.ZERO);
		assertThat(lock).isPresent();
		// the same role, so the same lock
		assertThat(lock("acme.renew", AT_MOST, Duration.ZERO)).isEmpty();
		lock.get().unlock();
		assertThat(lock("acme.renew", AT_MOST, Duration.ZERO)).isPresent();
	}

	@Test
	void noSecondRunWhileOneIsInProgressAndAnotherNameIsIndependent() {
		this.membership.lead("report", "1").lead("purge", "1");
		SimpleLock first = lock("report", AT_MOST, Duration.ZERO).orElseThrow();
		advance(Duration.ofMinutes(5));
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isEmpty();
		assertThat(lock("purge", AT_MOST, Duration.ZERO)).isPresent();
		first.unlock();
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isPresent();
	}

	@Test
	void lockAtLeastForKeepsTheNextRunUntilThatLongAfterThePreviousStarted() {
		this.membership.lead("report", "1");
		lock("report", AT_MOST, Duration.ofSeconds(30)).orElseThrow().unlock();
		advance(Duration.ofSeconds(30).minusNanos(1));
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isEmpty();
		advance(Duration.ofNanos(1));
		SimpleLock second = lock("report", AT_MOST, Duration.ofSeconds(30)).orElseThrow();
		// a run longer than lockAtLeastFor may be followed at once
		advance(Duration.ofMinutes(2));
		second.unlock();
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isPresent();
	}

	@Test
	void lockAtMostForReleasesALockThatIsNeverUnlocked() {
		this.membership.lead("report", "1");
		SimpleLock forgotten = lock("report", Duration.ofSeconds(60), Duration.ZERO).orElseThrow();
		advance(Duration.ofSeconds(60).minusNanos(1));
		assertThat(lock("report", Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
		advance(Duration.ofNanos(1));
		SimpleLock next = lock("report", Duration.ofSeconds(60), Duration.ZERO).orElseThrow();
		// the lapsed run's late unlock must not release the run that followed it
		forgotten.unlock();
		assertThat(lock("report", Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
		next.unlock();
		assertThat(lock("report", Duration.ofSeconds(60), Duration.ZERO)).isPresent();
	}

	@Test
	void unlockingTwiceChangesNothing() {
		this.membership.lead("report", "1");
		SimpleLock first = lock("report", AT_MOST, Duration.ZERO).orElseThrow();
		first.unlock();
		SimpleLock second = lock("report", AT_MOST, Duration.ZERO).orElseThrow();
		first.unlock();
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isEmpty();
		second.unlock();
		second.unlock();
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isPresent();
	}

	@Test
	void aFormerLeaderRefusesUntilItLeadsAgainAndKeepsItsOwnLockAtLeastFor() {
		this.membership.lead("report", "1");
		lock("report", AT_MOST, Duration.ofSeconds(30)).orElseThrow().unlock();
		this.membership.lead("report", "2");
		advance(Duration.ofSeconds(40));
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isEmpty();
		this.membership.lead("report", "1");
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isPresent();
	}

	@Test
	void aRunExtendsOnlyWhileItHoldsTheLockAndThisNodeLeads() {
		this.membership.lead("report", "1");
		SimpleLock lock = lock("report", Duration.ofSeconds(60), Duration.ZERO).orElseThrow();
		advance(Duration.ofSeconds(50));
		SimpleLock extended = lock.extend(Duration.ofSeconds(60), Duration.ZERO).orElseThrow();
		// the spent lock neither extends nor releases the run
		assertThat(lock.extend(Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
		lock.unlock();
		advance(Duration.ofSeconds(50));
		assertThat(lock("report", Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
		this.membership.lead("report", "2");
		assertThat(extended.extend(Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
		advance(Duration.ofSeconds(10));
		this.membership.lead("report", "1");
		// lapsed 60 s after the extension
		assertThat(lock("report", Duration.ofSeconds(60), Duration.ZERO)).isPresent();
		assertThat(extended.extend(Duration.ofSeconds(60), Duration.ZERO)).isEmpty();
	}

	@Test
	void extendingNeverShortensLockAtLeastFor() {
		this.membership.lead("report", "1");
		SimpleLock lock = lock("report", AT_MOST, Duration.ofSeconds(30)).orElseThrow();
		advance(Duration.ofSeconds(5));
		lock.extend(AT_MOST, Duration.ZERO).orElseThrow().unlock();
		advance(Duration.ofSeconds(20));
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isEmpty();
		advance(Duration.ofSeconds(5));
		assertThat(lock("report", AT_MOST, Duration.ofSeconds(30))).isPresent();
	}

	@Test
	void aVeryLongLockAtMostForHoldsAndDoesNotWrapTheClock() {
		this.membership.lead("report", "1");
		SimpleLock lock = lock("report", Duration.ofDays(365L * 1000), Duration.ZERO).orElseThrow();
		advance(Duration.ofDays(365L * 50));
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isEmpty();
		lock.unlock();
		assertThat(lock("report", AT_MOST, Duration.ZERO)).isPresent();
	}

	private Optional<SimpleLock> lock(String name, Duration lockAtMostFor, Duration lockAtLeastFor) {
		return this.provider.lock(new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor));
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
