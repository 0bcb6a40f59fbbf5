package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * SWIM's round-robin probe order: every live member once per round, in an order shuffled afresh
 * each round, so that the time to detect a failure stays bounded (about one round) rather than
 * geometric as with independent random picks. Records that stopped being live stay in the round
 * and are skipped.
 */
final class ProbeOrder {

	private final List<MemberRecord> order = new ArrayList<>();

	/** The records in {@link #order}, by identity. */
	private final Set<MemberRecord> included = new HashSet<>();

	private int index;

	/** The next live member to probe, starting a new round from {@code records} when one ends. */
	MemberRecord next(List<MemberRecord> records, RandomGenerator random) {
		for (int scanned = 0; scanned <= this.order.size(); scanned++) {
			if (this.index >= this.order.size()) {
				rebuild(records, random);
				if (this.order.isEmpty()) {
					return null;
				}
			}
			MemberRecord e = this.order.get(this.index++);
			if (e.state().isLive()) {
				return e;
			}
		}
		return null;
	}

	private void rebuild(List<MemberRecord> records, RandomGenerator random) {
		this.included.clear();
		this.order.clear();
		for (MemberRecord e : records) {
			if (e.state().isLive()) {
				this.order.add(e);
				this.included.add(e);
			}
		}
		RandomDraws.shuffle(this.order, random);
		this.index = 0;
	}

	/** New members go to a random place of the rest of the round so detection time stays bounded. */
	void add(MemberRecord e, RandomGenerator random) {
		if (this.included.contains(e)) {
			return;
		}
		int at = this.index + random.nextInt(this.order.size() - this.index + 1);
		this.order.add(at, e);
		this.included.add(e);
	}

	/** Drops the records {@code keep} refuses (reaped ones). */
	void retain(Predicate<MemberRecord> keep) {
		this.order.removeIf((e) -> {
			boolean drop = !keep.test(e);
			if (drop) {
				this.included.remove(e);
			}
			return drop;
		});
		this.index = Math.min(this.index, this.order.size());
	}

	/** The rest of the current round, in order; for tests. */
	List<MemberRecord> remaining() {
		return List.copyOf(this.order.subList(this.index, this.order.size()));
	}

}
