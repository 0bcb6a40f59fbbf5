package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.github.gossip.internal.protocol.LeaderTerm;

/**
 * Watches, after every input any node processes, which nodes lead one role and until when, in
 * global time: each node leads from the input that gave it a term until the term's end on its own
 * clock (or its next input, or its crash). Exclusive (the majority policy): a node that starts a
 * term while another one's has not ended is an overlap, and a term that does not carry an epoch
 * above every earlier term's is a regression. Either way, a member whose highest known epoch falls
 * is a regression. A paused node counts as leading until its term's end: its jobs might still run.
 */
final class LeaseChecker implements BiConsumer<SimNode, Long> {

	/** One term as the checker saw it, in global micros; {@code endMicros} is set once it ended. */
	static final class Term {

		final SimNode node;

		final long epoch;

		final long startMicros;

		long endMicros = Long.MAX_VALUE;

		Term(SimNode node, long epoch, long startMicros) {
			this.node = node;
			this.epoch = epoch;
			this.startMicros = startMicros;
		}

	}

	private final String role;

	private final boolean exclusive;

	/** Per node: until when (global micros) its current term lasts, and the term. */
	private final Map<SimNode, Long> until = new HashMap<>();

	private final Map<SimNode, LeaderTerm> current = new HashMap<>();

	private final Map<SimNode, Term> open = new HashMap<>();

	private final List<Term> terms = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private long highestEpoch;

	/**
	 * @param exclusive whether two terms may never overlap (the majority policy); epochs must rise
	 * from term to term either way
	 */
	LeaseChecker(String role, boolean exclusive) {
		this.role = role;
		this.exclusive = exclusive;
	}

	/** Per running process, the highest epoch it knew after its last input. */
	private final Map<SimNode, Long> known = new HashMap<>();

	@Override
	public void accept(SimNode node, Long micros) {
		long now = micros;
		if (node.isUp()) {
			long epoch = node.membership().epoch(this.role);
			Long before = this.known.put(node, epoch);
			if (before != null && epoch < before) {
				this.violations.add(String.format("at %d us %s knows epoch %d of %s, down from %d", now, node, epoch,
						this.role, before));
			}
		}
		else {
			// a new process starts from nothing
			this.known.remove(node);
		}
		Optional<LeaderTerm> term = node.isUp() ? node.membership().term(this.role, node.localMillis(now))
				: Optional.empty();
		LeaderTerm before = this.current.get(node);
		boolean wasLeading = this.until.getOrDefault(node, 0L) > now;
		if (wasLeading && (term.isEmpty() || !sameTerm(before, term.get()))) {
			this.open.remove(node).endMicros = now;
		}
		else if (!wasLeading && this.open.containsKey(node)) {
			Term ended = this.open.remove(node);
			ended.endMicros = this.until.get(node);
		}
		if (term.isPresent() && (!wasLeading || !sameTerm(before, term.get()))) {
			LeaderTerm t = term.get();
			if (this.exclusive) {
				this.until.forEach((other, end) -> {
					if (other != node && end > now) {
						this.violations.add(String.format("at %d us %s leads %s (epoch %d) while %s does until %d us",
								now, node, this.role, t.epoch(), other, end));
					}
				});
			}
			if (this.exclusive && t.epoch() <= this.highestEpoch) {
				this.violations.add(String.format("at %d us %s leads %s at epoch %d, not above %d", now, node,
						this.role, t.epoch(), this.highestEpoch));
			}
			this.highestEpoch = Math.max(this.highestEpoch, t.epoch());
			Term seen = new Term(node, t.epoch(), now);
			this.open.put(node, seen);
			this.terms.add(seen);
		}
		this.current.put(node, term.orElse(null));
		this.until.put(node, term.map((t) -> (t.untilMillis() == Long.MAX_VALUE) ? Long.MAX_VALUE
				: node.globalMicros(t.untilMillis())).orElse(0L));
	}

	private static boolean sameTerm(LeaderTerm a, LeaderTerm b) {
		return a != null && a.epoch() == b.epoch() && a.sinceMillis() == b.sinceMillis();
	}

	List<String> violations() {
		return this.violations;
	}

	/** Every term seen so far, in the order they started. */
	List<Term> terms() {
		return this.terms;
	}

	/** Whether some node leads the role at global time {@code micros} (now or before, not later). */
	boolean anyLeads(long micros) {
		return leadersAt(micros) > 0;
	}

	/** How many nodes lead the role at global time {@code micros} (now or before, not later). */
	long leadersAt(long micros) {
		return this.until.values().stream().filter((end) -> end > micros).count();
	}

	long highestEpoch() {
		return this.highestEpoch;
	}

}
