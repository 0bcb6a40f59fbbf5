package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.protocol.Message.SyncPush;
import io.github.gossip.internal.protocol.Message.SyncRequest;

/**
 * Anti-entropy and partition healing: a digest push-pull ({@link ViewDigest}) with a random live
 * member every sync interval and once more after members joined or came back, and one
 * with a member we hold failed or a seed missing from our live view, so that the halves of a
 * healed partition find each other. Merges what a sync brings under its own rule: a sync never
 * fails a member we hold live, it tells that member instead.
 */
final class AntiEntropy {

	/** Bytes a bucket number costs at most in a push's list of buckets. */
	private static final int BUCKET_NUMBER_SIZE = 2;

	private final ProtocolConfig config;

	private final LocalIdentity identity;

	private final MemberTable table;

	private final Joining joining;

	private final RecordMerger merger;

	private final FailureDetector detector;

	private final DatagramPacker packer;

	private final RandomGenerator random;

	private final Outputs out;

	/** When the last follow-up sync was scheduled (see {@link #requestFollowUpSync}). */
	private long followUpScheduledAt = Long.MIN_VALUE;

	/** Whether a follow-up sync is scheduled and not done yet. */
	private boolean followUpPending;

	/** The latest time the pending follow-up sync may wait for. */
	private long followUpDeadline;

	/** When we last learned of a member that joined or came back. */
	private long lastArrival;

	AntiEntropy(ProtocolConfig config, LocalIdentity identity, MemberTable table, Joining joining, RecordMerger merger,
			FailureDetector detector, DatagramPacker packer, RandomGenerator random, Outputs out) {
		this.config = config;
		this.identity = identity;
		this.table = table;
		this.joining = joining;
		this.merger = merger;
		this.detector = detector;
		this.packer = packer;
		this.random = random;
		this.out = out;
	}

	/** Schedules the first sync and the first reconnect attempt. */
	void start(long now) {
		this.out.schedule(new Timer.SyncTick(now + RandomDraws.jittered(this.config.syncIntervalMillis(1), this.random)));
		this.out.schedule(
				new Timer.ReconnectTick(now + RandomDraws.jittered(this.config.reconnectIntervalMillis(1), this.random)));
	}

	/** Push-pull with one random live member, at an interval that grows with the cluster. */
	void onSyncTick(long now) {
		this.out.schedule(new Timer.SyncTick(
				now + RandomDraws.jittered(this.config.syncIntervalMillis(this.table.liveCount()), this.random)));
		syncWithRandomMember();
	}

	/** The follow-up sync is due, unless members still arrive and its deadline is not reached. */
	void onFollowUpSync(long now) {
		long quiet = followUpQuietMillis();
		if (now - this.lastArrival < quiet && now < this.followUpDeadline) {
			this.out.schedule(new Timer.FollowUpSync(Math.min(this.followUpDeadline, this.lastArrival + quiet)));
			return;
		}
		this.followUpPending = false;
		syncWithRandomMember();
	}

	private void syncWithRandomMember() {
		if (this.identity.isLeaving() || !this.joining.isJoined()) {
			return;
		}
		List<MemberRecord> peer = this.table.sample(1, null, this.random);
		if (!peer.isEmpty()) {
			this.packer.send(peer.get(0).endpoint(), digest(), null);
		}
	}

	/**
	 * A member joined or came back: others likely changed too (a partition healed, a cluster
	 * started), and push gossip reaches each member only with high probability, not certainty. One
	 * sync once gossip had its chance fetches the rest at the cost of a digest: once no member has
	 * arrived for two gossip intervals (news still arriving means the burst, a mass join or a heal,
	 * is not over, and a sync now would miss the rest of it), but no later than two to three probe
	 * intervals after the first arrival. At most one per {@link ProtocolConfig#followUpSpacingMillis()},
	 * so churn cannot make it a steady cost.
	 */
	void requestFollowUpSync(long now) {
		long spacing = this.config.followUpSpacingMillis();
		this.lastArrival = now;
		if (this.followUpPending || !this.joining.isJoined()
				|| this.followUpScheduledAt != Long.MIN_VALUE && now - this.followUpScheduledAt < spacing) {
			return;
		}
		this.followUpScheduledAt = now;
		this.followUpPending = true;
		long delay = this.config.probeInterval().toMillis();
		this.followUpDeadline = now + 2 * delay + this.random.nextLong(delay + 1);
		this.out.schedule(new Timer.FollowUpSync(Math.min(this.followUpDeadline, now + followUpQuietMillis())));
	}

	private long followUpQuietMillis() {
		return 2 * this.config.gossipInterval().toMillis();
	}

