package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.gossip.internal.protocol.Message.LeaseGrant;
import io.github.gossip.internal.protocol.Message.LeaseRequest;

/**
 * Leadership of the roles with the majority policy: a member leads such a role only while it holds
 * unexpired leases granted directly by enough of the role's voters ({@link QuorumRule}), and every
 * voter grants its lease to one member at a time. Any two such sets of voters share one, so two
 * members never lead at once; a side of a split without enough voters has no leader.
 * <p>
 * A voter grants only to its preferred candidate, the lowest live voter in its view, so that the
 * cluster agrees on one candidate as soon as views agree, and only for an epoch above every epoch
 * it granted before (or the one it granted this candidate last): the grants that make a leader
 * carry its epoch to a majority, and every later leader learns it from the one voter its own
 * majority shares with that one, so the epoch alone strictly increases from leader to leader.
 * <p>
 * Time: a voter promises for {@link #voteMillis} of its own clock from when it received the
 * request; the candidate counts its lease from when it sent the request, for
 * {@link #leaseMillis} of its own clock. With clock rates within {@link #MAX_CLOCK_DRIFT} of
 * real time, {@code lease / (1 - drift) <= vote / (1 + drift)} (less two clock ticks, see
 * {@link #CLOCK_TICK_MILLIS}), so every lease ends, in real time,
 * before the promise behind it: the leader stops before any voter may grant another. A process
 * paused past its lease finds it expired when it resumes, because the lease is checked against the
 * clock at every question, not against the last input. Promises live only in memory: a voter
 * grants nothing for one promise length after it starts, so that a restarted voter cannot break a
 * promise its previous process made.
 */
final class MajorityLeases {

	/** Largest difference of a clock's rate from real time the lease lengths allow for: 1 %. */
	static final double MAX_CLOCK_DRIFT = 0.01;

	/**
	 * Both clocks are read in whole milliseconds: each reading may lag by up to one, so a lease is
	 * this much shorter again than the drift alone requires, once for either clock.
	 */
	static final long CLOCK_TICK_MILLIS = 1;

	/** A voter's promise lasts this many probe intervals. */
	static final int VOTE_INTERVALS = 5;

	private final Map<String, QuorumRule> rules;

	private final LocalIdentity identity;

	private final MemberTable table;

	private final DatagramPacker packer;

	private final Outputs out;

	private final long tickMillis;

	private final long voteMillis;

	private final long leaseMillis;

	private final Map<String, Vote> votes = new HashMap<>();

	private final Map<String, Candidacy> candidacies = new TreeMap<>();

	/** Send time of each recent request, by sequence number, for the leases its grants give. */
	private final Map<Long, Long> sentAt = new HashMap<>();

	/**
	 * Sequence numbers of this process's requests start from its instance, not from 1: a grant
	 * delayed in the network for the previous process of this node id must not match a request of
	 * this one (a grant does not name the process it answers).
	 */
	private long nextSeq;

	/**
	 * No grant before this time: a voter keeps its promises only in memory, so a restarted voter
	 * waits out every promise its previous process may have made before it grants again.
	 */
	private long grantsFrom = Long.MAX_VALUE;

	/** What this node, as a voter of one role, promised and knows. */
	private static final class Vote {

		MemberId promisedTo;

		long promisedUntil = Long.MIN_VALUE;

		/** Highest epoch granted or seen for the role. */
		long highest;

	}

	/** This node as a candidate of one role. */
	private static final class Candidacy {

		/** Epoch asked for; 0 when not asking. */
		long proposal;

		/** Per voter, when the lease it granted runs out on this node's clock. */
		final Map<String, Long> grants = new HashMap<>();

		/** Leading since (local time) and at which epoch; 0 when not leading. */
		long since = -1;

		long epoch;

	}

	MajorityLeases(ProtocolConfig config, Map<String, QuorumRule> rules, LocalIdentity identity, MemberTable table,
			DatagramPacker packer, Outputs out) {
		this.rules = Map.copyOf(rules);
		this.identity = identity;
		this.table = table;
		this.packer = packer;
		this.out = out;
		this.tickMillis = config.probeInterval().toMillis();
		this.voteMillis = VOTE_INTERVALS * this.tickMillis;
		// instances differ by their start time in milliseconds, shifted up: ranges of two
		// processes are millions of requests apart
		this.nextSeq = 1 + ((identity.id().instance() >>> 2) & ((1L << 61) - 1));
		this.leaseMillis = (long) Math.floor(this.voteMillis * (1 - MAX_CLOCK_DRIFT) / (1 + MAX_CLOCK_DRIFT))
				- 2 * CLOCK_TICK_MILLIS;
		long floor = startFloor(identity.id());
		this.rules.keySet().forEach((role) -> {
			Vote vote = new Vote();
			vote.highest = floor;
			this.votes.put(role, vote);
			this.candidacies.put(role, new Candidacy());
		});
	}

