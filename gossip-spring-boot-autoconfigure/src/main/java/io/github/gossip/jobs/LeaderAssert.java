package io.github.gossip.jobs;

import io.github.gossip.internal.runtime.RoleNames;

/**
 * Checks, from inside a job, that it runs behind the {@link LeaderOnly @LeaderOnly} gate, in the
 * spirit of ShedLock's {@code LockAssert}: a job whose correctness depends on running once per
 * cluster can fail loudly when a refactoring calls it directly, or from a bean that is not proxied.
 * The run it returns carries the fencing token to hand to the store the job writes to:
 * <pre class="code">
 * store.write(entry, LeaderAssert.assertLeader("acme.renew").token());
 * </pre>
 */
public final class LeaderAssert {

	private LeaderAssert() {
	}

	/**
	 * Asserts that the current thread is in a gated call.
	 * @return the gated call, with its role's fencing token
	 * @throws IllegalStateException outside of a gated call
	 */
	public static LeaderRun assertLeader() {
		return LeaderRun.current()
			.orElseThrow(() -> new IllegalStateException("Not inside a @LeaderOnly call: this code must run only on "
					+ "a role's leader, but was called without the gate (directly, from the bean itself, or on "
					+ "another thread)"));
	}

	/**
	 * Asserts that the current thread is in a call gated on {@code role}.
	 * @param role the role the caller must lead; role names ignore case
	 * @return the gated call, with the role's fencing token
	 * @throws IllegalStateException outside of a gated call, or in one gated on another role
	 */
	public static LeaderRun assertLeader(String role) {
		LeaderRun run = assertLeader();
		if (!run.role().equals(RoleNames.normalize(role))) {
			throw new IllegalStateException("Inside a @LeaderOnly call for role " + run.role() + ", not for role "
					+ RoleNames.normalize(role));
		}
		return run;
	}

}
