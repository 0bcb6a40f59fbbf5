package io.github.gossip.internal.protocol;

/**
 * A timer the state machine asks its driver to set. The driver calls
 * {@link Membership#onTimer(long, Timer)} with the same object at or after {@link #at()}; a timer
 * that became irrelevant is simply ignored by the state machine, so drivers never cancel.
 */
public sealed interface Timer {

	/** Local clock time (millis) at which the timer is due. */
	long at();

	/**
	 * Calls the method of {@code visitor} for this kind of timer. A new kind of timer must implement
	 * this, which needs a new visitor method, which every visitor must then implement: a new kind
	 * cannot go unhandled silently.
	 */
	void accept(Visitor visitor);

	/** One method per kind of timer. */
	interface Visitor {

		void onProbeTick(ProbeTick probeTick);

		void onProbeTimeout(ProbeTimeout probeTimeout);

		void onProbeRoundEnd(ProbeRoundEnd probeRoundEnd);

		void onRelayTimeout(RelayTimeout relayTimeout);

		void onSuspicionTimeout(SuspicionTimeout suspicionTimeout);

		void onSuspicionCheck(SuspicionCheck suspicionCheck);

		void onGossipTick(GossipTick gossipTick);

		void onJoinRetry(JoinRetry joinRetry);

		void onJoinCatchUp(JoinCatchUp joinCatchUp);

		void onReap(Reap reap);

		void onSyncTick(SyncTick syncTick);

		void onReconnectTick(ReconnectTick reconnectTick);

		void onLeaderCheck(LeaderCheck leaderCheck);

		void onConflictNotice(ConflictNotice conflictNotice);

		void onFollowUpSync(FollowUpSync followUpSync);

		void onLeaseTick(LeaseTick leaseTick);

		void onLeaseCheck(LeaseCheck leaseCheck);

	}

	/** Start the next probe round. */
	record ProbeTick(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onProbeTick(this);
		}
	}

	/** No direct ack for probe {@code seq}: go indirect. */
	record ProbeTimeout(long at, long seq) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onProbeTimeout(this);
		}
	}

	/** End of the round for probe {@code seq}: suspect the target if nobody vouched for it. */
	record ProbeRoundEnd(long at, long seq) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onProbeRoundEnd(this);
		}
	}

	/** An indirect probe made for someone else got no ack: answer them with a nack. */
	record RelayTimeout(long at, long seq) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onRelayTimeout(this);
		}
	}

	/** Suspicion of {@code nodeId} may have expired; {@code generation} tells stale timers apart. */
	record SuspicionTimeout(long at, String nodeId, long generation) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onSuspicionTimeout(this);
		}
	}

	/**
	 * Shortly before a suspicion of {@code nodeId} expires, ping the suspect once, carrying the
	 * suspicion: if it is alive it refutes in its ack, even if we missed its refutation gossip.
	 */
	record SuspicionCheck(long at, String nodeId, long generation) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onSuspicionCheck(this);
		}
	}

	/** Push queued news to a few random members. */
	record GossipTick(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onGossipTick(this);
		}
	}

	/** Contact the seeds again unless some member has answered. */
	record JoinRetry(long at, int attempt) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onJoinRetry(this);
		}
	}

	/**
	 * After joining, pull the view of a random member once more: members that joined at the same
	 * time as us were not in the seed's answer, and did not know us to gossip to us.
	 */
	record JoinCatchUp(long at, int remaining) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onJoinCatchUp(this);
		}
	}

	/** Forget tombstones older than the retention window. */
	record Reap(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onReap(this);
		}
	}

	/** Exchange state with a random live member (anti-entropy). */
	record SyncTick(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onSyncTick(this);
		}
	}

	/**
	 * Exchange state with a member we hold failed or with a seed that is not in our live view, so
	 * that the halves of a healed partition find each other.
	 */
	record ReconnectTick(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onReconnectTick(this);
		}
	}

	/** The stability window of a pending leader of some role may have passed. */
	record LeaderCheck(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onLeaderCheck(this);
		}
	}

	/** Remind the other process using our node id, and report it again (rate-limited). */
	record ConflictNotice(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onConflictNotice(this);
		}
	}

	/**
	 * A member joined or came back in our view: a few seconds later, sync once with a random live
	 * member, to fetch whatever else of that change gossip did not bring us.
	 */
	record FollowUpSync(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onFollowUpSync(this);
		}
	}

	/** Ask for or renew the leases of the majority-policy roles this node is the candidate of. */
	record LeaseTick(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onLeaseTick(this);
		}
	}

	/** A lease this node leads by may have run out. */
	record LeaseCheck(long at) implements Timer {

		@Override
		public void accept(Visitor visitor) {
			visitor.onLeaseCheck(this);
		}
	}
}
