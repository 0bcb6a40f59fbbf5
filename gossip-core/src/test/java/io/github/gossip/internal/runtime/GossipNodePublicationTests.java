package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.Update;
import io.github.gossip.internal.time.TaskLoop;
import io.github.gossip.internal.transport.DatagramHandler;
import io.github.gossip.internal.transport.Transport;
import io.github.gossip.internal.transport.TransportStats;
import io.github.gossip.internal.wire.WireCodec;
import io.github.gossip.internal.wire.WireVersions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a node publishes its view when packets queue up: a burst is published once, after its last
 * packet, with every event of it in order; a queue that never empties still publishes within
 * {@link GossipNode#MAX_PUBLICATION_DELAY_NANOS}; a command publishes at once; and the wire versions
 * used for sending follow every input, published or not. The node runs on a loop the test steps one
 * task at a time, with a clock it moves, and datagrams are handed to it as its transport would.
 */
class GossipNodePublicationTests {

	private static final Endpoint PEER = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final MemberId PEER_ID = new MemberId("peer", 1);

	private final SteppedLoop loop = new SteppedLoop();

	private final List<Publication> publications = new ArrayList<>();

	private final WireCodec codec = new WireCodec(WireVersions.THIS_RELEASE);

	private DatagramHandler handler;

	private GossipNode node;

	@Test
	void aBurstOfPacketsIsPublishedOnceAfterItsLastPacketWithEveryEventInOrder() {
		start((snapshot, events) -> {
		});
		int before = this.publications.size();
		List<String> sent = receiveJoins(0, 50);
		assertThat(this.loop.pending()).isEqualTo(50);
		this.loop.runAll();
		List<Publication> burst = this.publications.subList(before, this.publications.size());
		assertThat(burst).hasSize(1);
		assertThat(joined(burst)).containsExactlyElementsOf(sent);
		assertThat(nodeIds(this.node.snapshot().members())).containsAll(sent);
		assertThat(burst.get(0).snapshot()).isSameAs(this.node.snapshot());
	}

	@Test
	void aQueueThatNeverEmptiesStillPublishesWithinTheBound() {
		start((snapshot, events) -> {
		});
		int before = this.publications.size();
		List<String> sent = receiveJoins(0, 3);
		this.loop.runOne();
		assertThat(this.publications).hasSize(before); // two packets still wait
		this.loop.advance(GossipNode.MAX_PUBLICATION_DELAY_NANOS);
		this.loop.runOne();
		List<Publication> published = this.publications.subList(before, this.publications.size());
		assertThat(published).hasSize(1);
		assertThat(joined(published)).containsExactlyElementsOf(sent.subList(0, 2));
		// more arrive meanwhile: the queue never empties, and the rest follows after the last packet
		sent.addAll(receiveJoins(3, 2));
		this.loop.runAll();
		assertThat(joined(this.publications.subList(before, this.publications.size()))).containsExactlyElementsOf(sent);
		assertThat(nodeIds(this.node.snapshot().members())).containsAll(sent);
	}

	@Test
	void anIncarnationThatRoseWithNothingElseIsPublished() {
		start((snapshot, events) -> {
		});
		receiveJoins(0, 1);
		this.loop.runAll();
		int before = this.publications.size();
		// the member refuted a suspicion this node never held: no event, yet readers see incarnations
		receive(List.of(Update.alive(new MemberId("m0", 1), 1, Endpoint.ipv4(10, 0, 2, 1, 7946), MemberMetadata.EMPTY)));
		this.loop.runAll();
		assertThat(this.publications).hasSize(before + 1);
		assertThat(this.publications.get(before).events()).isEmpty();
		assertThat(this.node.snapshot().members()).filteredOn((m) -> m.id().nodeId().equals("m0"))
			.singleElement()
			.extracting(Member::incarnation)
			.isEqualTo(1L);
	}

	@Test
	void aCommandPublishesAtOnceWithTheChangesThatWaited() {
		start((snapshot, events) -> {
		});
		List<String> sent = receiveJoins(0, 3);
		this.loop.runOne();
		MemberMetadata metadata = MemberMetadata.EMPTY.withValues(Map.of("zone", "b"));
		this.node.updateMetadata(metadata, Duration.ofSeconds(1));
		assertThat(this.node.snapshot().local().metadata().values()).containsEntry("zone", "b");
		assertThat(nodeIds(this.node.snapshot().members())).containsExactly(PEER_ID.nodeId(), sent.get(0));
		assertThat(this.publications.get(this.publications.size() - 1).events()).extracting(MembershipEvent::kind)
			.containsExactly(Kind.JOINED, Kind.UPDATED);
	}

	@Test
	void aCommandIssuedFromTheListenerIsPublishedInOrder() {
		MemberMetadata metadata = MemberMetadata.EMPTY.withValues(Map.of("zone", "b"));
		start((snapshot, events) -> {
			if (events.stream().anyMatch((event) -> event.kind() == Kind.JOINED && event.member().id().nodeId().equals("m1"))) {
				this.node.updateMetadata(metadata, Duration.ofSeconds(1));
			}
		});
		int before = this.publications.size();
		List<String> sent = receiveJoins(0, 2);
		this.loop.runAll();
		List<Publication> published = this.publications.subList(before, this.publications.size());
		assertThat(joined(published)).containsExactlyElementsOf(sent);
		assertThat(published.stream().flatMap((p) -> p.events().stream()).map(MembershipEvent::kind).toList())
			.containsExactly(Kind.JOINED, Kind.JOINED, Kind.UPDATED);
		assertThat(this.node.snapshot().local().metadata().values()).containsEntry("zone", "b");
	}

	@Test
	void theVersionsToSendWithFollowEveryPacketBeforeItIsPublished() {
		start((snapshot, events) -> {
		});
		MemberMetadata current = WireVersions.THIS_RELEASE.announce(MemberMetadata.EMPTY);
		MemberMetadata previous = WireVersions.PREVIOUS_RELEASE.announce(MemberMetadata.EMPTY);
		Endpoint shared = Endpoint.ipv4(10, 0, 1, 1, 7946);
		MemberId a = new MemberId("a", 1);
		MemberId b = new MemberId("b", 1);
		MemberId c = new MemberId("c", 1);
		List<List<Update>> news = List.of(
				List.of(Update.alive(a, 0, shared, current), Update.alive(c, 0, Endpoint.ipv4(10, 0, 1, 3, 7946), current)),
				// a restart at the same address: two live records, the lower version wins
				List.of(Update.alive(b, 0, shared, previous)),
				// one of them moves: each address gets its own again
				List.of(Update.alive(b, 1, Endpoint.ipv4(10, 0, 1, 2, 7946), previous)),
				// a dead member's address may belong to another process by now
				List.of(new Update(MemberState.DEAD, c, 0, Endpoint.ipv4(10, 0, 1, 3, 7946), null)),
				// the metadata of a live member changes what it speaks
				List.of(Update.alive(a, 1, shared, previous)),
				List.of(new Update(MemberState.LEFT, a, 2, shared, null)));
		for (List<Update> updates : news) {
			receive(updates);
		}
		receiveJoins(0, 1); // keeps a packet waiting after the last one of interest
		List<Map<Endpoint, Integer>> seen = new ArrayList<>();
		for (int i = 0; i < news.size(); i++) {
			this.loop.runOne();
			assertThat(this.node.peerVersions()).isEqualTo(this.node.peerVersionsOfView());
			seen.add(this.node.peerVersions());
		}
		assertThat(seen.get(0)).containsEntry(shared, WireVersions.LATEST);
		assertThat(seen.get(1)).containsEntry(shared, WireVersions.FIRST);
		assertThat(seen.get(2)).containsEntry(shared, WireVersions.LATEST)
			.containsEntry(Endpoint.ipv4(10, 0, 1, 2, 7946), WireVersions.FIRST);
		assertThat(seen.get(3)).doesNotContainKey(Endpoint.ipv4(10, 0, 1, 3, 7946));
		assertThat(seen.get(4)).containsEntry(shared, WireVersions.FIRST);
		assertThat(seen.get(5)).doesNotContainKey(shared);
		assertThat(this.loop.pending()).isEqualTo(1); // none of it was published yet
	}

	private void start(NodeListener listener) {
		NodeOptions options = new NodeOptions(new MemberId("self", 1), new InetSocketAddress("127.0.0.1", 7946), null,
				List::of, LocalCluster.KEYRING, "", ProtocolConfig.lan());
		assertThat(options.wire().highest()).isNotEqualTo(options.wire().lowest());
		this.node = GossipNode.start(options, (RandomGenerator) new SplittableRandom(1), (snapshot, events) -> {
			this.publications.add(new Publication(snapshot, events));
			listener.changed(snapshot, events);
		}, this::bind, this.loop);
		// the sender of the news to come, known from here on, so that only the news raises events
		receive(List.of(Update.alive(PEER_ID, 0, PEER, MemberMetadata.EMPTY)));
		this.loop.runAll();
		assertThat(nodeIds(this.node.snapshot().members())).containsExactly(PEER_ID.nodeId());
	}

	/** Hands over {@code count} packets, each the news of one joining member, as the transport would. */
	private List<String> receiveJoins(int from, int count) {
		List<String> nodeIds = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			MemberId joining = new MemberId("m" + i, 1);
			receive(List.of(Update.alive(joining, 0, Endpoint.ipv4(10, 0, 2, 1 + i, 7946), MemberMetadata.EMPTY)));
			nodeIds.add(joining.nodeId());
		}
		return nodeIds;
	}

	private void receive(List<Update> updates) {
		this.handler.received(PEER, this.codec.encode(new Packet(PEER_ID, 0, Message.Gossip.INSTANCE, updates)));
	}

	private Transport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler received) {
		this.handler = received;
		return new Transport() {

			@Override
			public boolean send(Endpoint to, byte[] payload) {
				return true;
			}

			@Override
			public void checkPort(Endpoint to) {
			}

			@Override
			public InetSocketAddress localAddress() {
				return bindAddress;
			}

			@Override
			public TransportStats stats() {
				return stats;
			}

			@Override
			public void keyring(Keyring keys) {
			}

			@Override
			public void close() {
			}

		};
	}

	private static List<String> joined(List<Publication> publications) {
		return publications.stream()
			.flatMap((publication) -> publication.events().stream())
			.filter((event) -> event.kind() == Kind.JOINED)
			.map((event) -> event.member().id().nodeId())
			.toList();
	}

	private static List<String> nodeIds(List<Member> members) {
		return members.stream().map((member) -> member.id().nodeId()).toList();
	}

	private record Publication(NodeSnapshot snapshot, List<MembershipEvent> events) {
	}

	/**
	 * A loop the test steps: tasks wait in order until the test runs them; timers never fire, so
	 * that only the packets handed over are inputs; commands run at once, on the test's thread.
	 */
	private static final class SteppedLoop implements TaskLoop {

		private final Deque<Runnable> tasks = new ArrayDeque<>();

		private long nanos = 1_000_000_000L;

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		@Override
		public void schedule(Runnable task, long delay, TimeUnit unit) {
		}

		@Override
		public CompletableFuture<Void> submit(Runnable command) {
			command.run();
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public <T> CompletableFuture<T> offload(Supplier<T> work) {
			return CompletableFuture.completedFuture(work.get());
		}

		@Override
		public long nanoTime() {
			return this.nanos;
		}

		@Override
		public void sleep(Duration duration) {
			advance(duration.toNanos());
		}

		@Override
		public void shutdownNow() {
			this.tasks.clear();
		}

		void advance(long delta) {
			this.nanos += delta;
		}

		int pending() {
			return this.tasks.size();
		}

		void runOne() {
			this.tasks.remove().run();
		}

		void runAll() {
			while (!this.tasks.isEmpty()) {
				runOne();
			}
		}

	}

}
