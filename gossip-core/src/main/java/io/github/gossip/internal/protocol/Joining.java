package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;

/**
 * Getting into the cluster and making sure it knows us: join requests to the seeds, retried with
 * exponential backoff until one answers; answering others' requests with our view; and, after
 * joining, two catch-up pulls and a packet to members that have not heard of us yet, since members
 * that joined at the same time were in neither the seed's answer nor anyone's gossip targets.
 */
final class Joining {

	private static final int MAX_JOIN_BACKOFF_FACTOR = 32;

	/** Catch-up pulls after joining; see {@link Timer.JoinCatchUp}. */
	private static final int JOIN_CATCH_UPS = 2;

	private final ProtocolConfig config;

	private final LocalIdentity identity;

	private final MemberTable table;

	private final RecordMerger merger;

	private final DatagramPacker packer;

	private final RandomGenerator random;

	private final Outputs out;

	private List<Endpoint> seeds = List.of();

	private boolean joined;

	/** Members that sent us anything since we joined; only kept until the last catch-up. */
	private Set<String> heardFrom;

	Joining(ProtocolConfig config, LocalIdentity identity, MemberTable table, RecordMerger merger, DatagramPacker packer,
			RandomGenerator random, Outputs out) {
		this.config = config;
		this.identity = identity;
		this.table = table;
		this.merger = merger;
		this.packer = packer;
		this.random = random;
		this.out = out;
	}

	/** The seed addresses for later join and heal attempts, our own advertised address left out. */
	void setSeeds(List<Endpoint> seedEndpoints) {
		this.seeds = seedEndpoints.stream().filter((s) -> !s.equals(this.identity.advertise())).toList();
	}

	List<Endpoint> seeds() {
		return this.seeds;
	}

	/** Joined once a seed answered, or from the start without seeds. */
	boolean isJoined() {
		return this.joined;
	}

	/** Contacts every seed, or runs alone without any. */
	void start(long now) {
		this.joined = this.seeds.isEmpty();
		if (!this.joined) {
			sendJoinRequests();
			this.out.schedule(new Timer.JoinRetry(now + joinBackoff(0), 1));
		}
	}

	/** A packet from {@code nodeId} arrived. */
	void heardFrom(String nodeId) {
		if (this.heardFrom != null) {
			this.heardFrom.add(nodeId);
		}
	}

	/** Takes the joining member in and answers with our whole view, in as many parts as needed. */
	void onJoinRequest(long now, Endpoint from, MemberId sender, JoinRequest join) {
		this.merger.apply(now, Update.alive(sender, join.incarnation(), join.advertise()), true);
		int budget = this.packer.budget(new JoinResponse(List.of()), 2);
		List<Update> view = new ArrayList<>(this.table.size() + 1);
		view.add(this.identity.alive());
		for (MemberRecord e : this.table.records()) {
			view.add(e.update());
		}
		for (List<Update> part : DatagramPacker.split(budget, view, this.packer::sizeOf)) {
			this.packer.send(from, new JoinResponse(part), null);
		}
	}

	/**
	 * One part of a seed's view; the first one makes us joined.
	 * @return whether the part declared us dead and we refuted it (see {@link RecordMerger#apply})
	 */
	boolean onJoinResponse(long now, JoinResponse response) {
		if (!this.joined) {
			this.joined = true;
			this.heardFrom = new HashSet<>();
			scheduleCatchUp(now, JOIN_CATCH_UPS);
		}
		boolean refutedDeath = false;
		for (Update update : response.members()) {
			refutedDeath |= this.merger.apply(now, update, false);
		}
		return refutedDeath;
	}

	void onJoinRetry(long now, int attempt) {
		if (this.joined || this.identity.isLeaving()) {
			return;
		}
		sendJoinRequests();
		this.out.schedule(new Timer.JoinRetry(now + joinBackoff(attempt), attempt + 1));
	}

	/**
	 * First catch-up after about two gossip intervals, the next after about eight probe intervals.
	 * The first comes as soon as gossip had a round or two to bring the members that joined with
	 * us: in a mass join push gossip alone leaves some early joiners missing some later ones (the
	 * members that learned a joiner from a join response do not pass it on, so news of each joiner
	 * is pushed by fewer members than need it), and a pull from a random member, whose view is then
	 * nearly whole, fills those gaps at once.
	 */
	private void scheduleCatchUp(long now, int remaining) {
		long base = (remaining == JOIN_CATCH_UPS) ? 2 * this.config.gossipInterval().toMillis()
				: 8 * this.config.probeInterval().toMillis();
		this.out.schedule(new Timer.JoinCatchUp(now + base / 2 + this.random.nextLong(base + 1), remaining));
	}

	void onCatchUp(long now, int remaining) {
		if (this.identity.isLeaving()) {
			return;
		}
		List<MemberRecord> peer = this.table.sample(1, null, this.random);
		if (!peer.isEmpty()) {
			this.packer.send(peer.get(0).endpoint(), new JoinRequest(this.identity.advertise(), this.identity.incarnation()),
					null);
		}
		announceToSilentMembers();
		if (remaining > 1) {
			scheduleCatchUp(now, remaining - 1);
		}
		else {
			this.heardFrom = null;
		}
	}

	/**
	 * Members that have sent us nothing since we joined may have missed our ALIVE (every member
	 * that knows us probes or gossips to us sooner or later). Any packet from us teaches them,
	 * through its header, so a few of them get one; bounded by the gossip fanout.
	 */
	private void announceToSilentMembers() {
		if (this.heardFrom == null) {
			return;
		}
		List<MemberRecord> silent = new ArrayList<>();
		for (MemberRecord e : this.table.records()) {
			if (e.state() == MemberState.ALIVE && !this.heardFrom.contains(e.id().nodeId())) {
				silent.add(e);
			}
		}
		RandomDraws.shuffle(silent, this.random);
		for (int i = 0; i < Math.min(this.config.gossipFanout(), silent.size()); i++) {
			this.packer.send(silent.get(i).endpoint(), Message.Gossip.INSTANCE, null);
		}
	}

	private void sendJoinRequests() {
		for (Endpoint seed : this.seeds) {
			this.packer.send(seed, new JoinRequest(this.identity.advertise(), this.identity.incarnation()), null);
		}
	}

	/** Exponential backoff with jitter so that a cluster restarting at once does not retry in lockstep. */
	private long joinBackoff(int attempt) {
		long base = this.config.probeInterval().toMillis();
		long factor = Math.min(1L << Math.min(attempt, 20), MAX_JOIN_BACKOFF_FACTOR);
		long delay = base * factor;
		return delay / 2 + this.random.nextLong(delay / 2 + 1);
	}

}
