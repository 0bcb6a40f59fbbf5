package io.github.gossip.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

class PausableLoopTests {

	private final VirtualTime time = new VirtualTime();

	private final PausableLoop loop = new PausableLoop(this.time);

	private final List<String> ran = new ArrayList<>();

	@Test
	void tasksDueDuringAPauseRunInOrderAtItsEnd() {
		this.loop.schedule(record("b"), 30, TimeUnit.MILLISECONDS);
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("a"), 10, TimeUnit.MILLISECONDS);
		this.loop.execute(record("now"));
		this.loop.schedule(record("c"), 50, TimeUnit.MILLISECONDS);
		this.loop.schedule(record("after"), 150, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(99));
		assertThat(this.ran).isEmpty();
		assertThat(this.loop.isPaused()).isTrue();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.ran).containsExactly("now@100", "a@100", "b@100", "c@100");
		assertThat(this.loop.isPaused()).isFalse();
		this.time.advance(Duration.ofMillis(100));
		assertThat(this.ran).endsWith("after@150");
	}

	@Test
	void aTaskDueExactlyAtTheEndOfAPauseRunsAfterTheTasksDueBeforeIt() {
		this.loop.schedule(record("at-end"), 100, TimeUnit.MILLISECONDS);
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("during"), 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(200));
		assertThat(this.ran).containsExactly("during@100", "at-end@100");
	}

	@Test
	void tasksScheduledByTheDeferredOnesRunAfterThem() {
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(() -> {
			this.ran.add("first@" + millis());
			this.loop.execute(record("spawned"));
		}, 10, TimeUnit.MILLISECONDS);
		this.loop.schedule(record("second"), 20, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(200));
		assertThat(this.ran).containsExactly("first@100", "second@100", "spawned@100");
	}

	@Test
	void aPauseExtendedWhileTasksWaitHoldsThemUntilItsNewEnd() {
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("a"), 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(50));
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("b"), 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(99));
		assertThat(this.ran).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.ran).containsExactly("a@150", "b@150");
	}

	@Test
	void aShorterPauseDoesNotShortenOneInProgress() {
		this.loop.pause(Duration.ofMillis(100));
		this.loop.pause(Duration.ofMillis(10));
		this.loop.schedule(record("a"), 20, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(99));
		assertThat(this.ran).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.ran).containsExactly("a@100");
	}

	@Test
	void commandsActAtOnceOnAPausedLoop() {
		this.loop.pause(Duration.ofMillis(100));
		assertThat(this.loop.submit(record("command"))).isCompleted();
		assertThat(this.ran).containsExactly("command@0");
	}

	@Test
	void aLoopShutDownDuringAPauseRunsNothingOfWhatWaited() {
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("a"), 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(50));
		this.loop.shutdownNow();
		this.time.advance(Duration.ofMillis(100));
		assertThat(this.ran).isEmpty();
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void aWaitingTaskThatShutsTheLoopDownEndsTheRestOfTheWait() {
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(() -> {
			this.ran.add("closing@" + millis());
			this.loop.shutdownNow();
		}, 10, TimeUnit.MILLISECONDS);
		this.loop.schedule(record("dropped"), 20, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(200));
		assertThat(this.ran).containsExactly("closing@100");
	}

	@Test
	void otherLoopsOfTheTimeRunDuringThePause() {
		TaskLoop other = this.time.loop();
		this.loop.pause(Duration.ofMillis(100));
		this.loop.schedule(record("paused"), 10, TimeUnit.MILLISECONDS);
		other.schedule(record("other"), 20, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(200));
		assertThat(this.ran).containsExactly("other@20", "paused@100");
	}

	private Runnable record(String name) {
		return () -> this.ran.add(name + "@" + millis());
	}

	private long millis() {
		return this.time.nanoTime() / 1_000_000;
	}

}