	/**
	 * The epoch a process starts from, as voter and candidate: its start time in milliseconds, read
	 * from its instance id ({@link MemberId#newInstance}). Promises and epochs live in memory only,
	 * so when every process that knew the highest epoch has stopped before passing it on, the
	 * survivors and newcomers cannot learn it; but every epoch granted before a process started was
	 * below that process's start time (epochs start from a start time and rise by one per term or
	 * refused request, at most a few per second), so a process that grants and asks only above its
	 * own start time never repeats or lowers an epoch of the past, as long as clocks differ by less
	 * than the time between that epoch and the start (a restart takes seconds). An instance that
	 * holds no start time (tests build some by hand) starts from 0.
	 */
	static long startFloor(MemberId id) {
		return Math.max(0, id.instance()) >>> 20;
	}

	boolean isMajorityRole(String role) {
		return this.rules.containsKey(role);
	}

	Iterable<String> roles() {
		return this.candidacies.keySet();
	}

	/** Starts asking, if there is any role with the majority policy; no timer otherwise. */
	void start(long now) {
		this.grantsFrom = now + this.voteMillis;
		if (!this.rules.isEmpty()) {
			onTick(now);
		}
	}

	/**
	 * Every probe interval: each role this node is the candidate of asks every live voter for its
	 * lease (itself included, without a packet); a role it no longer is the candidate of ends its
	 * lease at once, which is always safe.
	 */
	void onTick(long now) {
		this.out.schedule(new Timer.LeaseTick(now + this.tickMillis));
		this.sentAt.values().removeIf((sent) -> sent < now - this.voteMillis);
		for (Map.Entry<String, Candidacy> entry : this.candidacies.entrySet()) {
			String role = entry.getKey();
			Candidacy c = entry.getValue();
			if (!preferred(role).equals(this.identity.id().nodeId()) || !canLead()) {
				stepDown(c);
				continue;
			}
			if (c.proposal == 0) {
				c.proposal = this.votes.get(role).highest + 1;
				c.grants.clear();
			}
			// a voter that stopped renewing (gone, or now promised elsewhere) leaves no entry behind
			c.grants.values().removeIf((until) -> until <= now);
			long seq = this.nextSeq++;
			this.sentAt.put(seq, now);
			LeaseRequest request = new LeaseRequest(role, c.proposal, seq);
			if (votes(role, this.identity.id().nodeId(), this.identity.metadata())) {
				LeaseGrant answer = vote(now, this.identity.id(), request);
				onGrant(now, this.identity.id().nodeId(), answer);
			}
			for (MemberRecord e : this.table.records()) {
				if (e.state().isLive() && votes(role, e.id().nodeId(), e.metadata())) {
					this.packer.send(e.endpoint(), request, null);
				}
			}
		}
	}

	/** A candidate asks for this node's lease; the answer goes back to where the request came from. */
	void onRequest(long now, Endpoint from, MemberId sender, LeaseRequest request) {
		if (!this.rules.containsKey(request.role()) || !canLead()
				|| !votes(request.role(), this.identity.id().nodeId(), this.identity.metadata())) {
			return;
		}
		this.packer.send(from, vote(now, sender, request), null);
	}

	/**
	 * Grants {@code request} when {@code candidate} is the one this node prefers, this node promised
	 * nobody else for now, and the epoch is above every epoch this node granted or heard of (or is
	 * the one it granted this candidate last); otherwise refuses, telling the highest epoch it knows.
	 */
	private LeaseGrant vote(long now, MemberId candidate, LeaseRequest request) {
		Vote v = this.votes.get(request.role());
		boolean free = now >= v.promisedUntil || candidate.equals(v.promisedTo);
		boolean renewal = candidate.equals(v.promisedTo) && request.epoch() == v.highest;
		boolean epochOk = request.epoch() > v.highest || renewal;
		if (now >= this.grantsFrom && free && epochOk && preferred(request.role()).equals(candidate.nodeId())) {
			v.promisedTo = candidate;
			v.promisedUntil = now + this.voteMillis;
			v.highest = request.epoch();
			return new LeaseGrant(request.role(), request.epoch(), request.seq(), true);
		}
		return new LeaseGrant(request.role(), v.highest, request.seq(), false);
	}

