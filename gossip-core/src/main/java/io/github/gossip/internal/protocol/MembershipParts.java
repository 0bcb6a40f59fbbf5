package io.github.gossip.internal.protocol;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The parts of one membership state machine, each given the others it needs, in one place:
 * {@link Membership} runs on them, and the protocol's tests drive them one by one, wired as they
 * are in production.
 */
final class MembershipParts {

	final ProtocolCounters counters = new ProtocolCounters();

	final DisseminationQueue queue = new DisseminationQueue();

	final LocalHealth health = new LocalHealth();

	final MemberTable table = new MemberTable();

	final LocalIdentity identity;

	final DatagramPacker packer;

	final MajorityLeases leases;

	final LeadershipWatch leadership;

	final FailureDetector detector;

	final RecordMerger merger;

	final Joining joining;

	final AntiEntropy antiEntropy;

	MembershipParts(ProtocolConfig config, MemberId self, Endpoint advertise, MemberMetadata metadata,
			RandomGenerator random, PacketSizer sizer, Outputs out) {
		this(config, self, advertise, metadata, Map.of(), random, sizer, out);
	}

	MembershipParts(ProtocolConfig config, MemberId self, Endpoint advertise, MemberMetadata metadata,
			Map<String, QuorumRule> quorums, RandomGenerator random, PacketSizer sizer, Outputs out) {
		this.identity = new LocalIdentity(self, advertise, metadata, this.queue, this.counters, this.health, out);
		this.packer = new DatagramPacker(config, sizer, this.identity, this.table, this.queue, out);
		this.leases = new MajorityLeases(config, quorums, this.identity, this.table, this.packer, out);
		this.leadership = new LeadershipWatch(config, this.identity, this.table, this.leases, out);
		this.detector = new FailureDetector(config, this.identity, this.table, this.health, this.packer,
				this.counters, random, out);
		// anti-entropy is built last, as it needs the merger: the merger reaches it when asked for a sync
		this.merger = new RecordMerger(this.identity, this.table, this.detector, this.leadership, this.packer,
				this.queue, out, this::requestFollowUpSync);
		this.joining = new Joining(config, this.identity, this.table, this.merger, this.packer, random, out);
		this.antiEntropy = new AntiEntropy(config, this.identity, this.table, this.joining, this.merger, this.detector,
				this.packer, random, out);
	}

	private void requestFollowUpSync(long now) {
		this.antiEntropy.requestFollowUpSync(now);
	}

}
