package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;

/**
 * Feeds {@link RoleLeadership} from the view: remembers whether liveness, membership or roles
 * changed in a way that may change a leader, recounts the candidates after such an input, and
 * keeps the one pending {@link Timer.LeaderCheck} for the end of a stability window. Roles with the
 * majority policy are led by {@link MajorityLeases} instead; this class announces their leaders too.
 * <p>
 * Epochs: this node claims an epoch for every seat it leads, in its own record
 * ({@link MemberMetadata#claims}), one above the highest it has seen for the seat, and learns every
 * claim that reaches it, so the highest epoch it knows never decreases. A leader of an available
 * role claims again, above the highest, once the member whose claim is higher than its own no
 * longer claims (after the heal of a split, the surviving leader outbids the one that stepped
 * down), so that a store which saw the other side's tokens accepts the survivor's.
 */
final class LeadershipWatch {

	private final LocalIdentity identity;

	private final MemberTable table;

	private final Outputs out;

	private final RoleLeadership leadership;

	private final MajorityLeases leases;

	/** Highest epoch known per seat (a role, or {@link MembershipEvent#UNNAMED_ROLES}). */
	private final Map<String, Long> highest = new HashMap<>();

	/** Named seats seen so far: a new one starts at the epoch of the unnamed seat it leaves. */
	private final Set<String> seatsSeen = new HashSet<>();

	/** This node's terms, per seat it leads; the record claims those that fit. */
	private final Map<String, LeaderTerm> terms = new TreeMap<>();

	/** The announced leader of each majority-policy role, null for none. */
	private final Map<String, String> majorityLeaders = new TreeMap<>();

	/** Due time of the one pending {@link Timer.LeaseCheck}, or {@link Long#MAX_VALUE}. */
	private long leaseCheckAt = Long.MAX_VALUE;

	/** Set when liveness, membership or metadata changed, so leadership is re-evaluated. */
	private boolean dirty;

	/** Only a lease changed (a grant, a tick, an expiry): terms and claims, not the lowest holders. */
	private boolean leasesDirty;

	/**
	 * Counts changes of {@link #terms} and of the highest epochs known ({@link #epochs}), so that
	 * readers need not compare maps after every input. A claim can raise a known epoch without any
	 * membership event (claims alone raise none), and the public view must still show it.
	 */
	private long termsVersion;

	/** See {@link #horizon}; null until the first count, when every change matters. */
	private String horizon;

	/** Due time of the one pending {@link Timer.LeaderCheck}, or {@link Long#MAX_VALUE}. */
	private long leaderCheckAt = Long.MAX_VALUE;

	LeadershipWatch(ProtocolConfig config, LocalIdentity identity, MemberTable table, MajorityLeases leases,
			Outputs out) {
		this.identity = identity;
		this.table = table;
		this.leases = leases;
		this.out = out;
		this.leadership = new RoleLeadership(config.leaderStabilityWindow().toMillis());
	}

	/** A lease was granted, renewed or asked for: the terms may have changed, nothing else. */
	void leasesChanged() {
		this.leasesDirty = true;
	}

	long termsVersion() {
		return this.termsVersion;
	}

	/** Something changed that may change a leader: recount after this input. */
	void markDirty() {
		this.dirty = true;
	}

	/** {@code e} became live or stopped being live, or changed instance. */
	void livenessChanged(MemberRecord e) {
		this.dirty |= mattersToLeadership(e);
	}

	/** A member's metadata changed; leaders depend on roles only, epochs on claims. */
	void metadataChanged(MemberMetadata before, MemberMetadata after) {
		this.dirty |= !sameRoles(after, before) || !after.claims().equals(before.claims());
		after.claims().forEach(this::observe);
		after.floors().forEach(this::observe);
	}

	/** A lease may have run out, or a grant or a tick changed one. */
	void onLeaseCheck(Timer.LeaseCheck t) {
		if (t.at() == this.leaseCheckAt) {
			this.leaseCheckAt = Long.MAX_VALUE;
			this.leasesDirty = true;
		}
	}

	private void observe(String seat, long epoch) {
		if (epoch > highest(seat)) {
			this.highest.put(seat, epoch);
			this.termsVersion++;
			// a higher epoch of a majority role goes into this node's own record as well
			this.leasesDirty |= this.leases.isMajorityRole(seat);
		}
		this.leases.observe(seat, epoch);
	}

