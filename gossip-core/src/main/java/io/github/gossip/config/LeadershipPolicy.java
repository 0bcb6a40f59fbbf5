package io.github.gossip.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a role chooses its leader when the network splits.
 * <ul>
 * <li>{@link #available()}, the default: every side of a split elects a leader, so a role's jobs run
 * at least once per period, possibly once per side while the split lasts.</li>
 * <li>{@link #majorityOf(Collection)} or {@link #majority(int)}: a member leads only while it holds
 * an unexpired lease granted directly by a strict majority of the role's holders, and every holder
 * grants its lease to one member at a time; a leader that loses its majority stops leading before
 * any other member can start, so at most one member leads at any moment, and a minority side runs
 * nothing.</li>
 * </ul>
 *
 * @param mode which policy
 * @param holders with {@link Mode#MAJORITY}: the node ids that hold the role and vote, or empty when
 * the role has a quorum size instead; empty with {@link Mode#AVAILABLE}
 * @param quorum with {@link Mode#MAJORITY} and no holders: how many holders must grant the lease;
 * otherwise 0
 */
public record LeadershipPolicy(Mode mode, SortedSet<String> holders, int quorum) {

	private static final LeadershipPolicy AVAILABLE = new LeadershipPolicy(Mode.AVAILABLE, new TreeSet<>(), 0);

	/** The two policies. */
	public enum Mode {

		/** A leader on every side of a split. */
		AVAILABLE,

		/** A leader only where a strict majority of the role's holders is reachable. */
		MAJORITY

	}

	public LeadershipPolicy {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(holders, "holders");
		holders = Collections.unmodifiableSortedSet(new TreeSet<>(holders));
		if (mode == Mode.AVAILABLE && (!holders.isEmpty() || quorum != 0)) {
			throw new IllegalArgumentException("the available policy takes neither holders nor a quorum");
		}
		if (mode == Mode.MAJORITY && holders.isEmpty() == (quorum == 0)) {
			throw new IllegalArgumentException("the majority policy takes either the role's holders or a quorum size, "
					+ "got holders " + holders + " and quorum " + quorum);
		}
		if (quorum < 0) {
			throw new IllegalArgumentException("quorum " + quorum + "; allowed: at least 1");
		}
	}

	/** A leader on every side of a split: the default. */
	public static LeadershipPolicy available() {
		return AVAILABLE;
	}

	/**
	 * A leader only while a strict majority of {@code holders} grants it a lease.
	 * @param holders the node ids that hold the role, as in {@code cluster.roles.<role>}; not empty
	 */
	public static LeadershipPolicy majorityOf(Collection<String> holders) {
		if (holders.isEmpty()) {
			throw new IllegalArgumentException("the majority policy needs the role's holders; got none");
		}
		return new LeadershipPolicy(Mode.MAJORITY, new TreeSet<>(holders), 0);
	}

	/**
	 * A leader only while {@code quorum} of the members holding the role grant it a lease; for a
	 * role every member may hold, choose more than half of the cluster's intended size.
	 * @param quorum at least 1
	 */
	public static LeadershipPolicy majority(int quorum) {
		if (quorum < 1) {
			throw new IllegalArgumentException("quorum " + quorum + "; allowed: at least 1");
		}
		return new LeadershipPolicy(Mode.MAJORITY, new TreeSet<>(), quorum);
	}

	/** Grants a leader needs: a strict majority of the holders, or the quorum; 0 for available. */
	public int requiredGrants() {
		return (this.mode == Mode.AVAILABLE) ? 0 : this.holders.isEmpty() ? this.quorum : this.holders.size() / 2 + 1;
	}

}
