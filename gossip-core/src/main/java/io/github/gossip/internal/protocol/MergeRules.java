package io.github.gossip.internal.protocol;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;

/**
 * The SWIM merge rules, as a pure function: given what we hold about a member (or about
 * ourselves) and a piece of news about it, what the news does. Nothing here changes state; the
 * caller carries out the {@link Verdict} ({@link RecordMerger} for other members,
 * {@link LocalIdentity} for ourselves).
 * <p>
 * Per node id, a later instance (a restart) beats everything of an earlier one and news about an
 * earlier one is ignored for ever. Within an instance the higher incarnation wins; at equal
 * incarnation the precedence is ALIVE &lt; SUSPECT &lt; DEAD &lt; LEFT, except that a tombstone
 * never falls back to SUSPECT or DEAD. Only the member itself raises its incarnation, which is how
 * it refutes. Records that jump the incarnation by more than {@link #MAX_INCARNATION_JUMP} are
 * refused in every state.
 */
final class MergeRules {

	/** Largest incarnation step accepted from gossip, so a forged huge value cannot pin a member. */
	static final long MAX_INCARNATION_JUMP = 1L << 20;

	private MergeRules() {
	}

	/** What a piece of news does. */
	enum Action {

		/** Nothing changes, nothing is gossiped on. */
		IGNORE,

		/** A member we do not hold (and may admit): add it, live or as a tombstone. */
		ADD,

		/** A later process with the member's node id: it replaces the record in place. */
		REPLACE_INSTANCE,

		/**
		 * The incarnation we hold, carrying metadata (and so the advertised address) that we lacked
		 * because we learned that incarnation from a packet header: take both, keep the state.
		 */
		FILL_METADATA,

		/** Take the news' incarnation and state (and, for a live state, its address and metadata). */
		TAKE,

		/** One more independent accuser of the suspicion we hold: it shortens the suspicion. */
		CONFIRM_SUSPICION,

		/** News accusing us, or claiming a higher incarnation of us: raise ours above it. */
		REFUTE,

		/** News that we live while we are leaving: gossip our LEFT record again. */
		REASSERT_LEFT,

		/** A later process with our node id exists: step down. */
		STEP_DOWN

	}

	/**
	 * What a piece of news does.
	 *
	 * @param action what the caller carries out
	 * @param next the member's state afterwards (for ourselves, the state others should see)
	 * @param event the event to emit, or null
	 * @param regossip whether the news itself is gossiped on (news about ourselves never is: we
	 * gossip our own record instead)
	 * @param followUp whether a member joined or came back, after which a follow-up sync fetches
	 * whatever else changed with it
	 * @param thenSuspected whether the member is first taken in ALIVE, counted and announced with
	 * {@code event}, and only then suspected, which emits SUSPECTED: a SUSPECT record that adds or
	 * replaces a member, so that every observer sees the member join before it sees the suspicion
	 */
	record Verdict(Action action, MemberState next, Kind event, boolean regossip, boolean followUp,
			boolean thenSuspected) {

		static final Verdict IGNORE = new Verdict(Action.IGNORE, null, null, false, false);

		/** A verdict whose member goes straight to {@code next}. */
		Verdict(Action action, MemberState next, Kind event, boolean regossip, boolean followUp) {
			this(action, next, event, regossip, followUp, false);
		}

		/** The state the record enters first: ALIVE when it is {@link #thenSuspected}, else {@link #next}. */
		MemberState entered() {
			return this.thenSuspected ? MemberState.ALIVE : this.next;
		}

	}

