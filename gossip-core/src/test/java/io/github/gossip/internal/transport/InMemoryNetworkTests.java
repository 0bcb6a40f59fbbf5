package io.github.gossip.internal.transport;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.PacketSealer;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory network on its own: sealed delivery off the sender's thread, the same drops as UDP,
 * seeded loss, partitions and their healing, delay, addresses, and closed transports.
 */
class InMemoryNetworkTests {

	private static final Keyring KEYRING = Keyring.of(SealingKey.fromPassphrase("memory test passphrase", ""));

	private static final Keyring OTHER_KEYRING = Keyring.of(SealingKey.fromPassphrase("some other passphrase", ""));

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final List<InMemoryNetwork> networks = new ArrayList<>();

	private final InMemoryNetwork network = network(1);

	@AfterEach
	void close() {
		this.networks.forEach(InMemoryNetwork::close);
	}

	private InMemoryNetwork network(long seed) {
		InMemoryNetwork created = new InMemoryNetwork(seed);
		this.networks.add(created);
		return created;
	}

	private Peer peer() {
		return peer(this.network, "127.0.0.1", 0, KEYRING, "");
	}

	private static Peer peer(InMemoryNetwork network, String host, int port, Keyring keyring, String label) {
		BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
		Transport transport = network.bind(new InetSocketAddress(host, port), keyring, label, 1400,
				new TransportStats(), (from, payload) -> inbox
					.add(new Received(from, new String(payload, StandardCharsets.UTF_8), Thread.currentThread())));
		return new Peer(transport, inbox);
	}

	@Test
	void deliversASealedDatagramOnTheNetworksThreadNeverTheSenders() throws Exception {
		Peer a = peer();
		Peer b = peer();
		assertThat(a.transport().send(b.endpoint(), bytes("hello"))).isTrue();
		Received received = b.next();
		assertThat(received.text()).isEqualTo("hello");
		assertThat(received.from()).isEqualTo(a.endpoint());
		assertThat(received.thread()).isNotSameAs(Thread.currentThread());
		assertThat(received.thread().getName()).startsWith("gossip-memory-network-");
		assertThat(a.transport().stats().datagramsOut()).isEqualTo(1);
		assertThat(a.transport().stats().bytesOut()).isEqualTo(5 + PacketSealer.overhead());
		assertThat(b.transport().stats().datagramsIn()).isEqualTo(1);
		assertThat(b.transport().stats().bytesIn()).isEqualTo(5 + PacketSealer.overhead());
		assertThat(this.network.counts()).isEqualTo(new InMemoryNetwork.Counts(1, 0, 0, 0));
	}

	@Test
	void aSenderThatSendsFromItsOwnHandlerIsNotCalledBackOnItsOwnStack() throws Exception {
		BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
		Transport[] self = new Transport[1];
		// a handler that answers every datagram by sending one back to itself, until the 3rd
		self[0] = this.network.bind(new InetSocketAddress("127.0.0.1", 0), KEYRING, "", 1400, new TransportStats(),
				(from, payload) -> {
					String text = new String(payload, StandardCharsets.UTF_8);
					StackTraceElement[] stack = Thread.currentThread().getStackTrace();
					inbox.add(new Received(from, text + "@" + stack.length, Thread.currentThread()));
					if (text.length() < 3) {
						self[0].send(from, bytes(text + "x"));
					}
				});
		Endpoint endpoint = Endpoints.of(self[0].localAddress());
		self[0].send(endpoint, bytes("x"));
		String first = poll(inbox).text();
		String second = poll(inbox).text();
		String third = poll(inbox).text();
		assertThat(List.of(first, second, third)).extracting((t) -> t.substring(0, t.indexOf('@')))
			.containsExactly("x", "xx", "xxx");
		// each handler call starts from the same depth: a reply is queued, not delivered inside the send
		assertThat(second.substring(second.indexOf('@'))).isEqualTo(first.substring(first.indexOf('@')));
		assertThat(third.substring(third.indexOf('@'))).isEqualTo(first.substring(first.indexOf('@')));
	}

	@Test
	void aDatagramSealedWithAnotherKeyOrLabelIsDroppedAndCountedAsOverUdp() throws Exception {
		Peer receiver = peer();
		Peer stranger = peer(this.network, "127.0.0.1", 0, OTHER_KEYRING, "");
		Peer otherCluster = peer(this.network, "127.0.0.1", 0, KEYRING, "staging");
		stranger.transport().send(receiver.endpoint(), bytes("let me in"));
		otherCluster.transport().send(receiver.endpoint(), bytes("wrong cluster"));
		await().atMost(DEADLINE)
			.until(() -> receiver.transport().stats().drops(DropReason.BAD_KEY) == 1
					&& receiver.transport().stats().drops(DropReason.WRONG_CLUSTER) == 1);
		assertThat(receiver.inbox()).isEmpty();
		assertThat(receiver.transport().stats().datagramsIn()).isEqualTo(2);
		// the network delivered them: dropping is the receiving transport's own judgement
		assertThat(this.network.counts().delivered()).isEqualTo(2);
	}

