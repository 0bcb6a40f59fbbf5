package io.github.gossip.node;

import io.github.gossip.testsupport.FreePorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.config.GossipProfile;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Plain Java, as a user writes it: build two nodes with the public builder, start them on loopback,
 * wait for the joined signal, see each other through the membership API, leave asynchronously,
 * close. Real UDP sockets; generous deadlines, since a loaded machine may be slow.
 */
class ClusterNodeTests {

	private static final String KEY = "plain java test passphrase, not a secret";

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final List<ClusterNode> nodes = new ArrayList<>();

	@AfterEach
	void closeNodes() {
		this.nodes.forEach(ClusterNode::close);
	}

	@Test
	void twoNodesJoinSeeEachOtherAndOneLeaves() {
		int firstPort = FreePorts.udp();
		ClusterNode first = build(node("node-1", firstPort));
		// no seeds: a cluster of its own, joined at once
		assertThat(first.start().block(DEADLINE)).isSameAs(first);
		assertThat(first.isRunning()).isTrue();
		assertThat(first.localMember().address().getPort()).isEqualTo(firstPort);

		ClusterNode second = build(node("node-2", FreePorts.udp()).seed("127.0.0.1", firstPort).roles("acme.renew"));
		assertThat(second.start().block(DEADLINE)).as("joined: the seed answered").isSameAs(second);
		assertThat(second.member("node-1")).map(ClusterMember::status).contains(MemberStatus.ALIVE);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(first.member("node-2"))
			.hasValueSatisfying((member) -> {
				assertThat(member.status()).isEqualTo(MemberStatus.ALIVE);
				assertThat(member.roles()).containsExactly("acme.renew");
			}));
		assertThat(first.members()).extracting(ClusterMember::nodeId).containsExactly("node-1", "node-2");

		second.leave().block(DEADLINE);
		assertThat(second.isRunning()).isFalse();
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(first.member("node-2")).map(ClusterMember::status)
			.contains(MemberStatus.LEFT));
		assertThat(second.leave().block(DEADLINE)).as("leaving twice is leaving once").isNull();
		assertThat(second.leave()).as("leaving twice is leaving once").isSameAs(second.leave());
		assertThatIllegalStateException().isThrownBy(second::start).withMessageContaining("cannot start again");
	}

	@Test
	void nodesSeeEachOthersAppVersionWhichUserMetadataKeeps() {
		int firstPort = FreePorts.udp();
		ClusterNode first = build(node("node-1", firstPort).appVersion("1.0.0"));
		first.start().block(DEADLINE);
		ClusterNode second = build(node("node-2", FreePorts.udp()).seed("127.0.0.1", firstPort).appVersion("1.1.0"));
		second.start().block(DEADLINE);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(first.member("node-2"))
			.hasValueSatisfying((member) -> assertThat(member.appVersion()).contains("1.1.0")));
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(second.member("node-1"))
			.hasValueSatisfying((member) -> assertThat(member.appVersion()).contains("1.0.0")));

		// user metadata leaves the version as configured; the member's metadata read back may be given again
		second.updateMetadata(Map.of("zone", "b"));
		Map<String, String> readBack = new HashMap<>(second.localMember().metadata());
		readBack.put("rack", "7");
		second.updateMetadata(readBack);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(first.member("node-2"))
			.hasValueSatisfying((member) -> assertThat(member.metadata())
				.containsExactlyInAnyOrderEntriesOf(Map.of("zone", "b", "rack", "7", "app-version", "1.1.0"))));
		assertThatThrownBy(() -> second.updateMetadata(Map.of("app-version", "1.2.0")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("metadata key 'app-version' is reserved for the application version, which this node "
					+ "announces as '1.1.0'");
		assertThat(second.localMember().appVersion()).contains("1.1.0");
	}

	@Test
	void aNodeWhoseOnlySeedIsItselfHasJoinedAtOnce() {
		int port = FreePorts.udp();
		ClusterNode node = build(node("node-1", port).seeds("127.0.0.1:" + port));
		assertThat(node.start().block(DEADLINE)).isSameAs(node);
	}

	@Test
	void startFailsWhenThePortIsTaken() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			ClusterNode node = build(node("node-1", taken.getLocalPort()));
			assertThatThrownBy(() -> node.start().block(DEADLINE)).as("the bind failure").isInstanceOf(RuntimeException.class)
				.hasMessageContaining("Failed to bind");
			assertThat(node.isRunning()).isFalse();
			assertThat(node.start()).as("the same failure, again").isSameAs(node.start());
			assertThatThrownBy(() -> node.start().block(DEADLINE)).hasMessageContaining("Failed to bind");
			node.close();
			assertThat(node.isRunning()).isFalse();
		}
	}

	@Test
	void aNodeOnAWildcardAddressWhoseSeedsAreAllItsOwnPortOnThisHostHasJoinedAtOnce() {
		// a name such as localhost resolves to 127.0.0.1 and ::1: both are this node when it listens on all
		int port = FreePorts.udp();
		ClusterNode node = build(node("node-1", port).bind("0.0.0.0", port)
			.advertiseAddress("127.0.0.1")
			.seeds("127.0.0.1:" + port, "[::1]:" + port));
		assertThat(node.start().block(DEADLINE)).isSameAs(node);
	}

	@Test
	void aNodeOnOneAddressWaitsForItsPortOnAnotherAddressOfThisHost() {
		// another process may listen on [::1] at the same port: that seed is a member to wait for
		int port = FreePorts.udp();
		ClusterNode node = build(node("node-1", port).seeds("127.0.0.1:" + port, "[::1]:" + port));
		var joined = node.start();
		node.leave().block(DEADLINE);
		assertThatIllegalStateException().isThrownBy(() -> joined.block(DEADLINE))
			.withMessageContaining("stopped before it joined");
	}

	@Test
	void theJoinedSignalFailsWhenTheNodeStopsFirst() {
		// a seed that never answers: the node keeps trying until it is stopped
		ClusterNode node = build(node("node-1", FreePorts.udp()).seed("127.0.0.1", FreePorts.udp()));
		var joined = node.start();
		node.leave().block(DEADLINE);
		assertThatIllegalStateException().isThrownBy(() -> joined.block(DEADLINE))
			.withMessageContaining("stopped before it joined");
	}

	private ClusterNode build(ClusterNodeBuilder builder) {
		ClusterNode node = builder.build();
		this.nodes.add(node);
		return node;
	}

	private static ClusterNodeBuilder node(String nodeId, int port) {
		return ClusterNode.builder()
			.nodeId(nodeId)
			.bind("127.0.0.1", port)
			.key(KEY)
			.profile(GossipProfile.LOCAL)
			.heartbeat(Duration.ofMillis(200));
	}

}
