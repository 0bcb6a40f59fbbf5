package io.github.gossip.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.RoleLeader;
import io.github.gossip.node.ClusterNode;
import io.github.gossip.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fencing tokens and the majority policy as a plain-Java user sees them, on real UDP sockets on
 * loopback: one token holder at a time, a successor's token above its predecessor's, and no leader
 * without a majority of the voters. Deadlines are generous; nothing here depends on timing luck.
 */
class FencedLeadershipExampleTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final String KEY = "correct horse battery staple, but longer";

	private static final String RENEW = "acme.renew";

	private final List<ClusterNode> nodes = new ArrayList<>();

	private int seedPort;

	@AfterEach
	void close() {
		this.nodes.forEach(ClusterNode::close);
	}

	/** Starts node {@code id}; the first one is everyone's seed. acme.renew needs two of 1, 2, 3. */
	private ClusterNode start(String id) {
		int port = FreePorts.udp();
		var b = ClusterNode.builder()
			.nodeId(id)
			.bind("127.0.0.1", port)
			.key(KEY)
			.profile(GossipProfile.LOCAL)
			.heartbeat(Duration.ofMillis(200))
			.roles(RENEW, "purge.stores")
			.leadershipPolicy(RENEW, LeadershipPolicy.majorityOf(List.of("1", "2", "3")));
		if (this.nodes.isEmpty()) {
			this.seedPort = port;
		}
		else {
			b.seeds("127.0.0.1:" + this.seedPort);
		}
		ClusterNode node = b.build();
		this.nodes.add(node);
		node.start().block(DEADLINE);
		return node;
	}

	private List<ClusterNode> holders(String role) {
		return this.nodes.stream().filter(ClusterNode::isRunning).filter((n) -> n.fencingToken(role).isPresent()).toList();
	}

	@Test
	void oneNodeHoldsTheTokenOfAMajorityRoleAndItsSuccessorsTokenIsHigher() {
		ClusterNode one = start("1");
		ClusterNode two = start("2");
		ClusterNode three = start("3");
		await().atMost(DEADLINE).until(() -> holders(RENEW).equals(List.of(one)));
		FencingToken first = one.fencingToken(RENEW).orElseThrow();
		assertThat(first.role()).isEqualTo(RENEW);
		assertThat(first.nodeId()).isEqualTo("1");
		assertThat(first.epoch()).isPositive();
		assertThat(one.isLeader(RENEW)).isTrue();
		assertThat(two.isLeader(RENEW)).isFalse();
		// the others see node 1 lead at that epoch
		await().atMost(DEADLINE).until(() -> three.leaderEpoch(RENEW) == first.epoch()
				&& three.leader(RENEW).map((m) -> m.nodeId().equals("1")).orElse(false));

		one.leave().block(DEADLINE);
		await().atMost(DEADLINE).until(() -> holders(RENEW).equals(List.of(two)));
		FencingToken second = two.fencingToken(RENEW).orElseThrow();
		assertThat(second).isGreaterThan(first);
		assertThat(second.epoch()).isGreaterThan(first.epoch());
		RoleLeader seen = three.leaderChanges(RENEW)
			.filter((change) -> change.leader().map((m) -> m.nodeId().equals("2")).orElse(false))
			.blockFirst(DEADLINE);
		assertThat(seen.epoch()).isEqualTo(second.epoch());
	}

	@Test
	void withoutAMajorityOfItsVotersAMajorityRoleHasNoLeaderWhileAnAvailableRoleHasOne() throws InterruptedException {
		ClusterNode one = start("1");
		// an available role: the lowest live holder leads, with a token, even alone
		await().atMost(DEADLINE).until(() -> one.fencingToken("purge.stores").isPresent());
		assertThat(one.fencingToken("purge.stores")).map(FencingToken::epoch).hasValueSatisfying((e) -> assertThat(e).isPositive());
		// one grant of the three voters' two: never a leader, for several promise lengths
		for (int i = 0; i < 30; i++) {
			assertThat(one.fencingToken(RENEW)).isEmpty();
			assertThat(one.leader(RENEW)).isEmpty();
			Thread.sleep(100);
		}
		ClusterNode two = start("2");
		await().atMost(DEADLINE).until(() -> holders(RENEW).equals(List.of(one)));
		assertThat(two.fencingToken(RENEW)).isEmpty();
		Optional<FencingToken> token = one.fencingToken(RENEW);
		assertThat(token).isPresent();
	}

}
