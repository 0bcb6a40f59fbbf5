package io.github.gossip.internal.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;
import io.github.gossip.internal.wire.WireVersions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster upgraded one member at a time from the previous release's wire format to this one's, as a
 * StatefulSet rolls: real nodes (protocol, codec, sealing) on one virtual clock and an in-memory
 * network with loss, so a run depends only on its seed. A node of the previous release is this build
 * speaking only the first version: it writes exactly the bytes of the recorded fixtures of the first
 * version ({@code WireGoldenTest}), announces no range and refuses the second version.
 */
class RollingUpgradeTest {

	private static final int MEMBERS = 32;

	private static final int PORT = 1179;

	private static final Duration CONVERGE = Duration.ofSeconds(60);

	private final VirtualTime time = new VirtualTime();

	private final SplittableRandom random = new SplittableRandom(20261202);

	private final InMemoryNetwork network = new InMemoryNetwork(this.random.nextLong(), this.time);

	private final ProtocolConfig protocol = ProtocolConfig.lan();

	private final GossipNode[] nodes = new GossipNode[MEMBERS];

	/** Every event any process of each node published, by node id. */
	private final Map<String, Queue<MembershipEvent>> events = new HashMap<>();

	/** The drops and previous-version packets of processes that have stopped. */
	private final Map<DropReason, Long> stoppedDrops = new HashMap<>();

	private long stoppedSkippedMessages;

	@AfterEach
	void close() {
		for (GossipNode node : this.nodes) {
			if (node != null) {
				node.close();
			}
		}
		this.network.close();
	}

	@Test
	void aClusterUpgradedOneMemberAtATimeUnderLossNeverFailsAMemberNorLosesStateSync() {
		this.network.lossRate(0.05);
		for (int i = 0; i < MEMBERS; i++) {
			start(i, WireVersions.PREVIOUS_RELEASE);
		}
		awaitOneView("the cluster of the previous release forms");

		// as a StatefulSet rolls: the highest ordinal first, each pod leaves, then returns on the new build
		for (int i = MEMBERS - 1; i >= 0; i--) {
			this.nodes[i].leave(this.protocol.gossipInterval().multipliedBy(NodeClusterMembership.LEAVE_ROUNDS));
			stopped(i);
			this.time.advance(Duration.ofSeconds(2));
			start(i, WireVersions.THIS_RELEASE);
			awaitOneView("member " + i + " upgraded");
			assertOneLeaderEverywhere();
			if (i == MEMBERS / 2) {
				// state made on a member of the previous release reaches every member of either
				GossipNode old = this.nodes[0];
				old.updateMetadata(old.snapshot().local().metadata().withValues(Map.of("zone", "eu-1")),
						Duration.ofSeconds(5));
				awaitOneView("metadata of a previous-release member spreads through the mixed cluster");
				assertThat(this.nodes[MEMBERS - 1].members()).filteredOn((m) -> m.id().equals(old.self()))
					.singleElement()
					.satisfies((m) -> assertThat(m.metadata().values()).containsEntry("zone", "eu-1"));
			}
		}

		assertThat(countEverywhere(MembershipEvent.Kind.FAILED)).as("false failures during the upgrade").isZero();
		assertThat(drops(DropReason.MALFORMED)).as("datagrams refused as malformed").isZero();
		assertThat(drops(DropReason.UNSUPPORTED_VERSION)).as("datagrams in a version the receiver lacks").isZero();

		// once every member runs this release, members write to each other in its version only
		this.time.advance(Duration.ofSeconds(30));
		long firstBefore = decodedEverywhere(1);
		long secondBefore = decodedEverywhere(2);
		this.time.advance(Duration.ofSeconds(60));
		assertThat(decodedEverywhere(2) - secondBefore).as("packets in version 2 in a minute").isGreaterThan(1000);
		assertThat(decodedEverywhere(1) - firstBefore).as("packets in version 1 in a minute").isZero();
	}

	@Test
	void aHalfUpgradedClusterDetectsFailuresHealsAPartitionAndAgreesOnItsLeader() {
		for (int i = 0; i < MEMBERS; i++) {
			start(i, (i % 2 == 0) ? WireVersions.PREVIOUS_RELEASE : WireVersions.THIS_RELEASE);
		}
		awaitOneView("the mixed cluster forms");
		assertOneLeaderEverywhere();

		// crashes of a member of each release are detected by members of both
		String oldVictim = this.nodes[4].self().nodeId();
		String newVictim = this.nodes[7].self().nodeId();
		this.nodes[4].close();
		this.nodes[7].close();
		stopped(4);
		stopped(7);
		assertThat(this.time.advanceUntil(() -> running().stream()
			.allMatch((n) -> stateOf(n, oldVictim) == MemberState.DEAD && stateOf(n, newVictim) == MemberState.DEAD),
				CONVERGE))
			.as("every member of either release has both crashed members failed")
			.isTrue();
		start(4, WireVersions.PREVIOUS_RELEASE);
		start(7, WireVersions.THIS_RELEASE);
		awaitOneView("the crashed members return");

		// a partition across the releases, then healed: one view again, one leader
		List<Endpoint> half = new ArrayList<>();
		for (int i = 0; i < MEMBERS / 2; i++) {
			half.add(this.nodes[i].advertisedEndpoint());
		}
		this.network.isolate(half);
		this.time.advance(Duration.ofSeconds(90));
		assertThat(stateOf(this.nodes[0], this.nodes[MEMBERS - 1].self().nodeId())).as("the sides see each other failed")
			.isEqualTo(MemberState.DEAD);
		this.network.heal();
		awaitOneView("the mixed cluster heals");
		assertOneLeaderEverywhere();
		assertThat(drops(DropReason.MALFORMED) + drops(DropReason.UNSUPPORTED_VERSION)).isZero();
		assertThat(decodedEverywhere(2)).as("members of this release speak its version to each other").isPositive();
	}

