package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.gossip.internal.wire.WireCodec;

/**
 * The parts of one state machine wired as {@link Membership} wires them, with every output
 * recorded, so that a test can drive one part directly and inspect what it did.
 */
final class ProtocolParts implements Outputs {

	static final ProtocolConfig LAN = ProtocolConfig.lan();

	final List<Endpoint> sentTo = new ArrayList<>();

	final List<Packet> sent = new ArrayList<>();

	final List<Timer> timers = new ArrayList<>();

	final List<MembershipEvent> events = new ArrayList<>();

	final WireCodec sizer = new WireCodec();

	final SplittableRandom random = new SplittableRandom(7);

	final ProtocolCounters counters = new ProtocolCounters();

	final DisseminationQueue queue = new DisseminationQueue();

	final LocalHealth health = new LocalHealth();

	final MemberTable table = new MemberTable();

	final LocalIdentity identity;

	final DatagramPacker packer;

	final LeadershipWatch leadership;

	final FailureDetector detector;

	final RecordMerger merger;

	final Joining joining;

	final AntiEntropy antiEntropy;

	ProtocolParts(MemberId self, Endpoint advertise) {
		this.identity = new LocalIdentity(self, advertise, MemberMetadata.EMPTY, this.queue, this.counters, this.health,
				this);
		this.packer = new DatagramPacker(LAN, this.sizer, this.identity, this.table, this.queue, this);
		this.leadership = new LeadershipWatch(LAN, this.identity, this.table, this);
		this.detector = new FailureDetector(LAN, this.identity, this.table, this.health, this.packer, this.counters,
				this.random, this);
		this.merger = new RecordMerger(this.identity, this.table, this.detector, this.leadership, this.packer,
				this.queue, this, this::requestFollowUpSync);
		this.joining = new Joining(LAN, this.identity, this.table, this.merger, this.packer, this.random, this);
		this.antiEntropy = new AntiEntropy(LAN, this.identity, this.table, this.joining, this.merger, this.detector,
				this.packer, this.random, this);
	}

	private void requestFollowUpSync(long now) {
		this.antiEntropy.requestFollowUpSync(now);
	}

	@Override
	public void send(Endpoint to, Packet packet) {
		this.sentTo.add(to);
		this.sent.add(packet);
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
