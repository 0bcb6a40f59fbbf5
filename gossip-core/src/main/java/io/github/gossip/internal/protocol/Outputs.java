package io.github.gossip.internal.protocol;

/**
 * Where the state machine puts its effects. Calls happen synchronously inside the input method,
 * on the caller's thread; the driver decides how and when to carry them out.
 */
public interface Outputs {

	/** Send {@code packet} to {@code to}; the driver encodes and seals it. */
	void send(Endpoint to, Packet packet);

	/**
	 * Ask the host at {@code to} whether anything is bound to its port, and call
	 * {@link Membership#onPortClosed} if it answers that nothing is. Silence is never reported. A
	 * driver that cannot check (a network with no such answer) does nothing, which costs only speed.
	 */
	default void checkPort(Endpoint to) {
	}

	/** Call {@link Membership#onTimer} with {@code timer} at its due time. */
	void schedule(Timer timer);

	/** A change in the local view. */
	void event(MembershipEvent event);
}
