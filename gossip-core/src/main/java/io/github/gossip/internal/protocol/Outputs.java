package io.github.gossip.internal.protocol;

/**
 * Where the state machine puts its effects. Calls happen synchronously inside the input method,
 * on the caller's thread; the driver decides how and when to carry them out.
 */
public interface Outputs {

	/** Send {@code packet} to {@code to}; the driver encodes and seals it. */
	void send(Endpoint to, Packet packet);

	/** Call {@link Membership#onTimer} with {@code timer} at its due time. */
	void schedule(Timer timer);

	/** A change in the local view. */
	void event(MembershipEvent event);
}