	/**
	 * Partition healing: sync with one random address among the members we hold failed and the
	 * seeds that are not live members of our view. After a partition both sides hold the other
	 * failed, and once tombstones are reaped the seeds are the way back; one contact is enough for
	 * the views to merge.
	 * <p>
	 * The cluster as a whole, not each member, tries its failed members about once per period, as
	 * in Serf: a member tries with probability (failed addresses it holds) / (live members it
	 * holds, itself included), drawn only when that is below one. The smaller side of a split (or
	 * either side of an even one, or a member alone) holds at least as many failed as live, so each
	 * of its members still tries every period; one crash in a cluster of 32 costs about one
	 * digest per period cluster-wide instead of 31 sent into a void. A seed missing from our view
	 * altogether (reaped, or never heard of) is tried by every member every period, as the way
	 * back once tombstones are gone; a seed held as a tombstone counts as a failed member.
	 */
	void onReconnectTick(long now) {
		int liveCount = this.table.liveCount();
		this.out.schedule(new Timer.ReconnectTick(
				now + RandomDraws.jittered(this.config.reconnectIntervalMillis(liveCount), this.random)));
		if (this.identity.isLeaving() || !this.joining.isJoined()) {
			return;
		}
		List<Endpoint> candidates = new ArrayList<>();
		Set<Endpoint> live = new HashSet<>();
		Set<Endpoint> tombstones = new HashSet<>();
		Set<Endpoint> failed = new HashSet<>();
		for (MemberRecord e : this.table.records()) {
			if (e.state() == MemberState.DEAD) {
				candidates.add(e.endpoint());
				failed.add(e.endpoint());
			}
			if (e.state().isLive()) {
				live.add(e.endpoint());
			}
			else {
				tombstones.add(e.endpoint());
			}
		}
		boolean seedMissing = false;
		for (Endpoint seed : this.joining.seeds()) {
			if (!live.contains(seed)) {
				candidates.add(seed);
				if (tombstones.contains(seed)) {
					failed.add(seed);
				}
				else {
					seedMissing = true;
				}
			}
		}
		if (candidates.isEmpty()) {
			return;
		}
		// drawn only below one, so a member that must try consumes no random draw for it
		boolean tries = seedMissing || failed.size() >= liveCount || this.random.nextInt(liveCount) < failed.size();
		if (tries) {
			this.packer.send(candidates.get(this.random.nextInt(candidates.size())), digest(), null);
		}
	}

	private SyncRequest digest() {
		return new SyncRequest(ViewDigest.bucketHashes(records(), ViewDigest.bucketCount(this.table.size() + 1)));
	}

	/** The whole view as records, our own included, as a state sync compares and sends it. */
	private List<Update> records() {
		List<Update> records = new ArrayList<>(this.table.size() + 1);
		records.add(this.identity.record());
		for (MemberRecord e : this.table.records()) {
			records.add(e.update());
		}
		return records;
	}

	/** Answers a digest with our records of the buckets that differ, asking for theirs back. */
	void onSyncRequest(Endpoint from, SyncRequest request) {
		int buckets = request.bucketHashes().size();
		List<Update> records = records(); // built once: hashed here, then sent for the differing buckets
		List<Integer> differing = ViewDigest.differing(ViewDigest.bucketHashes(records, buckets),
				request.bucketHashes());
		if (!differing.isEmpty()) {
			pushBuckets(from, records, true, buckets, differing);
		}
	}

	/**
	 * Merges the pushed records and, if asked, pushes ours of the same buckets back.
	 * @return whether the push declared us dead and we refuted it (see {@link RecordMerger#apply})
	 */
	boolean onSyncPush(long now, Endpoint from, MemberId sender, SyncPush push) {
		Set<String> noticed = new HashSet<>();
		boolean refutedDeath = false;
		for (Update record : push.records()) {
			if (this.identity.isOurNodeId(record.member())) {
				refutedDeath |= this.merger.apply(now, record, true);
			}
			else {
				applySynced(now, record, sender, noticed);
			}
			if (this.identity.isSuperseded()) {
				return false;
			}
		}
		if (push.wantReply() && !push.buckets().isEmpty()) {
			pushBuckets(from, records(), false, push.bucketCount(), push.buckets());
		}
		return refutedDeath;
	}

