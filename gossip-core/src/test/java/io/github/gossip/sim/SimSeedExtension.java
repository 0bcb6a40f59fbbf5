package io.github.gossip.sim;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the seed of the simulation that was running into the failure message, so a red run can be
 * replayed exactly with {@code new Simulator(seed, config)}.
 */
public final class SimSeedExtension implements BeforeEachCallback, TestExecutionExceptionHandler {

	@Override
	public void beforeEach(ExtensionContext context) {
		Simulator.CURRENT_SEED.remove();
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		Long seed = Simulator.CURRENT_SEED.get();
		if (seed == null) {
			throw throwable;
		}
		AssertionError withSeed = new AssertionError(
				"simulation seed=" + seed + " (replay: new Simulator(" + seed + "L, config)): " + throwable.getMessage(),
				throwable);
		throw withSeed;
	}

}
