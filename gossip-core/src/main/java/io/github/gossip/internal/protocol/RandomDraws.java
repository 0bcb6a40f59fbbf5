package io.github.gossip.internal.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The few ways the protocol draws from its injected generator beyond a plain {@code nextInt}. They
 * live in one place because a seeded simulation replays only while every draw stays the same.
 */
final class RandomDraws {

	private RandomDraws() {
	}

	/** Shuffles with a {@link Random} seeded from one draw of {@code random}. */
	static void shuffle(List<?> list, RandomGenerator random) {
		Collections.shuffle(list, new Random(random.nextLong()));
	}

	/** Uniform in [period / 2, 3 * period / 2), so members do not act in lockstep. */
	static long jittered(long period, RandomGenerator random) {
		return period / 2 + random.nextLong(Math.max(1, period));
	}

}