	/** The highest epoch this node knows for {@code seat}. */
	private long highest(String seat) {
		return this.highest.getOrDefault(seat, 0L);
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
		if (this.identity.isSuperseded()) {
			return;
		}
		if (this.identity.isLeaving()) {
			this.leases.stepDownAll();
		}
		this.leasesDirty |= this.leases.expire(now);
		if (!this.dirty) {
			if (this.leasesDirty) {
				refreshLeases(now);
			}
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
		addAll(named, this.identity.metadata().roles());
		addAll(named, this.identity.metadata().excludedRoles());
		for (MemberRecord e : this.table.records()) {
			if (e.state().isLive()) {
				live.add(e.snapshot());
				addAll(named, e.metadata().roles());
				addAll(named, e.metadata().excludedRoles());
			}
		}
		// the majority-policy roles are led by leases, not by the lowest holder
		this.leases.roles().forEach(named::remove);
		for (String role : named) {
			if (this.seatsSeen.add(role)) {
				observe(role, highest(MembershipEvent.UNNAMED_ROLES));
			}
		}
		String lowest = null;
		// an array, not the set: this runs for every live member after every input that changed the
		// view, and a set's iterator for each member was a tenth of the CPU of forming 500 members
		String[] roles = named.toArray(new String[0]);
		Map<String, String> candidates = new HashMap<>();
		for (String role : roles) {
			candidates.put(role, null);
		}
		for (Member m : live) {
			lowest = lower(lowest, m.id().nodeId());
			for (String role : roles) {
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
		refreshLeases(now);
	}

	/** Adds {@code roles} to {@code named}; most members name none, and adding none still takes an iterator. */
	private static void addAll(Set<String> named, Set<String> roles) {
		if (!roles.isEmpty()) {
			named.addAll(roles);
		}
	}

	/** This node's terms and claims, the majority roles' leaders, and the next lease check. */
	private void refreshLeases(long now) {
		this.leasesDirty = false;
		updateTerms(now);
		announceMajorityLeaders(now);
		long expiry = this.leases.nextExpiry();
		if (expiry != Long.MAX_VALUE && expiry != this.leaseCheckAt) {
			this.leaseCheckAt = expiry;
			this.out.schedule(new Timer.LeaseCheck(expiry));
		}
	}

	/**
	 * The seats this node leads now, each with its epoch: an available seat it was just announced for
	 * claims one above the highest known; a majority role takes the epoch its lease was granted at.
	 * The record claims what fits ({@link MemberMetadata#MAX_CLAIMS_BYTES}; a node would have to lead
	 * a dozen roles with long names to exceed it), and is announced when that changed.
	 */
	private void updateTerms(long now) {
		Map<String, LeaderTerm> next = new TreeMap<>();
		String self = this.identity.id().nodeId();
		if (self.equals(this.leadership.unnamedLeader())) {
			next.put(MembershipEvent.UNNAMED_ROLES, availableTerm(MembershipEvent.UNNAMED_ROLES, now));
		}
		this.leadership.announced().forEach((role, nodeId) -> {
			if (nodeId.equals(self)) {
				next.put(role, availableTerm(role, now));
			}
		});
		for (String role : this.leases.roles()) {
			if (this.leases.leads(role, now)) {
				next.put(role, new LeaderTerm(this.leases.epoch(role), this.leases.since(role),
						this.leases.leaseUntil(role)));
			}
		}
		if (!next.equals(this.terms)) {
			this.terms.clear();
			this.terms.putAll(next);
			this.termsVersion++;
		}
		Map<String, Long> claims = new TreeMap<>();
		Map<String, Long> floors = new TreeMap<>();
		next.forEach((seat, term) -> {
			observe(seat, term.epoch());
			claims.put(seat, term.epoch());
			if (!MemberMetadata.claimsFit(claims, floors)) {
				claims.remove(seat);
			}
		});
		// the epochs of terms only, not of mere grants: a candidate's own grant to itself must not
		// make the other voters refuse the epoch it asks them for
		for (String role : this.leases.roles()) {
			long known = highest(role);
			if (known > 0 && known > claims.getOrDefault(role, 0L)) {
				floors.put(role, known);
				if (!MemberMetadata.claimsFit(claims, floors)) {
					floors.remove(role);
				}
			}
		}
		MemberMetadata current = this.identity.metadata();
		if (!claims.equals(current.claims()) || !floors.equals(current.floors())) {
			this.identity.setMetadata(current.withClaims(claims, floors));
			if (!this.identity.isLeaving()) {
				this.identity.announceMetadata();
			}
		}
	}

	/** The term of an available seat this node leads: kept, or claimed above every epoch known. */
	private LeaderTerm availableTerm(String seat, long now) {
		LeaderTerm term = this.terms.get(seat);
		long known = highest(seat);
		if (term == null) {
			return new LeaderTerm(known + 1, now, Long.MAX_VALUE);
		}
		if (known > term.epoch() && !claimedAbove(seat, term.epoch())) {
			// whoever claimed higher no longer does: outbid it, so that stores accept this leader
			return new LeaderTerm(known + 1, term.sinceMillis(), Long.MAX_VALUE);
		}
		return term;
	}

	/** Whether some other live member claims {@code seat} above {@code epoch}. */
	private boolean claimedAbove(String seat, long epoch) {
		for (MemberRecord e : this.table.records()) {
			if (e.state().isLive() && e.metadata().claim(seat) > epoch) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The leader of each majority-policy role: this node while its lease holds, else the live member
	 * claiming the role at the highest epoch (its lease is its own business: it claims only while it
	 * holds one, and withdraws the claim when it ends).
	 */
	private void announceMajorityLeaders(long now) {
		String self = this.identity.id().nodeId();
		for (String role : this.leases.roles()) {
			String leader = this.leases.leads(role, now) ? self : null;
			long best = 0;
			if (leader == null) {
				for (MemberRecord e : this.table.records()) {
					long claim = e.metadata().claim(role);
					if (e.state().isLive() && claim > best) {
						best = claim;
						leader = e.id().nodeId();
					}
				}
			}
			if (!Objects.equals(leader, this.majorityLeaders.get(role)) || !this.majorityLeaders.containsKey(role)) {
				boolean first = !this.majorityLeaders.containsKey(role);
				this.majorityLeaders.put(role, leader);
				if (!first || leader != null) {
					Member m = (leader != null) ? memberOrSelf(leader) : null;
					this.out.event(new MembershipEvent(Kind.LEADER_CHANGED, m, now, role));
				}
			}
		}
	}

	/**
	 * This node's term as the leader of {@code role} at {@code now}, if it leads it: the term of the
	 * role's own seat, or of the seat of every role nobody names.
	 */
	Optional<LeaderTerm> term(String role, long now) {
		if (this.identity.isSuperseded()) {
			return Optional.empty();
		}
		LeaderTerm term = this.terms.get(seat(role));
		return (term != null && term.holdsAt(now)) ? Optional.of(term) : Optional.empty();
	}

	/** This node's terms by seat; see {@link #term}. */
	Map<String, LeaderTerm> terms() {
		return this.identity.isSuperseded() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(this.terms));
	}

	/** The highest epoch known of every seat, by seat. */
	Map<String, Long> epochs() {
		return Collections.unmodifiableMap(new TreeMap<>(this.highest));
	}

	/** The highest epoch this node knows of {@code role}'s seat. */
	long epoch(String role) {
		return highest(seat(role));
	}

	/** The seat {@code role} is led at: its own, or that of every role nobody names. */
	String seat(String role) {
		return (this.leases.isMajorityRole(role) || this.leadership.isNamed(role)) ? role
				: MembershipEvent.UNNAMED_ROLES;
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
		this.majorityLeaders.forEach((role, nodeId) -> {
			Member m = (nodeId != null) ? memberOrSelf(nodeId) : null;
			if (m != null) {
				leaders.put(role, m);
			}
		});
		return Collections.unmodifiableMap(leaders);
	}

	/** Every role with a seat of its own: those some member names, and the majority-policy roles. */
	Set<String> namedRoles() {
		if (this.identity.isSuperseded()) {
			return Set.of();
		}
		Set<String> named = new TreeSet<>(this.leadership.namedRoles());
		this.leases.roles().forEach(named::add);
		return Collections.unmodifiableSet(named);
	}

	Optional<Member> unnamedRolesLeader() {
		String nodeId = this.leadership.unnamedLeader();
		return (this.identity.isSuperseded() || nodeId == null) ? Optional.empty()
				: Optional.ofNullable(memberOrSelf(nodeId));
	}

	Optional<Member> leader(String role) {
		return (this.leases.isMajorityRole(role) || this.leadership.isNamed(role))
				? Optional.ofNullable(leaders().get(role)) : unnamedRolesLeader();
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
