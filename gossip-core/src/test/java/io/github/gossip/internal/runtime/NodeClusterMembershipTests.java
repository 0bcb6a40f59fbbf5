package io.github.gossip.internal.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.RoleLeader;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;
import io.github.gossip.internal.wire.WireVersions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class NodeClusterMembershipTests {

	private final SplittableRandom random = new SplittableRandom(7);

	private NodeClusterMembership membership(String nodeId) {
		MemberId self = new MemberId(nodeId, MemberId.newInstance(System.currentTimeMillis(), this.random));
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
				List::of, LocalCluster.KEYRING, "", LocalCluster.FAST,
				new MemberMetadata(Set.of("purge.stores"), Map.of()));
		return new NodeClusterMembership(options, (RandomGenerator) this.random.split(), Clock.systemUTC(), 16);
	}

	@Test
	void beforeStartTheLocalMemberIsKnownAndMetadataCanBeSet() {
		try (NodeClusterMembership membership = membership("1")) {
			assertThat(membership.isRunning()).isFalse();
			assertThat(membership.members()).extracting(ClusterMember::nodeId).containsExactly("1");
			assertThat(membership.localMember().roles()).containsExactly("purge.stores");
			membership.updateMetadata(Map.of("zone", "a"));
			assertThat(membership.localMember().metadata()).containsEntry("zone", "a");
			membership.start();
			assertThat(membership.localMember().metadata()).containsEntry("zone", "a");
			assertThat(membership.localMember().roles()).containsExactly("purge.stores");
			assertThat(membership.localMember().address().getPort()).isPositive();
		}
	}

	@Test
	void theProtocolThreadKeepsTheJvmAlive() {
		try (NodeClusterMembership membership = membership("keeper")) {
			membership.start();
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((t) -> t.getName().equals("gossip-keeper"))
				.isNotEmpty()
				.allMatch((t) -> !t.isDaemon());
		}
	}

	@Test
	void oversizeMetadataIsRefusedWithTheLimit() {
		try (NodeClusterMembership membership = membership("1")) {
			membership.start();
			assertThatIllegalArgumentException().isThrownBy(() -> membership.updateMetadata(Map.of("blob", "x".repeat(100),
					"blob2", "y".repeat(100), "blob3", "z".repeat(100), "blob4", "w".repeat(100), "blob5", "v".repeat(100))))
				.withMessageContaining("allowed: at most " + MemberMetadata.MAX_ENCODED_BYTES + " bytes");
			assertThatIllegalArgumentException().isThrownBy(() -> membership.updateMetadata(Map.of("k", "x".repeat(200))))
				.withMessageContaining("metadata value for 'k'")
				.withMessageContaining("allowed: 1.." + MemberMetadata.MAX_STRING_BYTES);
			java.util.HashMap<String, String> nullKey = new java.util.HashMap<>();
			nullKey.put(null, "x");
			assertThatIllegalArgumentException().isThrownBy(() -> membership.updateMetadata(nullKey))
				.withMessageContaining("metadata key is null");
			assertThatIllegalArgumentException().isThrownBy(() -> membership.updateMetadata(Map.of("k", "line\nbreak")))
				.withMessageContaining("control character");
			assertThat(membership.localMember().metadata()).isEmpty();
		}
	}

	@Test
	void theEntryThatAnnouncesWireVersionsIsGossipedButNeitherShownNorSettableAsUserMetadata() {
		try (NodeClusterMembership ten = membership("10"); NodeClusterMembership nine = joining("9", ten)) {
			ten.start();
			nine.start();
			nine.updateMetadata(Map.of("zone", "b"));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> ten.members().size() == 2 && ten.members().stream().anyMatch((m) -> m.metadata().containsKey("zone")));
			// the protocol's own record carries it ...
			assertThat(ten.node().orElseThrow().members()).singleElement()
				.satisfies((nineSeenByTen) -> assertThat(nineSeenByTen.metadata().values())
					.containsEntry(WireVersions.METADATA_KEY, "1-2")
					.containsEntry("zone", "b"));
			// ... the application's view does not
			assertThat(ten.members()).allSatisfy((m) -> assertThat(m.metadata()).doesNotContainKey(WireVersions.METADATA_KEY));
			assertThat(nine.localMember().metadata()).containsExactly(Map.entry("zone", "b"));
			assertThatIllegalArgumentException().isThrownBy(() -> nine.updateMetadata(Map.of("gossip.wire", "1-9")))
				.withMessage("metadata key 'gossip.wire' is reserved: keys that start with 'gossip.' belong to the protocol");
			// metadata that would fit only without the entry is refused on the caller's thread, naming it
			assertThatIllegalArgumentException()
				.isThrownBy(() -> nine.updateMetadata(Map.of("a", "x".repeat(128), "b", "x".repeat(128), "c",
						"x".repeat(128), "d", "x".repeat(110))))
				.withMessageContaining("including the protocol's own entry 'gossip.wire=1-2'");
			assertThat(nine.localMember().metadata()).containsExactly(Map.entry("zone", "b"));
		}
	}

	@Test
	void membersAreOrderedByNodeIdNumerically() {
		try (NodeClusterMembership ten = membership("10"); NodeClusterMembership nine = joining("9", ten)) {
			ten.start();
			nine.start();
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ten.members().size() == 2);
			assertThat(ten.members()).extracting(ClusterMember::nodeId).containsExactly("9", "10");
		}
	}

	@Test
	void aNewViewKeepsThePublicFormOfEveryMemberWhoseRecordDidNotChange() {
		VirtualTime time = new VirtualTime();
		try (InMemoryNetwork network = new InMemoryNetwork(11, time)) {
			NodeRuntime runtime = NodeRuntime.virtual(time, network, new SplittableRandom(11));
			List<NodeClusterMembership> members = new java.util.ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					members.add(virtualMember("v" + i, runtime));
					members.get(i).start();
				}
				NodeClusterMembership observer = members.get(0);
				assertThat(time.advanceUntil(() -> observer.members().size() == 3, Duration.ofMinutes(1))).isTrue();
				time.advance(Duration.ofSeconds(10));
				ClusterMember unchanged = observer.member("v1").orElseThrow();
				ClusterMember before = observer.member("v2").orElseThrow();
				members.get(2).updateMetadata(Map.of("zone", "c"));
				assertThat(time.advanceUntil(() -> observer.member("v2").orElseThrow().metadata().containsKey("zone"),
						Duration.ofMinutes(1))).isTrue();
				assertThat(observer.member("v1").orElseThrow()).isSameAs(unchanged);
				assertThat(observer.member("v2").orElseThrow()).isNotSameAs(before)
					.satisfies((changed) -> assertThat(changed.metadata()).containsEntry("zone", "c"))
					.satisfies((changed) -> assertThat(changed.incarnation()).isGreaterThan(before.incarnation()));
				assertThat(observer.members()).contains(unchanged);
			}
			finally {
				members.forEach(NodeClusterMembership::close);
			}
		}
	}

	private static NodeClusterMembership virtualMember(String nodeId, NodeRuntime runtime) {
		Endpoint seed = Endpoint.ipv4(10, 0, 0, 1, 7946);
		Endpoint own = Endpoint.ipv4(10, 0, 0, 1 + Integer.parseInt(nodeId.substring(1)), 7946);
		NodeOptions options = new NodeOptions(new MemberId(nodeId, 1), Endpoints.toSocketAddress(own), null,
				() -> List.of(seed), LocalCluster.KEYRING, "", LocalCluster.FAST);
		return new NodeClusterMembership(options, new SplittableRandom(nodeId.hashCode()), 16, runtime);
	}

	private NodeClusterMembership joining(String nodeId, NodeClusterMembership seed) {
		MemberId self = new MemberId(nodeId, MemberId.newInstance(System.currentTimeMillis(), this.random));
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
				() -> List.of(new io.github.gossip.internal.protocol.Endpoint(InetAddress.getLoopbackAddress().getAddress(),
						seed.localMember().address().getPort())),
				LocalCluster.KEYRING, "", LocalCluster.FAST);
		return new NodeClusterMembership(options, (RandomGenerator) this.random.split(), Clock.systemUTC(), 16);
	}

	@Test
	void streamsSubscribedBeforeStartSeeTheFirstEventsAndCompleteOnClose() {
		NodeClusterMembership first = membership("1");
		NodeClusterMembership second = null;
		try {
			first.start();
			NodeClusterMembership joining = joining("2", first);
			second = joining;
			StepVerifier.create(joining.events(true))
				.assertNext((event) -> assertThat(event.type()).isEqualTo(ClusterEvent.Type.CURRENT))
				.then(joining::start)
				.assertNext((event) -> {
					assertThat(event.type()).isEqualTo(ClusterEvent.Type.JOINED);
					assertThat(event.member().nodeId()).isEqualTo("1");
				})
				.then(joining::close)
				.thenConsumeWhile((event) -> true)
				.expectComplete()
				.verify(Duration.ofSeconds(30));
			assertThat(joining.isRunning()).isFalse();
			assertThatIllegalStateException().isThrownBy(() -> joining.updateMetadata(Map.of()));
		}
		finally {
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}


	@Test
	void roleNamesAreComparedAsConfigurationComparesThemIgnoringCaseAndSpaces() {
		MemberId self = new MemberId("1", MemberId.newInstance(System.currentTimeMillis(), this.random));
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
				List::of, LocalCluster.KEYRING, "", LocalCluster.FAST,
				new MemberMetadata(Set.of("purge.stores"), Set.of("acme.renew"), Map.of()));
		try (NodeClusterMembership membership = new NodeClusterMembership(options,
				(RandomGenerator) this.random.split(), Clock.systemUTC(), 16)) {
			membership.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> membership.isLeader("purge.stores"));
			assertThat(membership.isLeader(" Purge.Stores")).isTrue();
			// the only member excludes acme.renew, in whatever case the application spells it
			assertThat(membership.leader("acme.renew")).isEmpty();
			assertThat(membership.leader("Acme.Renew")).isEmpty();
			AtomicBoolean ran = new AtomicBoolean();
			membership.runIfLeader("ACME.renew ", () -> ran.set(true));
			assertThat(ran).isFalse();
			StepVerifier.create(membership.leaderChanges("Acme.Renew").take(1))
				.assertNext((leader) -> {
					assertThat(leader.role()).isEqualTo("acme.renew");
					assertThat(leader.leader()).isEmpty();
				})
				.expectComplete()
				.verify(Duration.ofSeconds(30));
		}
	}

	@Test
	void aLeaderStreamReportsTheLossOfLeadershipWhenTheNodeStops() {
		try (NodeClusterMembership membership = membership("1")) {
			membership.start();
			StepVerifier.create(membership.leaderChanges("purge.stores"))
				.thenConsumeWhile((leader) -> !leader.isLocal())
				.assertNext((leader) -> assertThat(leader.isLocal()).isTrue())
				.then(membership::close)
				.assertNext((leader) -> assertThat(leader.leader()).as("leadership after the stop").isEmpty())
				.expectComplete()
				.verify(Duration.ofSeconds(30));
			assertThat(membership.isLeader("purge.stores")).isFalse();
		}
	}

	@Test
	void aLeaderStreamReportsTheLossOfLeadershipWhenANewerProcessWithTheSameIdSupersedesIt() {
		try (NodeClusterMembership older = membership("1")) {
			older.start();
			List<RoleLeader> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
			reactor.core.Disposable watching = older.leaderChanges("purge.stores").subscribe(seen::add);
			try {
				org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> older.isLeader("purge.stores"));
				org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).isLocal());
				// a later start with the same id (an instance id orders by start time)
				try (NodeClusterMembership newer = joining("1", older, MemberId.newInstance(System.currentTimeMillis() + 1000,
						this.random))) {
					newer.start();
					org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(older::isSuperseded);
					assertThat(older.isLeader("purge.stores")).isFalse();
					org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(seen.get(seen.size() - 1).leader())
							.as("the last leadership the superseded node's stream reported, of %s", seen)
							.isEmpty());
				}
			}
			finally {
				watching.dispose();
			}
		}
	}

	private NodeClusterMembership joining(String nodeId, NodeClusterMembership seed, long instance) {
		MemberId self = new MemberId(nodeId, instance);
		NodeOptions options = new NodeOptions(self, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
				() -> List.of(new io.github.gossip.internal.protocol.Endpoint(InetAddress.getLoopbackAddress().getAddress(),
						seed.localMember().address().getPort())),
				LocalCluster.KEYRING, "", LocalCluster.FAST, new MemberMetadata(Set.of("purge.stores"), Map.of()));
		return new NodeClusterMembership(options, (RandomGenerator) this.random.split(), Clock.systemUTC(), 16);
	}

}