	@Test
	void aKeyringRotatedOnTheReceiverOpensWhatTheNewKeySeals() throws Exception {
		Peer receiver = peer();
		Peer sender = peer(this.network, "127.0.0.1", 0, OTHER_KEYRING, "");
		receiver.transport().keyring(new Keyring(KEYRING.primary(), List.of(OTHER_KEYRING.primary())));
		sender.transport().send(receiver.endpoint(), bytes("rotated"));
		assertThat(receiver.next().text()).isEqualTo("rotated");
	}

	@Test
	void lossWithAFixedSeedDropsTheSameDatagramsEveryTime() throws Exception {
		Set<String> first = survivorsOfLoss(network(42), 0.3, 1000);
		Set<String> again = survivorsOfLoss(network(42), 0.3, 1000);
		Set<String> otherSeed = survivorsOfLoss(network(43), 0.3, 1000);
		assertThat(again).isEqualTo(first);
		assertThat(otherSeed).isNotEqualTo(first);
		assertThat(first.size()).isBetween(600, 800);
	}

	private static Set<String> survivorsOfLoss(InMemoryNetwork network, double rate, int count) throws Exception {
		network.lossRate(rate);
		Peer a = peer(network, "127.0.0.1", 0, KEYRING, "");
		Peer b = peer(network, "127.0.0.1", 0, KEYRING, "");
		for (int i = 0; i < count; i++) {
			a.transport().send(b.endpoint(), bytes(Integer.toString(i)));
		}
		await().atMost(DEADLINE).until(() -> network.counts().delivered() + network.counts().lost() == count);
		InMemoryNetwork.Counts counts = network.counts();
		assertThat(counts.partitioned() + counts.unreachable()).isZero();
		assertThat(a.transport().stats().datagramsOut()).as("sent, lost or not").isEqualTo(count);
		await().atMost(DEADLINE).until(() -> b.inbox().size() == counts.delivered());
		List<Received> received = new ArrayList<>();
		b.inbox().drainTo(received);
		return Set.copyOf(received.stream().map(Received::text).toList());
	}

	@Test
	void lossRateOutsideZeroToOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.network.lossRate(1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> this.network.lossRate(-0.1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.network.lossRate(Double.NaN));
	}

	@Test
	void aOneWayBlockCutsOnlyItsDirectionUntilHealed() throws Exception {
		Peer a = peer();
		Peer b = peer();
		this.network.block(a.endpoint(), b.endpoint());
		a.transport().send(b.endpoint(), bytes("blocked"));
		b.transport().send(a.endpoint(), bytes("through"));
		assertThat(a.next().text()).isEqualTo("through");
		await().atMost(DEADLINE).until(() -> this.network.counts().partitioned() == 1);
		assertThat(b.inbox()).isEmpty();
		this.network.heal();
		a.transport().send(b.endpoint(), bytes("healed"));
		assertThat(b.next().text()).isEqualTo("healed");
	}

	@Test
	void blockBetweenCutsBothDirections() throws Exception {
		Peer a = peer();
		Peer b = peer();
		Peer c = peer();
		this.network.blockBetween(a.endpoint(), b.endpoint());
		a.transport().send(b.endpoint(), bytes("a to b"));
		b.transport().send(a.endpoint(), bytes("b to a"));
		c.transport().send(a.endpoint(), bytes("c to a"));
		assertThat(a.next().text()).isEqualTo("c to a");
		await().atMost(DEADLINE).until(() -> this.network.counts().partitioned() == 2);
		assertThat(a.inbox()).isEmpty();
		assertThat(b.inbox()).isEmpty();
	}

	@Test
	void anIsolatedGroupTalksWithinItselfAndIsCutOffFromEveryoneElseEvenLaterComers() throws Exception {
		Peer a = peer();
		Peer b = peer();
		Peer c = peer();
		this.network.isolate(List.of(a.endpoint(), b.endpoint()));
		Peer late = peer();
		a.transport().send(b.endpoint(), bytes("inside"));
		a.transport().send(c.endpoint(), bytes("a to c"));
		c.transport().send(a.endpoint(), bytes("c to a"));
		late.transport().send(b.endpoint(), bytes("late to b"));
		late.transport().send(c.endpoint(), bytes("late to c"));
		assertThat(b.next().text()).isEqualTo("inside");
		assertThat(c.next().text()).isEqualTo("late to c");
		await().atMost(DEADLINE).until(() -> this.network.counts().partitioned() == 3);
		assertThat(a.inbox()).isEmpty();
		assertThat(b.inbox()).isEmpty();
		assertThat(c.inbox()).isEmpty();
		this.network.heal();
		c.transport().send(a.endpoint(), bytes("healed"));
		assertThat(a.next().text()).isEqualTo("healed");
	}

