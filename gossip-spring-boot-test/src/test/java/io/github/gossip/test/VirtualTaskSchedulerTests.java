package io.github.gossip.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.time.VirtualTime;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.support.CronTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VirtualTaskSchedulerTests {

	private final VirtualTime time = new VirtualTime();

	private final VirtualTaskScheduler scheduler = new VirtualTaskScheduler(new PausableLoop(this.time),
			this.time.clock());

	private final List<Duration> runs = new ArrayList<>();

	private final Runnable record = () -> this.runs.add(this.time.elapsed());

	@Test
	void fixedRateRunsAtOnceThenEveryPeriodOnTheVirtualClock() {
		this.scheduler.scheduleAtFixedRate(this.record, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(35));
		assertThat(this.runs).containsExactly(seconds(0), seconds(10), seconds(20), seconds(30));
	}

	@Test
	void fixedRateWithAStartTimeBeginsThere() {
		this.scheduler.scheduleAtFixedRate(this.record, this.time.clock().instant().plusSeconds(5), Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(30));
		assertThat(this.runs).containsExactly(seconds(5), seconds(15), seconds(25));
	}

	@Test
	void fixedDelayCountsFromTheEndOfEachRun() {
		this.scheduler.scheduleWithFixedDelay(() -> {
			this.record.run();
			this.time.advance(Duration.ofSeconds(1)); // a run that takes a second of cluster time
		}, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(30));
		assertThat(this.runs).containsExactly(seconds(0), seconds(11), seconds(22));
	}

	@Test
	void aTriggerDecidesEachNextRunFromTheVirtualClock() {
		this.scheduler.schedule(this.record, new CronTrigger("*/20 * * * * *", java.time.ZoneOffset.UTC));
		this.time.advance(Duration.ofMinutes(1));
		assertThat(this.runs).containsExactly(seconds(20), seconds(40), seconds(60));
	}

	@Test
	void aOneTimeTaskRunsOnceAtItsInstantAndCompletesItsFuture() throws Exception {
		ScheduledFuture<?> future = this.scheduler.schedule(this.record, this.time.clock().instant().plusSeconds(3));
		assertThat(future.getDelay(TimeUnit.SECONDS)).isEqualTo(3);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(this.runs).containsExactly(seconds(3));
		assertThat(future.isDone()).isTrue();
		assertThat(future.get()).isNull();
	}

	@Test
	void aRepeatingTaskThatThrowsIsLoggedAndRunsAgain() {
		this.scheduler.scheduleAtFixedRate(() -> {
			this.record.run();
			throw new IllegalStateException("a failing job");
		}, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(25)); // the failure never reaches the advance
		assertThat(this.runs).containsExactly(seconds(0), seconds(10), seconds(20));
	}

	@Test
	void aOneTimeTaskThatThrowsCompletesItsFutureWithTheFailure() {
		ScheduledFuture<?> future = this.scheduler.schedule(() -> {
			throw new IllegalStateException("a failing task");
		}, this.time.clock().instant());
		this.time.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void aCancelledTaskRunsNoMore() {
		ScheduledFuture<?> future = this.scheduler.scheduleAtFixedRate(this.record, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(15));
		assertThat(future.cancel(false)).isTrue();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(this.runs).containsExactly(seconds(0), seconds(10));
		assertThat(future.isCancelled()).isTrue();
	}

	@Test
	void pausedJobsRunLateWhenThePauseEndsAndCatchUpAtTheirRate() {
		this.scheduler.scheduleAtFixedRate(this.record, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(5));
		this.scheduler.pause(Duration.ofSeconds(20)); // until 25 s: the runs due at 10 s and 20 s wait
		this.time.advance(Duration.ofSeconds(30));
		assertThat(this.runs).containsExactly(seconds(0), seconds(25), seconds(25), seconds(30));
	}

	@Test
	void stoppingCancelsEveryTaskAndRefusesNewOnes() {
		this.scheduler.scheduleAtFixedRate(this.record, Duration.ofSeconds(10));
		this.scheduler.scheduleWithFixedDelay(this.record, Duration.ofSeconds(10));
		this.time.advance(Duration.ofSeconds(1));
		this.scheduler.stop();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(this.runs).hasSize(2);
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> this.scheduler.schedule(this.record, Instant.now()));
	}

	@Test
	void itsClockIsTheVirtualOne() {
		this.time.advance(Duration.ofSeconds(42));
		assertThat(this.scheduler.getClock().instant()).isEqualTo(VirtualTime.EPOCH.plusSeconds(42));
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
