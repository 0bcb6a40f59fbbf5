package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.wire.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grant does not name the process it answers: one delayed in the network for the previous process
 * of a node id must not count for the process that restarted in its place.
 */
class MajorityLeasesRestartTest {

	private static final String ROLE = "acme.renew";

	private static final Endpoint SELF_EP = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final MemberId PEER = new MemberId("peer", 200);

	private static final Endpoint PEER_EP = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private static final long GRANTS_FROM = MajorityLeases.VOTE_INTERVALS * ProtocolConfig.lan().probeInterval().toMillis();

	/** A process of node "me" that knows the peer; "me" and "peer" vote, "me" is the candidate. */
	private static final class Process implements Outputs {

		final List<Packet> sent = new ArrayList<>();

		final Membership membership;

		Process(long startMillis) {
			MemberId self = new MemberId("me", MemberId.newInstance(startMillis, new SplittableRandom(startMillis)));
			this.membership = new Membership(ProtocolConfig.lan(), self, SELF_EP, MemberMetadata.EMPTY,
					Map.of(ROLE, QuorumRule.majorityOf(Set.of("me", "peer"))), new SplittableRandom(7), new WireCodec(),
					this);
			this.membership.start(0, List.of());
			this.membership.onPacket(0, PEER_EP, new Packet(PEER, 0, Message.Gossip.INSTANCE, List.of()));
		}

		Message.LeaseRequest ask() {
			this.sent.clear();
			this.membership.onTimer(GRANTS_FROM, new Timer.LeaseTick(GRANTS_FROM));
			return this.sent.stream().map(Packet::message).filter(Message.LeaseRequest.class::isInstance)
				.map(Message.LeaseRequest.class::cast).findFirst().orElseThrow();
		}

		@Override
		public void send(Endpoint to, Packet packet) {
			this.sent.add(packet);
		}

		@Override
		public void schedule(Timer timer) {
		}

		@Override
		public void event(MembershipEvent event) {
		}

	}

	@Test
	void aGrantForThePreviousProcessOfThisNodeIdCountsForNothing() {
		Process before = new Process(1_782_579_200_000L);
		Message.LeaseRequest old = before.ask();
		// the node restarts a few seconds later; the peer's grant of the old request arrives now
		Process after = new Process(1_782_579_205_000L);
		Message.LeaseRequest fresh = after.ask();
		assertThat(fresh.seq()).isNotEqualTo(old.seq());
		after.membership.onPacket(GRANTS_FROM + 10, PEER_EP,
				new Packet(PEER, 0, new Message.LeaseGrant(ROLE, fresh.epoch(), old.seq(), true), List.of()));
		assertThat(after.membership.term(ROLE, GRANTS_FROM + 10)).isEmpty();
		// its own request's grant does count
		after.membership.onPacket(GRANTS_FROM + 20, PEER_EP,
				new Packet(PEER, 0, new Message.LeaseGrant(ROLE, fresh.epoch(), fresh.seq(), true), List.of()));
		assertThat(after.membership.term(ROLE, GRANTS_FROM + 20)).isPresent();
	}

}
