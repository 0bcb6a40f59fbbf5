package io.github.gossip.internal.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.MergeRules.Verdict;

/**
 * This process as a member: its id, address, metadata and incarnation, whether it leaves, and
 * whether a later process with its node id superseded it. Only this process raises its
 * incarnation: to refute news about itself, and to announce new metadata.
 * <p>
 * A later process with our node id is a restart elsewhere while we still run (a zombie) or a
 * second process configured with our id. Either way the cluster follows the later one, so we stop
 * taking part and never raise our incarnation against it: that keeps two such processes from
 * making each other flap. We report the conflict, and keep telling the other process once a
 * minute so it reports it too.
 */
final class LocalIdentity {

	/** An id conflict is reported (event and notice to the other process) at most this often. */
	static final long CONFLICT_REPORT_MILLIS = 60_000;

	/**
	 * A reminder goes out this much later than a minute after the last, so that a reminder delayed
	 * less than the one before it still arrives after the other side's minute of silence is over:
	 * otherwise every other reminder would fall inside it, and the reports come every two minutes.
	 */
	static final long NOTICE_MARGIN_MILLIS = 1_000;

	private final MemberId self;

	private final Endpoint advertise;

	private final DisseminationQueue queue;

	private final ProtocolCounters counters;

	private final LocalHealth health;

	private final Outputs out;

	private MemberMetadata metadata;

	private long incarnation;

	private boolean leaving;

	private boolean superseded;

	/** The later process with our id, once we are superseded; it gets a notice once a minute. */
	private Member newerSelf;

	/** Last ID_CONFLICT report per conflicting instance, in protocol time. */
	private final Map<Long, Long> conflictReports = new HashMap<>();

	LocalIdentity(MemberId self, Endpoint advertise, MemberMetadata metadata, DisseminationQueue queue,
			ProtocolCounters counters, LocalHealth health, Outputs out) {
		this.self = self;
		this.advertise = advertise;
		this.metadata = metadata;
		this.queue = queue;
		this.counters = counters;
		this.health = health;
		this.out = out;
	}

	MemberId id() {
		return this.self;
	}

	Endpoint advertise() {
		return this.advertise;
	}

	long incarnation() {
		return this.incarnation;
	}

	MemberMetadata metadata() {
		return this.metadata;
	}

	boolean isLeaving() {
		return this.leaving;
	}

	boolean isSuperseded() {
		return this.superseded;
	}

	/** Whether {@code id} has our node id, whatever its instance. */
	boolean isOurNodeId(MemberId id) {
		return id.nodeId().equals(this.self.nodeId());
	}

	/** Our own ALIVE record, with our metadata. */
	Update alive() {
		return Update.alive(this.self, this.incarnation, this.advertise, this.metadata);
	}

	Update left() {
		return new Update(MemberState.LEFT, this.self, this.incarnation, this.advertise, null);
	}

	/** Our record as a state sync sends it: LEFT once we leave. */
	Update record() {
		return this.leaving ? left() : alive();
	}

	/** This process as other members should see it. */
	Member localMember() {
		MemberState state = (this.leaving || this.superseded) ? MemberState.LEFT : MemberState.ALIVE;
		return new Member(this.self, this.advertise, state, this.incarnation, this.metadata);
	}

	/** Starts leaving: our LEFT record goes into the queue. */
	void leave() {
		this.leaving = true;
		this.queue.add(left());
	}

	void setMetadata(MemberMetadata metadata) {
		this.metadata = metadata;
	}

	/** Raises our incarnation so that our ALIVE record with new metadata beats the old one everywhere. */
	void announceMetadata() {
		this.incarnation++;
		this.queue.add(alive());
	}

	/**
	 * News about our node id; see {@link MergeRules#aboutSelf}.
	 * @return whether the news declared us dead and we refuted it: whoever sent it should get our
	 * refutation directly, since after a partition it may hold us dead and so never gossip to us
	 */
	boolean onRecordAboutSelf(long now, Update u) {
		Verdict verdict = MergeRules.aboutSelf(this.self, this.incarnation, this.leaving, u);
		switch (verdict.action()) {
			case STEP_DOWN -> becomeSuperseded(now, new Member(u.member(), u.endpoint(), u.state(), u.incarnation(),
					(u.metadata() != null) ? u.metadata() : MemberMetadata.EMPTY));
			case REASSERT_LEFT -> this.queue.add(left());
			case REFUTE -> {
				this.incarnation = u.incarnation() + 1;
				this.counters.refutations++;
				this.health.adjust(1);
				this.queue.add(alive());
				return u.state() == MemberState.DEAD;
			}
			case IGNORE -> {
			}
			default -> throw new IllegalStateException("not a verdict about self: " + verdict);
		}
		return false;
	}

	/** A packet whose sender has our node id and {@code instance}, from {@code from}. */
	void onPacketFromOurNodeId(long now, Endpoint from, MemberId sender, long senderIncarnation) {
		if (sender.instance() == this.self.instance()) {
			return;
		}
		Member other = new Member(sender, from, MemberState.ALIVE, senderIncarnation);
		if (sender.supersedes(this.self)) {
			becomeSuperseded(now, other);
		}
		else if (!from.equals(this.advertise)) {
			// an older process with our id still runs elsewhere (a restart at the same address
			// cannot have a live predecessor, so those stray packets are not reported)
			reportConflict(now, other);
		}
	}

	private void becomeSuperseded(long now, Member newer) {
		this.superseded = true;
		this.out.event(new MembershipEvent(Kind.SUPERSEDED,
				new Member(this.self, this.advertise, MemberState.LEFT, this.incarnation, this.metadata), now));
		if (!newer.endpoint().equals(this.advertise)) {
			this.newerSelf = newer;
			onConflictNotice(now);
		}
	}

	/** Reminds the later process with our id, at most once a minute; only once superseded. */
	void onConflictNotice(long now) {
		Member newer = this.newerSelf;
		if (newer == null) {
			return;
		}
		reportConflict(now, newer);
		// header only: it carries our id and instance, which is all the other process needs
		this.out.send(newer.endpoint(), new Packet(this.self, this.incarnation, Message.Gossip.INSTANCE, List.of()));
		this.out.schedule(new Timer.ConflictNotice(now + CONFLICT_REPORT_MILLIS + NOTICE_MARGIN_MILLIS));
	}

	private void reportConflict(long now, Member other) {
		Long last = this.conflictReports.get(other.id().instance());
		if (last != null && now - last < CONFLICT_REPORT_MILLIS) {
			return;
		}
		if (this.conflictReports.size() > 64) {
			this.conflictReports.clear();
		}
		this.conflictReports.put(other.id().instance(), now);
		this.out.event(new MembershipEvent(Kind.ID_CONFLICT, other, now));
	}

}
