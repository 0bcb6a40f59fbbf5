package io.github.gossip.jobs;

/** Hears of every gated call once it is over; the meters are one. Must not throw. */
interface GatedCallObserver {

	/**
	 * @param role the normalized role
	 * @param outcome what became of the call
	 * @param nanos how long the method ran; zero for a skipped call
	 */
	void observe(String role, GatedOutcome outcome, long nanos);

}
