package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;

/**
 * Feeds {@link RoleLeadership} from the view: remembers whether liveness, membership or roles
 * changed in a way that may change a leader, recounts the candidates after such an input, and
 * keeps the one pending {@link Timer.LeaderCheck} for the end of a stability window.
 */
final class LeadershipWatch {

	private final LocalIdentity identity;

	private final MemberTable table;

	private final Outputs out;

	private final RoleLeadership leadership;

	/** Set when liveness, membership or metadata changed, so leadership is re-evaluated. */
	private boolean dirty;

	/** See {@link #horizon}; null until the first count, when every change matters. */
	private String horizon;

	/** Due time of the one pending {@link Timer.LeaderCheck}, or {@link Long#MAX_VALUE}. */
	private long leaderCheckAt = Long.MAX_VALUE;

	LeadershipWatch(ProtocolConfig config, LocalIdentity identity, MemberTable table, Outputs out) {
		this.identity = identity;
		this.table = table;
		this.out = out;
		this.leadership = new RoleLeadership(config.leaderStabilityWindow().toMillis());
	}

	/** Something changed that may change a leader: recount after this input. */
	void markDirty() {
		this.dirty = true;
	}

	/** {@code e} became live or stopped being live, or changed instance. */
	void livenessChanged(MemberRecord e) {
		this.dirty |= mattersToLeadership(e);
	}

	/** A member's metadata changed; leaders depend on roles only. */
	void metadataChanged(MemberMetadata before, MemberMetadata after) {
		this.dirty |= !sameRoles(after, before);
	}

	/** Only the latest {@link Timer.LeaderCheck} counts; older ones were superseded by it. */
	void onLeaderCheck(Timer.LeaderCheck t) {
		if (t.at() == this.leaderCheckAt) {
			this.leaderCheckAt = Long.MAX_VALUE;
			this.dirty = true;
		}
	}

	/** Runs after every input: re-evaluates leadership if the view changed in a way that matters. */
	void afterInput(long now) {
		if (!this.dirty || this.identity.isSuperseded()) {
			return;
		}
		this.dirty = false;
		// the live members, this node first unless it leaves; whoever names a role, held or
		// excluded, gives it a seat of its own
		List<Member> live = new ArrayList<>();
		Set<String> named = new TreeSet<>(this.leadership.namedRoles());
		if (!this.identity.isLeaving()) {
			live.add(this.identity.localMember());
		}
		named.addAll(this.identity.metadata().roles());
		named.addAll(this.identity.metadata().excludedRoles());
		for (MemberRecord e : this.table.records()) {
			if (e.state().isLive()) {
				live.add(e.snapshot());
				named.addAll(e.metadata().roles());
				named.addAll(e.metadata().excludedRoles());
			}
		}
		String lowest = null;
		Map<String, String> candidates = new HashMap<>();
		named.forEach((role) -> candidates.put(role, null));
		for (Member m : live) {
			lowest = lower(lowest, m.id().nodeId());
			for (String role : named) {
				if (m.metadata().holds(role)) {
					candidates.put(role, lower(candidates.get(role), m.id().nodeId()));
				}
			}
		}
		this.horizon = horizon(candidates, lowest);
		String leavingSelf = this.identity.isLeaving() ? this.identity.id().nodeId() : null;
		long next = this.leadership.evaluate(now, candidates, lowest, leavingSelf, (role, nodeId) -> {
			Member leader = (nodeId != null) ? memberOrSelf(nodeId) : null;
			this.out.event(new MembershipEvent(Kind.LEADER_CHANGED, leader, now, role));
		});
		if (next < this.leaderCheckAt) {
			this.leaderCheckAt = next;
			this.out.schedule(new Timer.LeaderCheck(next));
		}
	}

	/** See {@link Membership#leaders()}. */
	Map<String, Member> leaders() {
		if (this.identity.isSuperseded()) {
			return Map.of();
		}
		Map<String, Member> leaders = new TreeMap<>();
		this.leadership.announced().forEach((role, nodeId) -> {
			Member m = memberOrSelf(nodeId);
			if (m != null) {
				leaders.put(role, m);
			}
		});
		return Collections.unmodifiableMap(leaders);
	}

	Set<String> namedRoles() {
		return this.identity.isSuperseded() ? Set.of() : Set.copyOf(this.leadership.namedRoles());
	}

	Optional<Member> unnamedRolesLeader() {
		String nodeId = this.leadership.unnamedLeader();
		return (this.identity.isSuperseded() || nodeId == null) ? Optional.empty()
				: Optional.ofNullable(memberOrSelf(nodeId));
	}

	Optional<Member> leader(String role) {
		return this.leadership.isNamed(role) ? Optional.ofNullable(leaders().get(role)) : unnamedRolesLeader();
	}

	private Member memberOrSelf(String nodeId) {
		return nodeId.equals(this.identity.id().nodeId()) ? this.identity.localMember()
				: this.table.member(nodeId).orElse(null);
	}

	private static String lower(String a, String b) {
		return (a == null || MemberId.NODE_ID_ORDER.compare(b, a) < 0) ? b : a;
	}

	/**
	 * The highest candidate of any role, or null when some role has none (then any member that
	 * comes alive may become one). A member above it that names no role cannot change a candidate
	 * by coming or going, which spares a large cluster without roles a recount per join.
	 */
	private static String horizon(Map<String, String> candidates, String lowest) {
		if (lowest == null || candidates.containsValue(null)) {
			return null;
		}
		String highest = lowest;
		for (String candidate : candidates.values()) {
			highest = (MemberId.NODE_ID_ORDER.compare(candidate, highest) > 0) ? candidate : highest;
		}
		return highest;
	}

	/** Whether a change in {@code e}'s liveness or instance may change a leader. */
	private boolean mattersToLeadership(MemberRecord e) {
		return e.metadata().namesRoles() || this.horizon == null
				|| MemberId.NODE_ID_ORDER.compare(e.id().nodeId(), this.horizon) <= 0;
	}

	static boolean sameRoles(MemberMetadata a, MemberMetadata b) {
		return a.roles().equals(b.roles()) && a.excludedRoles().equals(b.excludedRoles());
	}

}