	/** A voter answered: a grant extends the lease from when the request was sent. */
	void onGrant(long now, String voter, LeaseGrant grant) {
		Candidacy c = this.candidacies.get(grant.role());
		if (c == null) {
			return;
		}
		observe(grant.role(), grant.epoch());
		if (!grant.granted()) {
			if (c.since < 0 && grant.epoch() >= c.proposal) {
				// some voter knows a higher epoch: ask above it next time
				c.proposal = 0;
			}
			return;
		}
		Long sent = this.sentAt.get(grant.seq());
		if (sent == null || c.proposal == 0 || grant.epoch() != c.proposal || !votes(grant.role(), voter, metadataOf(voter))) {
			return;
		}
		c.grants.merge(voter, sent + this.leaseMillis, Math::max);
		if (c.since < 0 && leaseUntil(grant.role()) > now) {
			c.since = now;
			c.epoch = c.proposal;
		}
	}

	/** Also learns epochs from claims in records: a voter never grants an epoch it has seen. */
	void observe(String role, long epoch) {
		Vote v = this.votes.get(role);
		if (v != null && epoch > v.highest) {
			v.highest = epoch;
		}
	}

	/** Ends leases that ran out; returns whether any did. */
	boolean expire(long now) {
		boolean changed = false;
		for (Map.Entry<String, Candidacy> entry : this.candidacies.entrySet()) {
			Candidacy c = entry.getValue();
			if (c.since >= 0 && leaseUntil(entry.getKey()) <= now) {
				stepDown(c);
				changed = true;
			}
		}
		return changed;
	}

	/** Leaving or superseded: every lease ends now. */
	void stepDownAll() {
		this.candidacies.values().forEach(this::stepDown);
	}

	/** Whether this node leads {@code role} at {@code now}. */
	boolean leads(String role, long now) {
		Candidacy c = this.candidacies.get(role);
		return c != null && c.since >= 0 && canLead() && now < leaseUntil(role);
	}

	/** The epoch this node leads {@code role} at, or 0. */
	long epoch(String role) {
		Candidacy c = this.candidacies.get(role);
		return (c != null && c.since >= 0) ? c.epoch : 0;
	}

	/** Since when this node leads {@code role}, or -1. */
	long since(String role) {
		Candidacy c = this.candidacies.get(role);
		return (c != null) ? c.since : -1;
	}

	/**
	 * When this node's lease of {@code role} runs out: the latest time by which the required number of
	 * voters' grants all still hold, or {@link Long#MIN_VALUE} without enough grants.
	 */
	long leaseUntil(String role) {
		Candidacy c = this.candidacies.get(role);
		int needed = this.rules.get(role).grants();
		if (c == null || c.grants.size() < needed) {
			return Long.MIN_VALUE;
		}
		List<Long> expiries = new ArrayList<>(c.grants.values());
		expiries.sort(null);
		return expiries.get(expiries.size() - needed);
	}

	/** The earliest lease end among the roles this node leads, or {@link Long#MAX_VALUE}. */
	long nextExpiry() {
		long next = Long.MAX_VALUE;
		for (Map.Entry<String, Candidacy> entry : this.candidacies.entrySet()) {
			if (entry.getValue().since >= 0) {
				next = Math.min(next, leaseUntil(entry.getKey()));
			}
		}
		return next;
	}

	private void stepDown(Candidacy c) {
		c.proposal = 0;
		c.grants.clear();
		c.since = -1;
		c.epoch = 0;
	}

	private boolean canLead() {
		return !this.identity.isLeaving() && !this.identity.isSuperseded();
	}

	/**
	 * The lowest live voter of {@code role} in this node's view, this node included while it runs and
	 * does not leave; the empty string when there is none.
	 */
	private String preferred(String role) {
		String best = null;
		String self = this.identity.id().nodeId();
		if (canLead() && votes(role, self, this.identity.metadata())) {
			best = self;
		}
		for (MemberRecord e : this.table.records()) {
			if (e.state().isLive() && votes(role, e.id().nodeId(), e.metadata())
					&& (best == null || MemberId.NODE_ID_ORDER.compare(e.id().nodeId(), best) < 0)) {
				best = e.id().nodeId();
			}
		}
		return (best != null) ? best : "";
	}

	private boolean votes(String role, String nodeId, MemberMetadata metadata) {
		return this.rules.get(role).votes(nodeId, metadata != null && metadata.holds(role));
	}

	private MemberMetadata metadataOf(String nodeId) {
		if (nodeId.equals(this.identity.id().nodeId())) {
			return this.identity.metadata();
		}
		MemberRecord e = this.table.get(nodeId);
		return (e != null) ? e.metadata() : null;
	}

}
