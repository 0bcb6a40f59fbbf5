package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.gossip.internal.wire.WireCodec;

/**
 * The parts of one state machine wired by {@link MembershipParts}, as {@link Membership} runs
 * them, with every output recorded, so that a test can drive one part directly and inspect what
 * it did.
 */
final class ProtocolParts implements Outputs {

	static final ProtocolConfig LAN = ProtocolConfig.lan();

	final List<Endpoint> sentTo = new ArrayList<>();

	final List<Packet> sent = new ArrayList<>();

	final List<Timer> timers = new ArrayList<>();

	final List<Endpoint> portsChecked = new ArrayList<>();

	final List<MembershipEvent> events = new ArrayList<>();

	final WireCodec sizer = new WireCodec();

	final SplittableRandom random = new SplittableRandom(7);

	final ProtocolCounters counters;

	final DisseminationQueue queue;

	final LocalHealth health;

	final MemberTable table;

	final LocalIdentity identity;

	final DatagramPacker packer;

	final LeadershipWatch leadership;

	final FailureDetector detector;

	final RecordMerger merger;

	final Joining joining;

	final AntiEntropy antiEntropy;

	ProtocolParts(MemberId self, Endpoint advertise) {
		MembershipParts parts = new MembershipParts(LAN, self, advertise, MemberMetadata.EMPTY, this.random,
				this.sizer, this);
		this.counters = parts.counters;
		this.queue = parts.queue;
		this.health = parts.health;
		this.table = parts.table;
		this.identity = parts.identity;
		this.packer = parts.packer;
		this.leadership = parts.leadership;
		this.detector = parts.detector;
		this.merger = parts.merger;
		this.joining = parts.joining;
		this.antiEntropy = parts.antiEntropy;
	}

	@Override
	public void send(Endpoint to, Packet packet) {
		this.sentTo.add(to);
		this.sent.add(packet);
	}

	@Override
	public void checkPort(Endpoint to) {
		this.portsChecked.add(to);
	}

	@Override
	public void schedule(Timer timer) {
		this.timers.add(timer);
	}

	@Override
	public void event(MembershipEvent event) {
		this.events.add(event);
	}

	/** Forgets the outputs recorded so far. */
	void clearOutputs() {
		this.sentTo.clear();
		this.sent.clear();
		this.timers.clear();
		this.portsChecked.clear();
		this.events.clear();
	}

	<T extends Timer> List<T> timers(Class<T> type) {
		return this.timers.stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends Message> List<T> messages(Class<T> type) {
		return this.sent.stream().map(Packet::message).filter(type::isInstance).map(type::cast).toList();
	}

	List<MembershipEvent.Kind> eventKinds() {
		return this.events.stream().map(MembershipEvent::kind).toList();
	}

}
