package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which member to probe in a probe round, and when in the round: a schedule that members agree on
 * without talking, so that every live member is probed about once per probe interval.
 * <p>
 * All members rank the live membership, themselves included, by node id ({@link MemberId#NODE_ID_ORDER}),
 * and count rounds on the wall clock. The member of rank {@code i} of {@code N} probes at
 * {@code i / N} of each interval, in round {@code r}, and probes the member a shared offset
 * {@code d} ahead of itself, rank {@code (i + d) mod N}: one permutation of the members per round.
 * The offset steps down through {@code N - 1} to 1 once per cycle of {@code N - 1} rounds, so each
 * member probes every other once per cycle (SWIM's round robin), and the member that probes a
 * given member in the next round is the one ranked after this round's prober, whose turn comes
 * {@code 1 / N} of an interval later. So a member is probed every {@code 1 + 1/N} intervals; once a
 * cycle, when its prober's rank wraps around, two probes come {@code 1/N} of an interval apart, and
 * once, when the offset wraps, {@code 1 + 2/N} apart. The time from a crash to its first probe is
 * at most that. Random phases, with the same permutations, left gaps of up to two intervals, and
 * independently shuffled orders gaps of four to five. Nothing depends on the agreement for
 * correctness: views that differ during churn, a member whose health stretches its interval, or a
 * clock that is off only make some members probed twice in a round and some not at all, as
 * independent orders do always.
 * <p>
 * The cycle repeats: a member is probed by the same members in the same order every cycle. The
 * order cannot be shuffled without giving up the bound, since the next prober must be the one
 * whose turn comes next; what the bound gives, a member probed every interval whoever probes it,
 * is what a crash's detection needs.
 */
final class ProbeOrder {

	private static final Comparator<MemberRecord> BY_NODE_ID = Comparator.comparing((e) -> e.id().nodeId(),
			MemberId.NODE_ID_ORDER);

	/** The live members other than this one, by node id; rebuilt when the live set changed. */
	private final List<MemberRecord> ring = new ArrayList<>();

	/**
	 * Every record of the table, live or not, by node id, kept so that a ranking is a filter rather
	 * than a sort: while a cluster forms, the live set changes before nearly every probe tick, and
	 * sorting the whole view at each one took nearly a tenth of a forming's protocol threads. The
	 * table only appends records and reaping only removes them, so the first {@code indexed}
	 * records stay where they were unless one of them was removed.
	 */
	private final List<MemberRecord> byNodeId = new ArrayList<>();

	/** How many of the table's records, in learning order, {@link #byNodeId} holds. */
	private int indexed;

	/** The last of those, to notice a removal among them. */
	private MemberRecord lastIndexed;

	/** Our own rank among the {@code ring.size() + 1} members. */
	private int selfRank;

	private boolean stale = true;

	/**
	 * The member to probe in round {@code round}, or null if we know no other live member.
	 * @param self our node id
	 * @param records every record we hold (see {@link MemberTable#records})
	 * @param liveOthers how many of them are live
	 */
	MemberRecord next(long round, String self, List<MemberRecord> records, int liveOthers) {
		rank(self, records, liveOthers);
		int n = this.ring.size() + 1;
		if (n < 2) {
			return null;
		}
		int rank = (this.selfRank + offset(round, n)) % n;
		MemberRecord e = this.ring.get((rank < this.selfRank) ? rank : rank - 1);
		if (!e.state().isLive()) {
			// a member stopped being live while another came back, which left the count as it was
			rebuild(self, records);
			return next(round, self, records, liveOthers);
		}
		return e;
	}

	/**
	 * How far ahead of itself every member probes in round {@code round} of a membership of
	 * {@code n}: {@code n - 1} down to 1, one per round. Stepping down moves a member's prober up
	 * one rank a round, to the member whose turn in the interval comes next.
	 */
	private static int offset(long round, int n) {
		return (n - 1) - (int) Math.floorMod(round, (long) (n - 1));
	}

	/**
	 * When in each probe interval this member probes: its rank's share of {@code interval}, in
	 * millis after the interval's start on the wall clock.
	 * @param self our node id
	 * @param records every record we hold (see {@link MemberTable#records})
	 * @param liveOthers how many of them are live
	 */
	long phase(String self, List<MemberRecord> records, int liveOthers, long interval) {
		rank(self, records, liveOthers);
		return this.selfRank * interval / (this.ring.size() + 1);
	}

	/** Ranks the live members afresh if the live set changed since the last ranking. */
	private void rank(String self, List<MemberRecord> records, int liveOthers) {
		if (this.stale || this.ring.size() != liveOthers) {
			rebuild(self, records);
		}
	}

	private void rebuild(String self, List<MemberRecord> records) {
		index(records);
		this.ring.clear();
		for (MemberRecord e : this.byNodeId) {
			if (e.state().isLive()) {
				this.ring.add(e);
			}
		}
		int rank = 0;
		while (rank < this.ring.size() && MemberId.NODE_ID_ORDER.compare(this.ring.get(rank).id().nodeId(), self) < 0) {
			rank++;
		}
		this.selfRank = rank;
		this.stale = false;
	}

	/**
	 * Brings {@link #byNodeId} up to {@code records}: the records appended since the last call are
	 * inserted in place; a removal among those indexed before sorts them all afresh.
	 */
	private void index(List<MemberRecord> records) {
		int size = records.size();
		boolean whole = this.indexed > size
				|| (this.indexed > 0 && records.get(this.indexed - 1) != this.lastIndexed);
		for (int i = this.indexed; i < size && !whole; i++) {
			MemberRecord e = records.get(i);
			int at = Collections.binarySearch(this.byNodeId, e, BY_NODE_ID);
			// node ids are unique in the table, so a new record's is not there yet; if it were, the
			// table changed in a way this does not follow, and sorting afresh is always right
			whole = at >= 0;
			if (!whole) {
				this.byNodeId.add(-at - 1, e);
			}
		}
		if (whole) {
			this.byNodeId.clear();
			this.byNodeId.addAll(records);
			this.byNodeId.sort(BY_NODE_ID);
		}
		this.indexed = size;
		this.lastIndexed = (size > 0) ? records.get(size - 1) : null;
	}

	/** {@code e} became live: the ranking is built afresh before the next probe. */
	void add(MemberRecord e) {
		this.stale = true;
	}

	/** Drops the records {@code keep} refuses (reaped ones). */
	void retain(Predicate<MemberRecord> keep) {
		if (this.ring.removeIf((e) -> !keep.test(e))) {
			this.stale = true;
		}
		// not held until the next ranking, which sorts afresh after a removal anyway
		this.byNodeId.removeIf((e) -> !keep.test(e));
	}

	/** The other live members in rank order, as of the last probe; for tests. */
	List<MemberRecord> ranked() {
		return List.copyOf(this.ring);
	}

}
