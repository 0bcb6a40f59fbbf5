package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which member to probe in a probe round: a schedule that members agree on without talking, so
 * that in every probe interval every live member is probed by about one member.
 * <p>
 * All members rank the live membership, themselves included, by node id ({@link MemberId#NODE_ID_ORDER}),
 * and count rounds on the wall clock: round {@code r} is {@code wallClock / probeInterval}. In each
 * round every member probes the member a shared offset {@code d} ahead of itself, rank
 * {@code (i + d) mod N}: one permutation of the members per round. The offset runs through 1 to
 * {@code N - 1} once per cycle of {@code N - 1} rounds, so each member probes every other once per
 * cycle (SWIM's round robin) and, as long as clocks and views agree, is probed by exactly one member
 * in every round. The time from a crash to its first probe is then bounded by
 * two probe intervals, where independently shuffled orders made it roughly exponential (mean one
 * interval, a tail of four to five). Nothing depends on the agreement for correctness: views that
 * differ during churn, a member whose health stretches its interval, or a clock that is off only
 * make some members probed twice in a round and some not at all, as independent orders do always.
 */
final class ProbeOrder {

	private static final Comparator<MemberRecord> BY_NODE_ID = Comparator.comparing((e) -> e.id().nodeId(),
			MemberId.NODE_ID_ORDER);

	/** The live members other than this one, by node id; rebuilt when the live set changed. */
	private final List<MemberRecord> ring = new ArrayList<>();

	/** Our own rank among the {@code ring.size() + 1} members. */
	private int selfRank;

	private boolean stale = true;

	/** The cycle whose {@link #offsets} these are. */
	private long cycle;

	private int[] offsets = new int[0];

	/**
	 * The member to probe in round {@code round}, or null if we know no other live member.
	 * @param self our node id
	 * @param records every record we hold (see {@link MemberTable#records})
	 * @param liveOthers how many of them are live
	 */
	MemberRecord next(long round, String self, List<MemberRecord> records, int liveOthers) {
		if (this.stale || this.ring.size() != liveOthers) {
			rebuild(self, records);
		}
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
	 * {@code n}: each of 1 to {@code n - 1} once per cycle of {@code n - 1} rounds, in an order
	 * shuffled afresh each cycle from the cycle's number. Stepping through them in order instead
	 * would have each member probed by the same members in the same order every cycle, so any
	 * event that recurs with that period (a job, a benchmark's trials) would find the same prober on
	 * duty each time.
	 */
	private int offset(long round, int n) {
		long cycle = Math.floorDiv(round, (long) (n - 1));
		if (cycle != this.cycle || this.offsets.length != n - 1) {
			this.cycle = cycle;
			this.offsets = new int[n - 1];
			// java.util.Random: its sequence for a seed is specified, so every member draws the same
			Random shared = new Random(cycle * 0x9E3779B97F4A7C15L + n);
			for (int i = 0; i < n - 1; i++) {
				int j = shared.nextInt(i + 1);
				this.offsets[i] = this.offsets[j];
				this.offsets[j] = i + 1;
			}
		}
		return this.offsets[(int) Math.floorMod(round, (long) (n - 1))];
	}

	private void rebuild(String self, List<MemberRecord> records) {
		this.ring.clear();
		for (MemberRecord e : records) {
			if (e.state().isLive()) {
				this.ring.add(e);
			}
		}
		this.ring.sort(BY_NODE_ID);
		int rank = 0;
		while (rank < this.ring.size() && MemberId.NODE_ID_ORDER.compare(this.ring.get(rank).id().nodeId(), self) < 0) {
			rank++;
		}
		this.selfRank = rank;
		this.stale = false;
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
	}

	/** The other live members in rank order, as of the last probe; for tests. */
	List<MemberRecord> ranked() {
		return List.copyOf(this.ring);
	}

}
