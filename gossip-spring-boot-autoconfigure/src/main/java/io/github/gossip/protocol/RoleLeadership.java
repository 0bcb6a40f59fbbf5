package io.github.gossip.protocol;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Deterministic leader of each role: among live members (ALIVE or SUSPECT, this node included)
 * that hold the role, the one with the lowest node id in {@link MemberId#NODE_ID_ORDER}. It is a pure
 * function of the local view and time: no votes, no messages. A candidate is announced only once
 * it has stayed the candidate for the stability window, so a cluster starting node by node, or a
 * view still converging, does not announce a string of leaders; a merely suspected leader keeps
 * leading, so a suspicion that is refuted causes no hand-over.
 * <p>
 * Split brain: during a partition each side sees the other side's members fail and elects its own
 * leader; after the heal the lowest id wins again everywhere. Jobs run under a role leadership must
 * therefore be idempotent and tolerate a brief overlap.
 */
final class RoleLeadership {

	private record Pending(String nodeId, long since) {
	}

	private final long windowMillis;

	/** Announced leader per role; a role whose holders all went is removed. */
	private final Map<String, String> announced = new TreeMap<>();

	private final Map<String, Pending> pending = new HashMap<>();

	RoleLeadership(long windowMillis) {
		this.windowMillis = windowMillis;
	}

	/** Receives each announcement: the role and its new leader (null when nobody holds it). */
	interface Announcer {

		void leaderChanged(String role, String nodeId);

	}

	/**
	 * Compares the current candidates with the announced leaders and announces those that have
	 * been stable for the window. A leader that is this node and stops being a candidate because
	 * this node is leaving steps down at once ({@code selfId} non-null): its jobs must stop now.
	 * @param candidates lowest live holder per role
	 * @param leavingSelf this node's id if it is leaving, else null
	 * @return the earliest time a pending candidate may be announced, or {@link Long#MAX_VALUE}
	 */
	long evaluate(long now, Map<String, String> candidates, String leavingSelf, Announcer announcer) {
		TreeSet<String> roles = new TreeSet<>(candidates.keySet());
		roles.addAll(this.announced.keySet());
		long next = Long.MAX_VALUE;
		for (String role : roles) {
			String candidate = candidates.get(role);
			String current = this.announced.get(role);
			if (Objects.equals(candidate, current)) {
				this.pending.remove(role);
				continue;
			}
			Pending p = this.pending.get(role);
			if (p == null || !Objects.equals(p.nodeId, candidate)) {
				p = new Pending(candidate, now);
				this.pending.put(role, p);
			}
			boolean stepDown = current != null && current.equals(leavingSelf);
			if (stepDown || now - p.since >= this.windowMillis) {
				announce(role, candidate, announcer);
			}
			else {
				next = Math.min(next, p.since + this.windowMillis);
			}
		}
		this.pending.keySet().retainAll(roles);
		return next;
	}

	private void announce(String role, String candidate, Announcer announcer) {
		this.pending.remove(role);
		if (candidate == null) {
			this.announced.remove(role);
		}
		else {
			this.announced.put(role, candidate);
		}
		announcer.leaderChanged(role, candidate);
	}

	/** Announced leader per role (node ids), sorted by role. */
	Map<String, String> announced() {
		return this.announced;
	}
}
