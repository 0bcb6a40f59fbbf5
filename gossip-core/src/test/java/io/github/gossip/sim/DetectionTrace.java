package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

/**
 * The timeline of one crash detection, read from the simulator's events and packets only (the
 * protocol knows nothing of it): when the victim was first probed, first suspected, first
 * declared failed and failed everywhere, and at the first member to declare it failed, when its
 * suspicion began and when the independent confirmations that shortened it arrived.
 * <p>
 * An accuser is taken from the SUSPECT records delivered to a member, and a member that suspects
 * the victim without such a record in the packet it is processing accused it itself, as the
 * protocol's own rules say; its own later accusation is read from its counters. Records arriving
 * in a state sync are not counted (rare here).
 */
final class DetectionTrace implements Simulator.PacketTap {

	/** One member's suspicion of the victim. */
	static final class Observer {

		long suspectedAt = -1;

		String firstAccuser;

		long failedAt = -1;

		/** Accusers heard after the first, by node id, with the time each was first heard. */
		final Map<String, Long> confirmations = new LinkedHashMap<>();

	}

	private final Simulator sim;

	private final SimNode victim;

	private final MemberId victimId;

	private final int expected;

	final long crashAt;

	long firstProbeAt = -1;

	long firstSuspectAt = -1;

	String firstFailer;

	long firstFailedAt = -1;

	long lastFailedAt = -1;

	final Map<String, Observer> observers = new HashMap<>();

	final Set<String> failedBy = new HashSet<>();

	/** Members that pinged the victim since the crash. */
	private final Set<String> pingedVictim = new HashSet<>();

	/** Suspicions each member has raised itself, as of its latest step. */
	private final Map<String, Long> suspicionsRaised = new HashMap<>();

	/** The member processing a packet now, and the accusers of the victim that packet carries. */
	private String processing;

	private long processingAt = -1;

	private List<String> processingAccusers = List.of();

	/**
	 * Starts tracing the crash of {@code victim} now; {@code expected} is the number of
	 * confirmations that bring a suspicion to its minimum (Lifeguard's K).
	 */
	DetectionTrace(Simulator sim, SimNode victim, int expected) {
		this.sim = sim;
		this.victim = victim;
		this.victimId = victim.membership().self();
		this.expected = expected;
		this.crashAt = sim.nowMillis();
		for (SimNode node : sim.upNodes()) {
			this.suspicionsRaised.put(node.nodeId(), node.membership().counters().suspicions());
		}
		sim.tap(this);
		sim.afterStep((node, micros) -> afterStep(node));
		sim.listener((o) -> {
			if (!o.event().member().id().equals(this.victimId)) {
				return;
			}
			String observer = o.observer().nodeId();
			if (o.event().kind() == Kind.SUSPECTED) {
				suspected(observer, o.atMillis());
			}
			else if (o.event().kind() == Kind.FAILED) {
				failed(observer, o.atMillis());
			}
		});
	}

	/** Stops listening. */
	void close() {
		this.sim.tap(null);
		this.sim.listener(null);
		this.sim.afterStep(null);
	}

	@Override
	public void sent(SimNode from, Endpoint to, Packet packet) {
		if (this.firstProbeAt < 0 && packet.message() instanceof Message.Ping ping
				&& ping.target().equals(this.victimId)) {
			this.firstProbeAt = this.sim.nowMillis();
		}
		if (packet.message() instanceof Message.Ping ping && ping.target().equals(this.victimId)) {
			this.pingedVictim.add(from.nodeId());
		}
	}

	/**
	 * A member that suspects the victim already and then fails to reach it itself confirms its own
	 * suspicion without a packet: seen as a step after which it counts one more suspicion raised,
	 * having pinged the victim (no other member is failing).
	 */
	private void afterStep(SimNode node) {
		if (!node.isUp()) {
			return;
		}
		long raised = node.membership().counters().suspicions();
		Long before = this.suspicionsRaised.put(node.nodeId(), raised);
		if (before != null && raised > before && this.pingedVictim.contains(node.nodeId())) {
			heard(node.nodeId(), node.nodeId());
		}
	}

	@Override
	public void delivered(SimNode to, Packet packet) {
		List<String> accusers = new ArrayList<>(1);
		for (Update u : packet.updates()) {
			if (u.state() == MemberState.SUSPECT && u.member().equals(this.victimId)) {
				accusers.add(u.accuser());
			}
		}
		this.processing = to.nodeId();
		this.processingAt = this.sim.nowMicros();
		this.processingAccusers = accusers;
		for (String accuser : accusers) {
			heard(to.nodeId(), accuser);
		}
	}

	/** {@code observer} learns that {@code accuser} suspects the victim: a confirmation if it is new. */
	private void heard(String observer, String accuser) {
		Observer o = this.observers.get(observer);
		if (o != null && o.suspectedAt >= 0 && o.failedAt < 0 && !accuser.equals(o.firstAccuser)
				&& o.confirmations.size() < this.expected) {
			o.confirmations.putIfAbsent(accuser, this.sim.nowMillis());
		}
	}

	private void suspected(String observer, long at) {
		Observer o = this.observers.computeIfAbsent(observer, (k) -> new Observer());
		if (o.suspectedAt >= 0) {
			return;
		}
		o.suspectedAt = at;
		boolean fromPacket = observer.equals(this.processing) && this.processingAt == this.sim.nowMicros()
				&& !this.processingAccusers.isEmpty();
		o.firstAccuser = fromPacket ? this.processingAccusers.get(0) : observer;
		if (this.firstSuspectAt < 0) {
			this.firstSuspectAt = at;
		}
	}

	private void failed(String observer, long at) {
		Observer o = this.observers.computeIfAbsent(observer, (k) -> new Observer());
		o.failedAt = at;
		this.failedBy.add(observer);
		if (this.firstFailedAt < 0) {
			this.firstFailedAt = at;
			this.firstFailer = observer;
		}
		this.lastFailedAt = at;
	}

	/** Whether every member up but the victim holds it failed. */
	boolean complete() {
		return this.failedBy.size() >= this.sim.upNodes().size();
	}

	/** The suspicion at the first member to declare the victim failed. */
	Observer firstFailerView() {
		return this.observers.get(this.firstFailer);
	}

	SimNode victim() {
		return this.victim;
	}

}
