package io.github.gossip.internal.protocol;

import java.util.function.LongConsumer;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.MergeRules.Verdict;

/**
 * Merges news into the view: asks {@link MergeRules} what a piece of news does and carries it out
 * on the {@link MemberTable}, telling the failure detector (probe order, suspicions), leadership
 * and anti-entropy (follow-up syncs) what they need to know, and emitting the events, in one fixed
 * order. Also learns from packet headers, which are news of their senders too.
 */
final class RecordMerger {

	private final LocalIdentity identity;

	private final MemberTable table;

	private final FailureDetector detector;

	private final LeadershipWatch leadership;

	private final DatagramPacker packer;

	private final DisseminationQueue queue;

	private final Outputs out;

	/** Asks for a follow-up sync at the given time: a member joined or came back. */
	private final LongConsumer followUp;

	/** How many records changed without an event (see {@link #silentChanges}). */
	private long silentChanges;

	RecordMerger(LocalIdentity identity, MemberTable table, FailureDetector detector, LeadershipWatch leadership,
			DatagramPacker packer, DisseminationQueue queue, Outputs out, LongConsumer followUp) {
		this.identity = identity;
		this.table = table;
		this.detector = detector;
		this.leadership = leadership;
		this.packer = packer;
		this.queue = queue;
		this.out = out;
		this.followUp = followUp;
	}

	/**
	 * Merges {@code u}; with {@code regossip}, news that changed something is gossiped on.
	 * @return whether the news declared us dead and we refuted it, so that whoever sent it should
	 * get our refutation directly (see {@link LocalIdentity#onRecordAboutSelf})
	 */
	boolean apply(long now, Update u, boolean regossip) {
		if (this.identity.isOurNodeId(u.member())) {
			return this.identity.onRecordAboutSelf(now, u);
		}
		MemberRecord e = this.table.get(u.member().nodeId());
		if (e == null && !this.table.admits(u)) {
			return false;
		}
		Verdict verdict = MergeRules.aboutOther(e, u);
		switch (verdict.action()) {
			case IGNORE -> {
				return false;
			}
			case ADD -> add(now, u, verdict);
			case REPLACE_INSTANCE -> replaceInstance(now, e, u, verdict);
			case FILL_METADATA -> {
				e.takeEndpoint(u);
				takeMetadata(e, u);
				emit(verdict.event(), e, now);
			}
			case TAKE -> take(now, e, u, verdict);
			case CONFIRM_SUSPICION -> this.detector.confirm(now, e, u.accuser());
			default -> throw new IllegalStateException("not a verdict about another member: " + verdict);
		}
		if (regossip && verdict.regossip()) {
			this.queue.add(u);
		}
		return false;
	}

	/**
	 * Every packet is a small proof of life of its sender. Piggybacked news is applied first, so
	 * this only adds what the news did not say; whatever it adds is gossiped on, because others
	 * likely missed the same news.
	 */
	void learnFromHeader(long now, Endpoint from, MemberId sender, long incarnation) {
		MemberRecord known = this.table.get(sender.nodeId());
		if (known == null) {
			Update death = this.table.deathNotice(sender, incarnation, from);
			if (death != null) {
				// we failed and forgot it, yet it talks: tell it, so it refutes and comes back
				this.packer.send(from, Message.Gossip.INSTANCE, death);
				return;
			}
		}
		if (known == null || sender.supersedes(known.id())) {
			// a member whose ALIVE we missed, or a restarted process talking before its ALIVE arrived
			apply(now, Update.alive(sender, incarnation, from), true);
		}
		else if (known.id().equals(sender)) {
			if (incarnation > known.incarnation()) {
				// the sender refuted news we still hold; its own word is the freshest there is
				apply(now, Update.alive(sender, incarnation, known.endpoint()), true);
			}
			else if (known.state() == MemberState.DEAD) {
				// declared dead yet talking: tell it, so it refutes instead of living on unseen
				this.packer.send(from, Message.Gossip.INSTANCE, known.update());
			}
			else if (known.state() == MemberState.SUSPECT) {
				this.detector.suspectTalked(now, from, known);
			}
		}
	}

	/** A member we did not hold, in the state, with the event and follow-ups that the verdict says. */
	private void add(long now, Update u, Verdict verdict) {
		MemberRecord e = this.table.add(now, u, verdict.entered());
		takeMetadata(e, u);
		if (verdict.entered().isLive()) {
			// a member that names no role still holds every role it does not exclude
			this.leadership.livenessChanged(e);
			this.detector.addToProbeOrder(e);
		}
		// a tombstone learned second hand has no event, but it keeps stale ALIVEs from resurrecting it
		emit(verdict.event(), e, now);
		if (verdict.followUp()) {
			this.followUp.accept(now);
		}
		if (verdict.thenSuspected()) {
			suspect(now, e, u.accuser());
		}
	}

	/** A later process takes the record over, in the state, with the event and follow-ups that the verdict says. */
	private void replaceInstance(long now, MemberRecord e, Update u, Verdict verdict) {
		// judged by the node id and the roles of the process that goes
		this.leadership.livenessChanged(e);
		this.detector.clear(e);
		e.replaceInstance(now, u);
		takeMetadata(e, u);
		setState(now, e, verdict.entered());
		emit(verdict.event(), e, now);
		if (verdict.followUp()) {
			this.followUp.accept(now);
		}
		if (verdict.thenSuspected()) {
			suspect(now, e, u.accuser());
		}
	}

	private void take(long now, MemberRecord e, Update u, Verdict verdict) {
		MemberState next = verdict.next();
		e.takeIncarnation(u);
		if (next.isLive()) {
			e.takeEndpoint(u);
			if (next == MemberState.ALIVE) {
				// a refutation counts as a sign of life, even second hand
				e.heard(now);
			}
			takeMetadata(e, u);
		}
		setState(now, e, next);
		if (next == MemberState.SUSPECT) {
			this.detector.startSuspicion(now, e, u.accuser());
		}
		if (verdict.event() == null) {
			this.silentChanges++;
		}
		emit(verdict.event(), e, now);
		if (verdict.followUp()) {
			this.followUp.accept(now);
		}
	}

	/**
	 * Rises whenever a record took news that raises no event: a live member's incarnation that rose
	 * with its address and metadata as they were. Readers of the published view see incarnations, so
	 * such a change must be published too.
	 */
	long silentChanges() {
		return this.silentChanges;
	}

	private void suspect(long now, MemberRecord e, String accuser) {
		setState(now, e, MemberState.SUSPECT);
		this.detector.startSuspicion(now, e, accuser);
		emit(Kind.SUSPECTED, e, now);
	}

	private void takeMetadata(MemberRecord e, Update u) {
		MemberMetadata before = e.metadata();
		if (e.takeMetadata(u)) {
			this.leadership.metadataChanged(before, e.metadata());
		}
	}

	private void setState(long now, MemberRecord e, MemberState state) {
		int change = this.table.setState(now, e, state);
		if (state != MemberState.SUSPECT) {
			this.detector.clear(e);
		}
		if (change != 0) {
			this.leadership.livenessChanged(e);
		}
		if (change > 0) {
			this.detector.addToProbeOrder(e);
		}
	}

	private void emit(Kind kind, MemberRecord e, long now) {
		if (kind != null) {
			this.out.event(new MembershipEvent(kind, e.snapshot(), now));
		}
	}

}
