package io.github.gossip.internal.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic leader of each role: among live members (ALIVE or SUSPECT, this node included)
 * that hold the role, the one with the lowest node id in {@link MemberId#NODE_ID_ORDER}. A member
 * holds every role it does not exclude ({@link MemberMetadata#holds}), so every role has a leader
 * while one live member holds it: the roles some member names are tracked one by one, every other
 * role shares one seat, led by the lowest live member. It is a pure function of the local view and
 * time: no votes, no messages. A candidate is announced only once it has stayed the candidate for
 * the stability window, so a cluster starting node by node, or a view still converging, does not
 * announce a string of leaders; a merely suspected leader keeps leading, so a suspicion that is
 * refuted causes no hand-over.
 * <p>
 * A role that a member starts to name keeps, until its own candidate is stable, the leader it had
 * as an unnamed role: naming a role is no reason for a gap in its leadership. A named role stays
 * tracked for the life of this process (roles come from configuration, so they are few).
 * <p>
 * Split brain: during a partition each side sees the other side's members fail and elects its own
 * leader; after the heal the lowest id wins again everywhere. Jobs run under a role leadership must
 * therefore be idempotent and tolerate a brief overlap.
 */
final class RoleLeadership {

	/** One role's leadership: the announced leader and the candidate waiting for the window. */
	private static final class Seat {

		String announced;

		String pendingCandidate;

		long pendingSince = -1;

		Seat(String announced) {
			this.announced = announced;
		}

	}

	private final long windowMillis;

	/** Per named role, sorted by role. */
	private final Map<String, Seat> named = new TreeMap<>();

	/** The seat of every role that no member names. */
	private final Seat unnamed = new Seat(null);

	RoleLeadership(long windowMillis) {
		this.windowMillis = windowMillis;
	}

	/** Receives each announcement: the role and its new leader (null when nobody holds it). */
	interface Announcer {

		/**
		 * @param role the role, or {@link MembershipEvent#UNNAMED_ROLES} for every role no member names
		 * @param nodeId the new leader, or null
		 */
		void leaderChanged(String role, String nodeId);

	}

	/**
	 * Compares the current candidates with the announced leaders and announces those that have
	 * been stable for the window. A leader that is this node and stops being a candidate because
	 * this node is leaving steps down at once ({@code leavingSelf} non-null): its jobs must stop now.
	 * @param candidates lowest live holder per role that some member names (null: none); a role
	 * named before and missing here has the candidate of the unnamed roles
	 * @param unnamedCandidate lowest live member, the candidate of every role nobody names
	 * @param leavingSelf this node's id if it is leaving, else null
	 * @return the earliest time a pending candidate may be announced, or {@link Long#MAX_VALUE}
	 */
	long evaluate(long now, Map<String, String> candidates, String unnamedCandidate, String leavingSelf,
			Announcer announcer) {
		long next = evaluate(now, MembershipEvent.UNNAMED_ROLES, this.unnamed, unnamedCandidate, leavingSelf,
				announcer);
		candidates.keySet().forEach((role) -> this.named.computeIfAbsent(role, (r) -> new Seat(this.unnamed.announced)));
		for (Map.Entry<String, Seat> entry : this.named.entrySet()) {
			String role = entry.getKey();
			String candidate = candidates.containsKey(role) ? candidates.get(role) : unnamedCandidate;
			next = Math.min(next, evaluate(now, role, entry.getValue(), candidate, leavingSelf, announcer));
		}
		return next;
	}

	private long evaluate(long now, String role, Seat seat, String candidate, String leavingSelf,
			Announcer announcer) {
		if (Objects.equals(candidate, seat.announced)) {
			seat.pendingSince = -1;
			return Long.MAX_VALUE;
		}
		if (seat.pendingSince < 0 || !Objects.equals(seat.pendingCandidate, candidate)) {
			seat.pendingCandidate = candidate;
			seat.pendingSince = now;
		}
		boolean stepDown = seat.announced != null && seat.announced.equals(leavingSelf);
		if (stepDown || now - seat.pendingSince >= this.windowMillis) {
			seat.announced = candidate;
			seat.pendingSince = -1;
			announcer.leaderChanged(role, candidate);
			return Long.MAX_VALUE;
		}
		return seat.pendingSince + this.windowMillis;
	}

	/** Announced leader (node id) of every named role that has one, sorted by role. */
	Map<String, String> announced() {
		Map<String, String> leaders = new TreeMap<>();
		this.named.forEach((role, seat) -> {
			if (seat.announced != null) {
				leaders.put(role, seat.announced);
			}
		});
		return Collections.unmodifiableMap(leaders);
	}

	/** Whether some member named {@code role} at some point: it then has a seat of its own. */
	boolean isNamed(String role) {
		return this.named.containsKey(role);
	}

	/** Every role with a seat of its own, sorted. */
	Set<String> namedRoles() {
		return Collections.unmodifiableSet(this.named.keySet());
	}

	/** Announced leader of every role that no member names, or null. */
	String unnamedLeader() {
		return this.unnamed.announced;
	}
}
