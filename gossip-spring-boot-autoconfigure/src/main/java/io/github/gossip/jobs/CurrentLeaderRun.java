package io.github.gossip.jobs;

/**
 * The gated call of the current thread. A gated method may call another (of another role): each
 * call restores what it found, so the innermost call is the current one.
 */
final class CurrentLeaderRun {

	private static final ThreadLocal<LeaderRun> CURRENT = new ThreadLocal<>();

	private CurrentLeaderRun() {
	}

	static LeaderRun get() {
		return CURRENT.get();
	}

	/** Makes {@code run} current and returns what was, for {@link #restore}. */
	static LeaderRun enter(LeaderRun run) {
		LeaderRun previous = CURRENT.get();
		CURRENT.set(run);
		return previous;
	}

	static void restore(LeaderRun previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