	/**
	 * A record from a state sync: the sender's view, which may be a whole partition behind or ahead
	 * of ours. Merged like gossip except that a sync never turns a member we hold live into a
	 * failed one, nor the reverse at the same incarnation: the two sides disagree about a process,
	 * so that process is told what the other side believes (a "notice", its DEAD record). A live
	 * process refutes with a higher incarnation, which then wins everywhere; a dead one stays
	 * silent and our own failure detector decides. That keeps the heal of a partition from
	 * failing, for a moment, every member of the other side.
	 */
	private void applySynced(long now, Update u, MemberId sender, Set<String> noticed) {
		MemberRecord e = this.table.get(u.member().nodeId());
		if (e == null) {
			if (!u.state().isLive()) {
				// a tombstone we do not hold (never knew, or reaped): taking it would restart its
				// retention here, and tombstones would circulate between members for ever
				return;
			}
			Update death = this.table.deathNotice(u.member(), u.incarnation(), u.endpoint());
			if (death != null) {
				// we failed and reaped it, the sender holds it live: it must refute to come back
				notice(u.endpoint(), death, noticed);
				return;
			}
		}
		else if (e.id().equals(u.member())) {
			if (u.state().isLive() && e.state() == MemberState.DEAD) {
				if (u.incarnation() <= e.incarnation()) {
					notice(e.endpoint(), e.update(), noticed);
					return;
				}
				if (u.state() == MemberState.SUSPECT) {
					// suspected at a newer incarnation means alive at it: the member refuted its death
					u = new Update(MemberState.ALIVE, u.member(), u.incarnation(), u.endpoint(), null, u.metadata());
				}
			}
			else if (e.state().isLive() && !u.state().isLive() && u.state() != MemberState.LEFT
					&& u.incarnation() >= e.incarnation()) {
				disputeDeath(now, e, u, sender, noticed);
				return;
			}
			else if (e.state().isLive() && u.state() == MemberState.SUSPECT) {
				if (u.incarnation() > e.incarnation() && u.metadata() != null) {
					this.merger.apply(now, Update.alive(u.member(), u.incarnation(), u.endpoint(), u.metadata()), true);
				}
				return;
			}
		}
		this.merger.apply(now, u, true);
	}

	/**
	 * The sync partner holds dead a member we hold live. If that member talked to us lately, the
	 * partner is behind (typically the other side of a healed partition) or we missed the news of
	 * its death: the member is told, so it refutes if it lives, and probed out of turn, so that a
	 * dead one is failed by our own detector at once. If it has been silent for longer than a
	 * probe cycle and a suspicion, which our own probes should not allow, it may well be dead and
	 * we missed the news (we were cut off when it was spread): our own suspicion starts, with the
	 * partner as accuser, and our failure detector decides; a live member refutes a suspicion in
	 * time, so this never fails a reachable member.
	 */
	private void disputeDeath(long now, MemberRecord e, Update dead, MemberId partner, Set<String> noticed) {
		// one round-robin cycle, in which we probe it, plus one suspicion: within that, silence is normal
		int liveCount = this.table.liveCount();
		long quiet = liveCount * this.config.probeInterval().toMillis() + this.config.suspicionMaxMillis(liveCount);
		if (now - e.lastHeard() <= quiet) {
			notice(e.endpoint(), dead, noticed);
			// and our own probe settles it now, not at its turn in the round robin
			this.detector.probeDisputed(now, e);
		}
		else if (e.state() == MemberState.ALIVE) {
			this.merger.apply(now, new Update(MemberState.SUSPECT, e.id(), e.incarnation(), e.endpoint(), partner.nodeId()),
					true);
		}
		else {
			this.detector.confirm(now, e, partner.nodeId());
		}
	}

	private void notice(Endpoint to, Update record, Set<String> noticed) {
		if (noticed.add(record.member().nodeId())) {
			this.packer.send(to, Message.Gossip.INSTANCE, record);
		}
	}

	/**
	 * Sends our records of {@code buckets} in as many datagrams as needed; each lists the buckets
	 * whose records start in it, so a lost part costs only its own buckets.
	 */
	private void pushBuckets(Endpoint to, List<Update> records, boolean wantReply, int bucketCount,
			List<Integer> buckets) {
		List<List<Update>> byBucket = ViewDigest.recordsOf(records, bucketCount, buckets);
		int budget = this.packer.budget(new SyncPush(wantReply, bucketCount, List.of(), List.of()), 3);
		// each bucket number, followed by the bucket's records
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < buckets.size(); i++) {
			items.add(buckets.get(i));
			items.addAll(byBucket.get(i));
		}
		for (List<Object> part : DatagramPacker.split(budget, items,
				(item) -> (item instanceof Update u) ? this.packer.sizeOf(u) : BUCKET_NUMBER_SIZE)) {
			List<Integer> partBuckets = new ArrayList<>();
			List<Update> partRecords = new ArrayList<>();
			for (Object item : part) {
				if (item instanceof Update u) {
					partRecords.add(u);
				}
				else {
					partBuckets.add((Integer) item);
				}
			}
			this.packer.send(to, new SyncPush(wantReply, bucketCount, partBuckets, partRecords), null);
		}
	}

}
