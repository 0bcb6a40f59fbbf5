package io.github.gossip.internal.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lifeguard local health score and the stall guard. */
class LocalHealthTest {

	private final LocalHealth health = new LocalHealth();

	@Test
	void scoreStretchesTimesAndStaysWithinItsBounds() {
		assertThat(this.health.scaled(1000)).isEqualTo(1000);
		this.health.adjust(2);
		assertThat(this.health.score()).isEqualTo(2);
		assertThat(this.health.scaled(1000)).isEqualTo(3000);
		this.health.adjust(-5);
		assertThat(this.health.score()).isZero();
		this.health.adjust(100);
		assertThat(this.health.score()).isEqualTo(LocalHealth.MAX);
		assertThat(this.health.scaled(1000)).isEqualTo(9000);
	}

	@Test
	void aStallCountsOnceHoweverManyTimersItMadeLate() {
		this.health.timerFired(1500, 1000, 1000);
		assertThat(this.health.score()).as("late, but within one probe interval").isZero();
		assertThat(this.health.overlapsStall(Long.MIN_VALUE + 1)).isFalse();
		// asleep from 2000 to 10000: three timers due in that time fire at once
		this.health.timerFired(10_000, 2000, 1000);
		this.health.timerFired(10_000, 5000, 1000);
		this.health.timerFired(10_001, 8000, 1000);
		assertThat(this.health.score()).isEqualTo(1);
		assertThat(this.health.overlapsStall(9000)).as("a round begun while asleep").isTrue();
		assertThat(this.health.overlapsStall(10_001)).isFalse();
		// a timer due after the wake-up that is late again is a new stall
		this.health.timerFired(20_000, 12_000, 1000);
		assertThat(this.health.score()).isEqualTo(2);
	}

	/**
	 * A socket read 1.5 s behind for good: every probe timeout runs 1.5 s late, each due before the
	 * last one ran, so each is the same stall. It counts again once per probe interval, so the
	 * score climbs to the top while the lag lasts, and a burst of late timers still counts once.
	 */
	@Test
	void aStallThatGoesOnCountsOncePerProbeInterval() {
		for (int k = 0; k < 4; k++) {
			// due at k s + 500 ms, run 1.5 s late, with a second timer due in the same stall
			this.health.timerFired(k * 1000 + 2000, k * 1000 + 500, 1000);
			this.health.timerFired(k * 1000 + 2001, k * 1000 + 900, 1000);
		}
		assertThat(this.health.score()).isEqualTo(4);
		for (int k = 4; k < 20; k++) {
			this.health.timerFired(k * 1000 + 2000, k * 1000 + 500, 1000);
		}
		assertThat(this.health.score()).isEqualTo(LocalHealth.MAX);
	}

}
