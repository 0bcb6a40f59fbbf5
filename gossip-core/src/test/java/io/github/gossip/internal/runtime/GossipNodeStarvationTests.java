package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.internal.transport.DatagramHandler;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;
import io.github.gossip.internal.transport.Transport;
import io.github.gossip.internal.transport.TransportStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose own socket is read late, as under CPU starvation, where the I/O thread gets a sliver
 * of a core and datagrams wait in the socket for longer than a probe round: the acks it is waiting
 * for are there, in its own queue. It must not take its own delay for its peers' silence. Everything
 * runs in virtual time on an in-memory network; the starved node's socket hands each datagram over a
 * fixed lag after it arrived, first in, first out, as a socket does.
 */
class GossipNodeStarvationTests {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	/** Longer than a probe round (the probe interval), so that every ack reaches the protocol too late. */
	private static final Duration SOCKET_LAG = LAN.probeInterval().multipliedBy(3).dividedBy(2);

	private final VirtualTime time = new VirtualTime();

	private final InMemoryNetwork network = new InMemoryNetwork(3, this.time);

	private final List<GossipNode> nodes = new ArrayList<>();

	private final List<MembershipEvent> eventsOfStarved = new ArrayList<>();

	private final List<MembershipEvent> eventsOfOthers = new ArrayList<>();

	@AfterEach
	void close() {
		this.nodes.forEach(GossipNode::close);
		this.network.close();
	}

	@Test
	void aNodeWhoseSocketIsReadLateAccusesNobody() {
		GossipNode starved = start("a", 1, new LaggingSockets(this.network, this.time.loop(), SOCKET_LAG));
		start("b", 2, this.network);
		start("c", 3, this.network);
		assertThat(this.time.advanceUntil(() -> this.nodes.stream().allMatch(this::holdsEveryOtherAlive),
				Duration.ofMinutes(1))).isTrue();
		int before = this.eventsOfStarved.size();
		int othersBefore = this.eventsOfOthers.size();
		this.time.advance(Duration.ofMinutes(2));
		List<MembershipEvent> during = this.eventsOfStarved.subList(before, this.eventsOfStarved.size());
		assertThat(during).extracting(MembershipEvent::kind).doesNotContain(Kind.SUSPECTED, Kind.FAILED);
		// the others may suspect the slow one, which refutes; none of them fails anyone
		assertThat(this.eventsOfOthers.subList(othersBefore, this.eventsOfOthers.size())).extracting(MembershipEvent::kind)
			.doesNotContain(Kind.FAILED);
		// it knows itself for the slow one: it probes more slowly, which spares its socket
		assertThat(starved.healthScore()).isPositive();
	}

	@Test
	void aNodeWhoseSocketIsReadLateStillLearnsOfACrash() {
		start("a", 1, new LaggingSockets(this.network, this.time.loop(), SOCKET_LAG));
		start("b", 2, this.network);
		start("c", 3, this.network);
		GossipNode crashing = start("d", 4, this.network);
		assertThat(this.time.advanceUntil(() -> this.nodes.stream().allMatch(this::holdsEveryOtherAlive),
				Duration.ofMinutes(1))).isTrue();
		crashing.close();
		this.nodes.remove(crashing);
		GossipNode starved = this.nodes.get(0);
		assertThat(this.time.advanceUntil(() -> starved.members()
			.stream()
			.anyMatch((member) -> member.id().nodeId().equals("d") && member.state() == MemberState.DEAD),
				Duration.ofMinutes(2))).isTrue();
	}

	private boolean holdsEveryOtherAlive(GossipNode node) {
		return node.members().stream().filter((member) -> member.state() == MemberState.ALIVE).count() == this.nodes.size() - 1;
	}

	private GossipNode start(String nodeId, int host, io.github.gossip.internal.transport.TransportFactory transports) {
		Endpoint seed = Endpoint.ipv4(10, 0, 0, 1, 7946);
		Endpoint own = Endpoint.ipv4(10, 0, 0, host, 7946);
		List<Endpoint> seeds = (host == 1) ? List.of() : List.of(seed);
		NodeOptions options = new NodeOptions(new MemberId(nodeId, 1), Endpoints.toSocketAddress(own), null,
				() -> seeds, LocalCluster.KEYRING, "", LAN);
		boolean observed = this.nodes.isEmpty();
		GossipNode node = GossipNode.start(options, new SplittableRandom(host), (snapshot, events) -> {
			(observed ? this.eventsOfStarved : this.eventsOfOthers).addAll(events);
		}, transports, this.time.loop());
		this.nodes.add(node);
		return node;
	}

	/**
	 * Transports of {@code network} whose socket hands every datagram over {@code lag} after it
	 * arrived, in order of arrival, on a reader loop of its own: what a starved I/O thread does.
	 */
	private record LaggingSockets(InMemoryNetwork network, TaskLoop reader, Duration lag)
			implements io.github.gossip.internal.transport.TransportFactory {

		@Override
		public Transport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
				TransportStats stats, DatagramHandler handler) {
			long lagNanos = this.lag.toNanos();
			TaskLoop reader = this.reader;
			Transport socket = this.network.bind(bindAddress, keyring, label, maxDatagramSize, stats,
					new DatagramHandler() {

						@Override
						public void received(Endpoint from, byte[] payload) {
							reader.schedule(() -> handler.received(from, payload), lagNanos, TimeUnit.NANOSECONDS);
						}

						@Override
						public void portClosed(Endpoint endpoint) {
							reader.schedule(() -> handler.portClosed(endpoint), lagNanos, TimeUnit.NANOSECONDS);
						}

					});
			return new Transport() {

				@Override
				public boolean send(Endpoint to, byte[] payload) {
					return socket.send(to, payload);
				}

				@Override
				public void afterReceived(Runnable action) {
					// read behind every datagram that arrived before it
					reader.schedule(action, lagNanos, TimeUnit.NANOSECONDS);
				}

				@Override
				public void checkPort(Endpoint to) {
					socket.checkPort(to);
				}

				@Override
				public InetSocketAddress localAddress() {
					return socket.localAddress();
				}

				@Override
				public TransportStats stats() {
					return socket.stats();
				}

				@Override
				public void keyring(Keyring keyring) {
					socket.keyring(keyring);
				}

				@Override
				public void close() {
					socket.close();
				}

			};
		}

	}

}
