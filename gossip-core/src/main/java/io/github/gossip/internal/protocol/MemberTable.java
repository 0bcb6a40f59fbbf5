package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Every other member this process knows, tombstones included, in the order it learned them; how
 * many are live; and the compact memory of reaped tombstones. Iteration order is learning order,
 * which every scan (and so every seeded simulation) relies on.
 */
final class MemberTable {

	private final Map<String, MemberRecord> byId = new HashMap<>();

	private final List<MemberRecord> records = new ArrayList<>();

	private final List<MemberRecord> view = Collections.unmodifiableList(this.records);

	private final ReapedMembers reaped = new ReapedMembers();

	/** Members believed ALIVE or SUSPECT, this node included. */
	private int liveCount = 1;

	MemberRecord get(String nodeId) {
		return this.byId.get(nodeId);
	}

	/** Whether {@code record} is the one this table holds for its node id (not reaped). */
	boolean holds(MemberRecord record) {
		return this.byId.get(record.id().nodeId()) == record;
	}

	/** The records in learning order; read-only. */
	List<MemberRecord> records() {
		return this.view;
	}

	int size() {
		return this.records.size();
	}

	int liveCount() {
		return this.liveCount;
	}

	/**
	 * Adds a member first learned from {@code u}, at {@code now}, in {@code state} (see
	 * {@link MergeRules.Verdict#next}); counts it if it is live.
	 */
	MemberRecord add(long now, Update u, MemberState state) {
		MemberRecord e = new MemberRecord(now, u, state);
		this.byId.put(e.id().nodeId(), e);
		this.records.add(e);
		if (state.isLive()) {
			this.liveCount++;
		}
		return e;
	}

	/**
	 * Moves {@code e} to {@code state} (its suspicion is the failure detector's to end). Returns +1
	 * if it became live, -1 if it stopped being live, 0 otherwise.
	 */
	int setState(long now, MemberRecord e, MemberState state) {
		boolean wasLive = e.state().isLive();
		e.moveTo(now, state);
		if (wasLive && !state.isLive()) {
			this.liveCount--;
			return -1;
		}
		if (!wasLive && state.isLive()) {
			this.liveCount++;
			return 1;
		}
		return 0;
	}

	/** Snapshots of every record, tombstones included. */
	List<Member> snapshots() {
		List<Member> snapshots = new ArrayList<>(this.records.size());
		for (MemberRecord e : this.records) {
			snapshots.add(e.snapshot());
		}
		return snapshots;
	}

	Optional<Member> member(String nodeId) {
		MemberRecord e = this.byId.get(nodeId);
		return (e != null) ? Optional.of(e.snapshot()) : Optional.empty();
	}

	/** Up to {@code k} distinct random live members other than {@code exclude}. */
	List<MemberRecord> sample(int k, MemberRecord exclude, RandomGenerator random) {
		List<MemberRecord> picked = new ArrayList<>(k);
		int size = this.records.size();
		if (size == 0 || k <= 0) {
			return picked;
		}
		int attempts = 4 * k + 8;
		for (int i = 0; i < attempts && picked.size() < k; i++) {
			MemberRecord e = this.records.get(random.nextInt(size));
			if (e != exclude && e.state().isLive() && !picked.contains(e)) {
				picked.add(e);
			}
		}
		if (picked.size() < k && this.liveCount - 1 > picked.size()) {
			// mostly tombstones: fall back to a scan so small or shrinking clusters still find helpers
			List<MemberRecord> live = new ArrayList<>();
			for (MemberRecord e : this.records) {
				if (e != exclude && e.state().isLive() && !picked.contains(e)) {
					live.add(e);
				}
			}
			RandomDraws.shuffle(live, random);
			for (int i = 0; i < live.size() && picked.size() < k; i++) {
				picked.add(live.get(i));
			}
		}
		return picked;
	}

	/** Whether news {@code u} about a member we do not hold may add it; see {@link ReapedMembers#admits}. */
	boolean admits(Update u) {
		return this.reaped.admits(u);
	}

	/** See {@link ReapedMembers#deathNotice}. */
	Update deathNotice(MemberId id, long incarnation, Endpoint at) {
		return this.reaped.deathNotice(id, incarnation, at);
	}

	/**
	 * Forgets tombstones older than {@code retention}, remembering each reaped member compactly for
	 * one more window so that stale records cannot bring it back. Returns the records removed, in
	 * table order.
	 */
	List<MemberRecord> reap(long now, long retention) {
		this.reaped.expire(now, retention);
		List<MemberRecord> gone = new ArrayList<>();
		this.records.removeIf((e) -> {
			boolean expired = !e.state().isLive() && now - e.stateSince() > retention;
			if (expired) {
				this.byId.remove(e.id().nodeId());
				this.reaped.remember(e.id(), e.incarnation(), now);
				gone.add(e);
			}
			return expired;
		});
		return gone;
	}

	/** Reaped members still remembered; for tests. */
	int reapedCount() {
		return this.reaped.size();
	}

}