	/**
	 * The rules for news {@code u} about another member; {@code current} is our record of that node
	 * id, or null when we hold none and may admit it (see {@link ReapedMembers#admits}).
	 */
	static Verdict aboutOther(MemberRecord current, Update u) {
		if (current == null) {
			boolean live = u.state().isLive();
			return new Verdict(Action.ADD, u.state(), live ? Kind.JOINED : null, true, live,
					u.state() == MemberState.SUSPECT);
		}
		int order = Long.compareUnsigned(u.member().instance(), current.id().instance());
		if (order < 0) {
			return Verdict.IGNORE; // news about a replaced process: never let it come back
		}
		if (order > 0) {
			return replaced(current, u);
		}
		if (u.incarnation() - current.incarnation() > MAX_INCARNATION_JUMP) {
			return Verdict.IGNORE; // implausible: a forged or corrupt record must not pin the incarnation
		}
		return switch (u.state()) {
			case ALIVE -> alive(current, u);
			case SUSPECT -> suspect(current, u);
			case DEAD -> (u.incarnation() < current.incarnation() || !current.state().isLive()) ? Verdict.IGNORE
					: new Verdict(Action.TAKE, MemberState.DEAD, Kind.FAILED, true, false);
			case LEFT -> (u.incarnation() < current.incarnation() || current.state() == MemberState.LEFT) ? Verdict.IGNORE
					: new Verdict(Action.TAKE, MemberState.LEFT, Kind.LEFT, true, false);
		};
	}

	private static Verdict replaced(MemberRecord current, Update u) {
		boolean wasLive = current.state().isLive();
		Kind event;
		if (u.state().isLive()) {
			event = wasLive ? Kind.UPDATED : Kind.JOINED;
		}
		else if (wasLive) {
			event = (u.state() == MemberState.LEFT) ? Kind.LEFT : Kind.FAILED;
		}
		else {
			event = null;
		}
		return new Verdict(Action.REPLACE_INSTANCE, u.state(), event, true, u.state().isLive(),
				u.state() == MemberState.SUSPECT);
	}

	private static Verdict alive(MemberRecord current, Update u) {
		boolean updated = current.wouldMove(u) || current.wouldChangeMetadata(u);
		if (u.incarnation() == current.incarnation() && fillsMetadata(current, u)) {
			return new Verdict(Action.FILL_METADATA, current.state(), updated ? Kind.UPDATED : null, true, false);
		}
		if (u.incarnation() <= current.incarnation()) {
			return Verdict.IGNORE;
		}
		Kind event = (current.state() != MemberState.ALIVE) ? Kind.ALIVE_AGAIN : (updated ? Kind.UPDATED : null);
		// a refutation counts as a sign of life, even second hand; one from the dead asks for a sync
		return new Verdict(Action.TAKE, MemberState.ALIVE, event, true, !current.state().isLive());
	}

	/** A record of the incarnation we hold that carries the metadata we lack, about a live member. */
	private static boolean fillsMetadata(MemberRecord current, Update u) {
		return u.metadata() != null && !(current.metadataKnown() && current.endpointAdvertised()) && current.state().isLive();
	}

	private static Verdict suspect(MemberRecord current, Update u) {
		if (!current.state().isLive() || u.incarnation() < current.incarnation()) {
			return Verdict.IGNORE;
		}
		if (current.state() == MemberState.SUSPECT && u.incarnation() == current.incarnation()) {
			return current.suspicion().wouldConfirm(u.accuser())
					? new Verdict(Action.CONFIRM_SUSPICION, MemberState.SUSPECT, null, true, false) : Verdict.IGNORE;
		}
		return new Verdict(Action.TAKE, MemberState.SUSPECT, Kind.SUSPECTED, true, false);
	}

	/**
	 * The rules for news {@code u} about our own node id, where we run as {@code self} at
	 * {@code incarnation}, {@code leaving} or not.
	 */
	static Verdict aboutSelf(MemberId self, long incarnation, boolean leaving, Update u) {
		if (u.member().instance() != self.instance()) {
			return u.member().supersedes(self)
					? new Verdict(Action.STEP_DOWN, MemberState.LEFT, Kind.SUPERSEDED, false, false) : Verdict.IGNORE;
		}
		if (leaving) {
			return (u.state() != MemberState.LEFT)
					? new Verdict(Action.REASSERT_LEFT, MemberState.LEFT, null, false, false) : Verdict.IGNORE;
		}
		boolean accused = u.state() != MemberState.ALIVE && u.incarnation() >= incarnation;
		boolean overtaken = u.state() == MemberState.ALIVE && u.incarnation() > incarnation;
		if ((accused || overtaken) && u.incarnation() - incarnation <= MAX_INCARNATION_JUMP) {
			// only we may raise our incarnation, and a higher one beats any accusation
			return new Verdict(Action.REFUTE, MemberState.ALIVE, null, false, false);
		}
		return Verdict.IGNORE;
	}

}
