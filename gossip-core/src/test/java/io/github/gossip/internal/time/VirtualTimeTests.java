package io.github.gossip.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class VirtualTimeTests {

	private final VirtualTime time = new VirtualTime();

	private final List<String> ran = new ArrayList<>();

	@Test
	void tasksOfEveryLoopRunInTheOrderOfTheirTimeThenOfTheirScheduling() {
		TaskLoop a = this.time.loop();
		TaskLoop b = this.time.loop();
		a.schedule(record("a20"), 20, TimeUnit.MILLISECONDS);
		b.schedule(record("b10"), 10, TimeUnit.MILLISECONDS);
		a.schedule(record("a10"), 10, TimeUnit.MILLISECONDS);
		b.execute(record("b0"));
		a.schedule(record("a10-later"), 10_000, TimeUnit.MICROSECONDS);
		a.execute(record("a0"));
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.ran).containsExactly("b0@0", "a0@0", "b10@10", "a10@10", "a10-later@10", "a20@20");
	}

	@Test
	void advanceRunsWhatFallsDueWithinItsWindowAlsoWhenScheduledMeanwhileAndStopsTheClockAtItsEnd() {
		TaskLoop loop = this.time.loop();
		loop.schedule(() -> {
			record("first").run();
			loop.schedule(record("within"), 5, TimeUnit.MILLISECONDS);
			loop.schedule(record("beyond"), 100, TimeUnit.MILLISECONDS);
			loop.execute(record("now"));
		}, 10, TimeUnit.MILLISECONDS);
		loop.schedule(record("at-the-end"), 20, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(20));
		assertThat(this.ran).containsExactly("first@10", "now@10", "within@15", "at-the-end@20");
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofMillis(20));
		assertThat(this.time.pendingTasks()).isOne();
		this.time.advance(Duration.ofMillis(90));
		assertThat(this.ran).endsWith("beyond@110");
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void aTaskSeesTheClockAtItsDueTime() {
		TaskLoop loop = this.time.loop();
		AtomicReference<Long> seen = new AtomicReference<>();
		loop.schedule(() -> seen.set(loop.nanoTime()), 1234, TimeUnit.MICROSECONDS);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(seen.get()).isEqualTo(1_234_000L);
		assertThat(loop.nanoTime()).isEqualTo(this.time.nanoTime()).isEqualTo(1_000_000_000L);
	}

	@Test
	void advanceUntilStopsAtTheFirstMomentTheConditionHolds() {
		TaskLoop loop = this.time.loop();
		loop.schedule(record("1"), 10, TimeUnit.MILLISECONDS);
		loop.schedule(record("2"), 20, TimeUnit.MILLISECONDS);
		loop.schedule(record("3"), 30, TimeUnit.MILLISECONDS);
		assertThat(this.time.advanceUntil(() -> this.ran.size() == 2, Duration.ofMinutes(1))).isTrue();
		assertThat(this.ran).containsExactly("1@10", "2@20");
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofMillis(20));
		assertThat(this.time.pendingTasks()).isOne();
	}

	@Test
	void advanceUntilAConditionThatHoldsAlreadyRunsNothing() {
		this.time.loop().execute(record("due"));
		assertThat(this.time.advanceUntil(() -> true, Duration.ofMinutes(1))).isTrue();
		assertThat(this.ran).isEmpty();
		assertThat(this.time.elapsed()).isZero();
	}

	@Test
	void advanceUntilAConditionThatNeverHoldsStopsAtTheLimit() {
		TaskLoop loop = this.time.loop();
		loop.schedule(record("within"), 10, TimeUnit.SECONDS);
		loop.schedule(record("beyond"), 2, TimeUnit.MINUTES);
		assertThat(this.time.advanceUntil(() -> false, Duration.ofMinutes(1))).isFalse();
		assertThat(this.ran).containsExactly("within@10000");
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void aNegativeDurationIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.time.advance(Duration.ofMillis(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.time.advanceUntil(() -> false, Duration.ofMillis(-1)));
		assertThat(this.time.elapsed()).isZero();
	}

	@Test
	void aShutDownLoopsTasksAreSkippedAndItRefusesNewOnesWhileOtherLoopsGoOn() {
		TaskLoop stopped = this.time.loop();
		TaskLoop other = this.time.loop();
		stopped.schedule(record("stopped"), 10, TimeUnit.MILLISECONDS);
		other.schedule(record("other"), 10, TimeUnit.MILLISECONDS);
		stopped.shutdownNow();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.ran).containsExactly("other@10");
		assertThat(this.time.pendingTasks()).isZero();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> stopped.execute(record("x")));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> stopped.schedule(record("x"), 1, TimeUnit.SECONDS));
		assertThat(stopped.submit(record("x"))).isCompletedExceptionally();
		assertThat(this.ran).containsExactly("other@10");
	}

	@Test
	void theClocksReadTheVirtualTimeFromItsEpoch() {
		assertThat(this.time.nanoTime()).isZero();
		assertThat(this.time.wallMillis()).isEqualTo(VirtualTime.EPOCH.toEpochMilli());
		Clock clock = this.time.clock();
		assertThat(clock.instant()).isEqualTo(VirtualTime.EPOCH);
		this.time.advance(Duration.ofMillis(1500).plusNanos(7));
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofMillis(1500).plusNanos(7));
		assertThat(this.time.wallMillis()).isEqualTo(VirtualTime.EPOCH.toEpochMilli() + 1500);
		assertThat(clock.instant()).isEqualTo(VirtualTime.EPOCH.plusMillis(1500).plusNanos(7));
		assertThat(clock.millis()).isEqualTo(this.time.wallMillis());
		assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
		Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
		assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
		assertThat(paris.instant()).isEqualTo(clock.instant());
	}

	@Test
	void aCommandRunsAtOnceOnTheCallerAlsoFromATask() {
		TaskLoop loop = this.time.loop();
		assertThat(loop.submit(record("command"))).isCompleted();
		loop.schedule(() -> {
			CompletableFuture<Void> inner = loop.submit(record("inner"));
			record(inner.isDone() ? "inner-done" : "inner-pending").run();
		}, 5, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(10));
		assertThat(this.ran).containsExactly("command@0", "inner@5", "inner-done@5");
	}

	@Test
	void aCommandThatThrowsCompletesExceptionally() {
		CompletableFuture<Void> failed = this.time.loop().submit(() -> {
			throw new IllegalStateException("boom");
		});
		assertThat(failed).isCompletedExceptionally();
		assertThat(this.time.loop().offload(() -> {
			throw new IllegalStateException("boom");
		})).isCompletedExceptionally();
		assertThat(this.time.loop().offload(() -> "looked up")).isCompletedWithValue("looked up");
	}

	@Test
	void aCommandFromAnotherThreadWaitsUntilTheTimeIsFree() throws InterruptedException {
		TaskLoop loop = this.time.loop();
		AtomicReference<Thread> submitter = new AtomicReference<>();
		this.time.runExclusively(() -> {
			Thread thread = new Thread(() -> loop.submit(record("from-another-thread")).join());
			submitter.set(thread);
			thread.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
			record("owner").run();
		});
		submitter.get().join(30_000);
		assertThat(this.ran).containsExactly("owner@0", "from-another-thread@0");
	}

	@Test
	void sleepingOnALoopAdvancesTheTimeAndRunsEveryLoopMeanwhile() {
		TaskLoop sleeper = this.time.loop();
		this.time.loop().schedule(record("other"), 3, TimeUnit.SECONDS);
		sleeper.sleep(Duration.ofSeconds(5));
		assertThat(this.ran).containsExactly("other@3000");
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whatATaskThrowsSurfacesToTheAdvanceAndTheRestRunsOnTheNext() {
		TaskLoop loop = this.time.loop();
		loop.schedule(() -> {
			throw new IllegalStateException("a bug in a task");
		}, 10, TimeUnit.MILLISECONDS);
		loop.schedule(record("after"), 20, TimeUnit.MILLISECONDS);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.time.advance(Duration.ofSeconds(1)))
			.withMessage("a bug in a task");
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofMillis(10));
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.ran).containsExactly("after@20");
	}

	private Runnable record(String name) {
		return () -> this.ran.add(name + "@" + this.time.nanoTime() / 1_000_000);
	}

}
