package io.github.gossip.jobs;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Decides each gated call: runs it when this node holds the role's fencing token, with the
 * {@link LeaderRun} of that token current for its duration, skips it otherwise; tells the observers
 * either way. The token is read once per call and is the decision, so a call never runs with a
 * token other than the one that let it run.
 */
final class LeaderGate {

	private static final Log logger = LogFactory.getLog(LeaderGate.class);

	private final Leadership leadership;

	private final List<GatedCallObserver> observers;

	LeaderGate(Leadership leadership, List<GatedCallObserver> observers) {
		this.leadership = leadership;
		this.observers = List.copyOf(observers);
	}

	/**
	 * @param role the normalized role
	 * @param description names the gated method, for the log
	 * @param call the method
	 * @return what the method returned, or {@link Skipped#SKIPPED} when this node does not lead
	 */
	Object call(String role, Supplier<String> description, GatedCall call) throws Throwable {
		Optional<LeaderRun> run = this.leadership.run(role);
		if (run.isEmpty()) {
			Leadership.Skip skip = this.leadership.skip(role);
			if (logger.isDebugEnabled()) {
				logger.debug("Skipped " + description.get() + ": " + skip.reason());
			}
			observe(role, skip.outcome(), 0);
			return Skipped.SKIPPED;
		}
		LeaderRun previous = CurrentLeaderRun.enter(run.get());
		long start = System.nanoTime();
		try {
			Object result = call.proceed();
			observe(role, GatedOutcome.RAN, System.nanoTime() - start);
			return result;
		}
		catch (Throwable ex) {
			observe(role, GatedOutcome.FAILED, System.nanoTime() - start);
			throw ex;
		}
		finally {
			CurrentLeaderRun.restore(previous);
		}
	}

	private void observe(String role, GatedOutcome outcome, long nanos) {
		for (GatedCallObserver observer : this.observers) {
			observer.observe(role, outcome, nanos);
		}
	}

	/** The method itself, behind the gate. */
	@FunctionalInterface
	interface GatedCall {

		Object proceed() throws Throwable;

	}

	/** Marks a skipped call, which the caller turns into the method's empty result. */
	enum Skipped {

		SKIPPED

	}

}