	@Test
	void aDelayedDatagramArrivesNoSoonerThanItsDelay() throws Exception {
		Peer a = peer();
		Peer b = peer();
		this.network.delay(Duration.ofMillis(300));
		long sentAt = System.nanoTime();
		a.transport().send(b.endpoint(), bytes("late"));
		assertThat(b.next().text()).isEqualTo("late");
		assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aPartitionHealedWhileADatagramIsInFlightLetsItThrough() throws Exception {
		Peer a = peer();
		Peer b = peer();
		this.network.delay(Duration.ofMillis(500));
		this.network.isolate(List.of(a.endpoint()));
		a.transport().send(b.endpoint(), bytes("in flight"));
		this.network.heal();
		assertThat(b.next().text()).isEqualTo("in flight");
		assertThat(this.network.counts().partitioned()).isZero();
	}

	@Test
	void aClosedTransportSendsNothingReceivesNothingAndFreesItsPort() throws Exception {
		Peer a = peer();
		Peer b = peer();
		int port = b.endpoint().port();
		b.transport().close();
		assertThat(b.transport().send(a.endpoint(), bytes("from the grave"))).isFalse();
		assertThat(b.transport().stats().sendsRejected()).isEqualTo(1);
		assertThat(b.transport().stats().datagramsOut()).isZero();
		a.transport().send(b.endpoint(), bytes("anyone there?"));
		await().atMost(DEADLINE).until(() -> this.network.counts().unreachable() == 1);
		assertThat(b.inbox()).isEmpty();
		Peer restarted = peer(this.network, "127.0.0.1", port, KEYRING, "");
		a.transport().send(restarted.endpoint(), bytes("welcome back"));
		assertThat(restarted.next().text()).isEqualTo("welcome back");
		assertThat(b.inbox()).isEmpty();
	}

	@Test
	void closingTheNetworkClosesItsTransports() {
		Peer a = peer();
		Peer b = peer();
		this.network.close();
		assertThat(a.transport().send(b.endpoint(), bytes("after the end"))).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::peer);
	}

	@Test
	void portZeroPicksDistinctFreePortsAndABoundPortCannotBeBoundAgain() {
		Peer a = peer();
		Peer b = peer();
		assertThat(a.endpoint().port()).isGreaterThanOrEqualTo(InMemoryNetwork.FIRST_EPHEMERAL_PORT);
		assertThat(b.endpoint().port()).isNotEqualTo(a.endpoint().port());
		assertThat(a.transport().localAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", a.endpoint().port()));
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> peer(this.network, "127.0.0.1", a.endpoint().port(), KEYRING, ""))
			.withCauseInstanceOf(BindException.class);
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> peer(this.network, "0.0.0.0", a.endpoint().port(), KEYRING, ""));
		// another address on the same port is another socket
		Peer elsewhere = peer(this.network, "127.0.0.2", a.endpoint().port(), KEYRING, "");
		assertThat(elsewhere.endpoint()).isEqualTo(Endpoint.ipv4(127, 0, 0, 2, a.endpoint().port()));
	}

	@Test
	void aWildcardTransportTakesDatagramsForAnyAddressAndSendsFromLoopback() throws Exception {
		Peer wildcard = peer(this.network, "::", 7946, KEYRING, "");
		Peer a = peer();
		a.transport().send(Endpoint.ipv4(10, 0, 0, 7, 7946), bytes("to any address"));
		assertThat(wildcard.next().text()).isEqualTo("to any address");
		wildcard.transport().send(a.endpoint(), bytes("reply"));
		assertThat(a.next().from()).isEqualTo(Endpoint.ipv4(127, 0, 0, 1, 7946));
	}

	@Test
	void aPayloadTooLargeToSealIsRefusedBeforeItIsSent() {
		Peer a = peer();
		Peer b = peer();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> a.transport().send(b.endpoint(), new byte[1400 - PacketSealer.overhead() + 1]));
		assertThat(a.transport().stats().datagramsOut()).isZero();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Received poll(BlockingQueue<Received> inbox) throws InterruptedException {
		Received received = inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).as("a datagram within %s", DEADLINE).isNotNull();
		return received;
	}

	private record Peer(Transport transport, BlockingQueue<Received> inbox) {

		Endpoint endpoint() {
			return Endpoints.of(this.transport.localAddress());
		}

		Received next() throws InterruptedException {
			return poll(this.inbox);
		}

	}

	private record Received(Endpoint from, String text, Thread thread) {
	}

}