	// ------------------------------------------------------------------ the cluster

	private void start(int index, WireVersions wire) {
		Endpoint endpoint = endpoint(index);
		MemberId self = new MemberId(String.format("node-%02d", index),
				MemberId.newInstance(this.time.wallMillis(), this.random));
		List<Endpoint> seeds = List.of(endpoint(0), endpoint(1), endpoint(2));
		NodeOptions options = new NodeOptions(self, Endpoints.toSocketAddress(endpoint), null, () -> seeds,
				LocalCluster.KEYRING, "", this.protocol, MemberMetadata.EMPTY, Map.of(), wire);
		Queue<MembershipEvent> seen = this.events.computeIfAbsent(self.nodeId(), (id) -> new ConcurrentLinkedQueue<>());
		this.nodes[index] = GossipNode.start(options, this.random.split(), (snapshot, changes) -> seen.addAll(changes),
				this.network, this.time.loop());
	}

	private void stopped(int index) {
		GossipNode node = this.nodes[index];
		node.transportStats().drops().forEach((reason, count) -> this.stoppedDrops.merge(reason, count, Long::sum));
		this.stoppedSkippedMessages += node.transportStats().unknownMessages();
		this.nodes[index] = null;
	}

	private static Endpoint endpoint(int index) {
		return Endpoint.ipv4(10, 0, 0, 10 + index, PORT);
	}

	private List<GossipNode> running() {
		List<GossipNode> running = new ArrayList<>();
		for (GossipNode node : this.nodes) {
			if (node != null) {
				running.add(node);
			}
		}
		return running;
	}

	/**
	 * Waits until every member holds the same view: every other member alive, at the same instance,
	 * incarnation and metadata. That is state in sync, whatever releases the members run.
	 */
	private void awaitOneView(String what) {
		boolean converged = this.time.advanceUntil(this::oneView, CONVERGE);
		assertThat(converged).as(what + " within " + CONVERGE + ": " + views()).isTrue();
	}

	private boolean oneView() {
		List<GossipNode> running = running();
		Set<String> expected = null;
		for (GossipNode node : running) {
			Set<String> view = node.members()
				.stream()
				.filter((m) -> m.state() == MemberState.ALIVE)
				.map(RollingUpgradeTest::describe)
				.collect(Collectors.toSet());
			view.add(describe(node.snapshot().local()));
			if (view.size() != running.size() || (expected != null && !expected.equals(view))) {
				return false;
			}
			expected = view;
		}
		return true;
	}

	private static String describe(Member member) {
		return member.id() + "@" + member.incarnation() + member.metadata().values();
	}

	private String views() {
		return running().stream()
			.map((n) -> n.self().nodeId() + " sees "
					+ n.members().stream().map((m) -> m.id().nodeId() + ":" + m.state()).toList())
			.collect(Collectors.joining("; "));
	}

	/**
	 * Every member names the same leader of a role, within a few seconds: a member that has just
	 * joined names none until it has heard the leader's claim.
	 */
	private void assertOneLeaderEverywhere() {
		boolean agreed = this.time.advanceUntil(() -> leaders().size() == 1 && !leaders().contains(null),
				Duration.ofSeconds(30));
		assertThat(agreed).as("the leader of acme.renew on every member: " + running().stream()
			.map((n) -> n.self().nodeId() + "=" + n.snapshot().leader("acme.renew").map(Member::id).orElse(null))
			.toList()).isTrue();
	}

	private Set<MemberId> leaders() {
		return running().stream()
			.map((n) -> n.snapshot().leader("acme.renew").map(Member::id).orElse(null))
			.collect(Collectors.toSet());
	}

	private static MemberState stateOf(GossipNode observer, String nodeId) {
		return LocalCluster.stateOf(observer, nodeId);
	}

	private long countEverywhere(MembershipEvent.Kind kind) {
		return this.events.values().stream().flatMap(Queue::stream).filter((e) -> e.kind() == kind).count();
	}

	private long drops(DropReason reason) {
		return this.stoppedDrops.getOrDefault(reason, 0L)
				+ running().stream().mapToLong((n) -> n.transportStats().drops(reason)).sum();
	}

	private long decodedEverywhere(int version) {
		return running().stream().mapToLong((n) -> n.packetsDecoded(version)).sum();
	}

}
