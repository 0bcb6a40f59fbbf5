package io.github.gossip.sample;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.jobs.LeaderJobsAutoConfiguration;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.test.SimulatedCluster;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The web layer over real memberships: the nodes of a simulated cluster (the test kit's), on a virtual
 * clock that stands still between the test's steps, so that each view is exactly the one set up.
 */
class ClusterControllerTests {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE = new ParameterizedTypeReference<>() {
	};

	/**
	 * A node id no member has: a role listed for it only is held by nobody, as in {@code cluster.roles}
	 * (a role listed with no node is held by every node).
	 */
	private static final String NOBODY = "nobody";

	/** The documented roles nobody holds here, so that the views have only the leaders set up. */
	private static final List<String> UNHELD = List.of("purge.accounts", "metrics.calculate", "metrics.push");

	private final ConfiguredNode config = ConfiguredNode.of("1",
			Map.of("acme.renew", List.of("1"), "purge.stores", List.of()));

	/**
	 * Nodes 1, 2 and 10; node 1 leads acme.renew (its alone) and purge.stores; node 10 is suspected.
	 * Nodes 1 and 2 run version 1.0.0, node 10 announces none.
	 */
	private SimulatedCluster cluster;

	private ClusterMembership local;

	@BeforeEach
	void threeNodesOneOfThemSuspected() {
		this.cluster = withoutOtherRoles(SimulatedCluster.builder().seed(1).nodes("1", "2", "10"))
			.role("acme.renew", "1")
			.role("purge.stores", "1", "2", "10")
			.appVersion("1.0.0", "1", "2")
			.start();
		this.cluster.awaitUntil("node 1 leading both roles", (c) -> c.node("1").membership().isLeader("acme.renew")
				&& c.node("1").membership().isLeader("purge.stores") && c.node("1").membership().members().size() == 3,
				Duration.ofSeconds(30));
		this.cluster.node("10").pause(Duration.ofMinutes(1));
		this.cluster.awaitUntil("node 1 suspecting node 10", (c) -> status(c.node("1").membership(), "10") == MemberStatus.SUSPECT,
				Duration.ofSeconds(30));
		this.local = this.cluster.node("1").membership();
	}

	@AfterEach
	void closeTheCluster() {
		this.cluster.close();
	}

	@Test
	void snapshotListsMembersInNodeIdOrderWithStatesRolesAndLeaders() {
		InetSocketAddress two = this.cluster.node("2").address();
		client(this.local).get()
			.uri("/api/cluster")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled").isEqualTo(true)
			.jsonPath("$.localNodeId").isEqualTo("1")
			.jsonPath("$.members[*].nodeId").isEqualTo(List.of("1", "2", "10"))
			.jsonPath("$.members[*].status").isEqualTo(List.of("ALIVE", "ALIVE", "SUSPECT"))
			.jsonPath("$.members[0].local").isEqualTo(true)
			.jsonPath("$.members[0].roles").isEqualTo(List.of("acme.renew", "purge.stores"))
			.jsonPath("$.members[1].roles").isEqualTo(List.of("purge.stores"))
			.jsonPath("$.members[1].address").isEqualTo(two.getHostString() + ":" + two.getPort())
			.jsonPath("$.members[*].appVersion").isEqualTo(Arrays.asList("1.0.0", "1.0.0", null))
			.jsonPath("$.versions[*].version").isEqualTo(Arrays.asList("1.0.0", null))
			.jsonPath("$.versions[*].members").isEqualTo(List.of(2, 1))
			.jsonPath("$.versions[0].nodeIds").isEqualTo(List.of("1", "2"))
			.jsonPath("$.versions[1].nodeIds").isEqualTo(List.of("10"))
			.jsonPath("$.leaders").isEqualTo(Map.of("acme.renew", "1", "purge.stores", "1"))
			.jsonPath("$.epochs['purge.stores']").isEqualTo(epoch(this.local, "purge.stores"))
			.jsonPath("$.epochs['acme.renew']").isEqualTo(epoch(this.local, "acme.renew"));
	}

	@Test
	void summaryIsOneLineForScripts() {
		String summary = client(this.local).get()
			.uri("/api/cluster/summary")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(epoch(this.local, "acme.renew")).isPositive();
		assertThat(epoch(this.local, "purge.stores")).isPositive();
		assertThat(summary).isEqualTo("node 1 | members: 1 ALIVE, 2 ALIVE, 10 SUSPECT | leaders: acme.renew=1 (epoch "
				+ epoch(this.local, "acme.renew") + ") purge.stores=1 (epoch " + epoch(this.local, "purge.stores")
				+ ") | jobs: \n");
	}

	@Test
	void summarySaysWhenNoRoleHasALeader() {
		try (SimulatedCluster alone = withoutOtherRoles(SimulatedCluster.builder().seed(2).nodes("1"))
			.role("acme.renew", NOBODY)
			.role("purge.stores", NOBODY)
			.start()) {
			alone.advance(Duration.ofSeconds(30));
			client(alone.node("1").membership()).get()
				.uri("/api/cluster/summary")
				.exchange()
				.expectBody(String.class)
				.isEqualTo("node 1 | members: 1 ALIVE | leaders: none | jobs: \n");
		}
	}

	@Test
	void eventsStartWithTheCurrentViewThenFollowChanges() {
		Flux<ServerSentEvent<Map<String, Object>>> events = client(this.local).get()
			.uri("/api/cluster/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(SSE)
			.getResponseBody();
		StepVerifier.create(events.map(ClusterControllerTests::describe))
			.expectNext("CURRENT 1 ALIVE", "CURRENT 2 ALIVE", "CURRENT 10 SUSPECT",
					"LEADER_CHANGED 1 ALIVE acme.renew epoch " + epoch(this.local, "acme.renew"),
					"LEADER_CHANGED 1 ALIVE purge.stores epoch " + epoch(this.local, "purge.stores"))
			.then(() -> this.cluster.awaitUntil("node 1 declaring node 10 failed",
					(c) -> status(c.node("1").membership(), "10") == MemberStatus.FAILED, Duration.ofMinutes(1)))
			.thenConsumeWhile((event) -> !event.startsWith("FAILED 10"))
			.expectNext("FAILED 10 FAILED")
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eventsEndWhenTheSubscriberFellBehindSoThatTheBrowserReconnects() {
		Flux<ServerSentEvent<Map<String, Object>>> events = client(overflowingAfterTheCurrentView(this.local)).get()
			.uri("/api/cluster/events")
			.exchange()
			.returnResult(SSE)
			.getResponseBody();
		StepVerifier.create(events.filter((event) -> event.data() != null).map(ClusterControllerTests::describe))
			.expectNextCount(5)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void idleEventStreamSendsKeepAliveComments() {
		WebTestClient client = WebTestClient
			.bindToController(new ClusterController(provider(this.local), this.config, jobs(), Duration.ofMillis(100)))
			.build();
		Flux<ServerSentEvent<Map<String, Object>>> events = client.get()
			.uri("/api/cluster/events")
			.exchange()
			.returnResult(SSE)
			.getResponseBody();
		StepVerifier.create(events.filter((event) -> event.data() == null))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("keep-alive"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("keep-alive"))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void withoutGossipTheSnapshotSaysSoAndTheEventStreamIsEmpty() {
		WebTestClient client = client(null);
		client.get()
			.uri("/api/cluster")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled").isEqualTo(false)
			.jsonPath("$.message").isEqualTo(ClusterController.DISABLED)
			.jsonPath("$.localNodeId").isEqualTo("1")
			.jsonPath("$.members").isEmpty();
		client.get().uri("/api/cluster/events").exchange().expectStatus().isNoContent();
		client.get()
			.uri("/api/cluster/summary")
			.exchange()
			.expectBody(String.class)
			.isEqualTo("node 1 | gossip disabled | jobs: \n");
	}

	@Test
	void leaderOnlyJobsRunOnlyOnTheLeaderWhileOtherJobsRunOnEveryHolder() {
		try (SimulatedCluster pair = withoutOtherRoles(SimulatedCluster.builder().seed(3).nodes("1", "2"))
			.role("acme.renew", "1", "2")
			.role("purge.stores", "2")
			.start()) {
			pair.awaitUntil("node 1 leading acme.renew, in node 2's view",
					(c) -> c.node("2").membership().leader("acme.renew").map((m) -> m.nodeId().equals("1")).orElse(false)
							&& c.node("2").membership().isLeader("purge.stores"),
					Duration.ofSeconds(30));
			ClusterMembership follower = pair.node("2").membership();
			ConfiguredNode config2 = ConfiguredNode.of("2", Map.of());
			gatedJobs(follower, config2).run((context) -> {
				RoleJobs.RoleJob renew = context.getBean(RoleJobs.CertificateRenewalJob.class);
				RoleJobs.RoleJob purge = context.getBean(RoleJobs.StorePurgeJob.class);
				renew.run();
				purge.run();
				assertThat(renew.runs()).isZero();
				assertThat(purge.runs()).isOne();
				WebTestClient
					.bindToController(new ClusterController(provider(follower), config2, jobs(renew, purge), Duration.ofSeconds(15)))
					.build()
					.get()
					.uri("/api/cluster/summary")
					.exchange()
					.expectBody(String.class)
					.isEqualTo("node 2 | members: 1 ALIVE, 2 ALIVE | leaders: acme.renew=1" + epochSuffix(follower, "acme.renew")
							+ " purge.stores=2 (epoch " + epoch(follower, "purge.stores")
							+ ") | jobs: acme.renew(standby) purge.stores\n");
				pair.node("1").kill();
				pair.awaitUntil("node 2 leading acme.renew", (c) -> c.node("2").membership().isLeader("acme.renew"),
						Duration.ofMinutes(1));
				renew.run();
				assertThat(renew.runs()).isOne();
				assertThat(renew.active()).isTrue();
			});
		}
	}

	@Test
	void withoutGossipLeaderOnlyJobsRunBecauseTheNodeIsAClusterOfOne() {
		gatedJobs(null, this.config).run((context) -> {
			RoleJobs.RoleJob push = context.getBean(RoleJobs.MetricsPushJob.class);
			push.run();
			assertThat(push.runs()).isOne();
			assertThat(push.active()).isTrue();
		});
	}

	@Test
	void leaderOnlyJobsRefuseToWorkPastTheGate() {
		// a job called without its proxy, as a refactoring could: the work must not happen, also on the leader
		assertThat(this.local.isLeader("acme.renew")).isTrue();
		RoleJobs.RoleJob renew = new RoleJobs.CertificateRenewalJob(this.config, provider(this.local));
		assertThatIllegalStateException().isThrownBy(renew::run).withMessageContaining("Not inside a @LeaderOnly call");
		assertThat(renew.runs()).isZero();
	}

	/** The builder with the documented roles that the test does not set up held by no node. */
	private static SimulatedCluster.Builder withoutOtherRoles(SimulatedCluster.Builder builder) {
		UNHELD.forEach((role) -> builder.role(role, NOBODY));
		return builder;
	}

	private static MemberStatus status(ClusterMembership membership, String nodeId) {
		return membership.member(nodeId).map((member) -> member.status()).orElse(null);
	}

	/**
	 * What the summary adds after another member's leadership: the epoch when this node knows one
	 * (a follower need not know the epoch its leader claims).
	 */
	private static String epochSuffix(ClusterMembership membership, String role) {
		return (membership.leaderEpoch(role) > 0) ? " (epoch " + membership.leaderEpoch(role) + ")" : "";
	}

	/** The epoch of a role's leader, as JSON carries it. */
	private static int epoch(ClusterMembership membership, String role) {
		return Math.toIntExact(membership.leaderEpoch(role));
	}

	/**
	 * The node's real membership, but its event stream ends with an overflow right after the current
	 * view: the failure of a subscriber that fell more than 8192 events behind, which no small test
	 * provokes for real.
	 */
	@SuppressWarnings("unchecked")
	private static ClusterMembership overflowingAfterTheCurrentView(ClusterMembership membership) {
		return (ClusterMembership) Proxy.newProxyInstance(ClusterControllerTests.class.getClassLoader(),
				new Class<?>[] { ClusterMembership.class }, (proxy, method, args) -> {
					try {
						Object result = method.invoke(membership, args);
						if (method.getName().equals("events") && args != null && args.length == 1) {
							Flux<ClusterEvent> view = ((Flux<ClusterEvent>) result).take(5);
							return Flux.concat(view, Flux.error(new ClusterEventsOverflowException(8192)));
						}
						return result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/** The jobs as the application has them: behind the gate of the starter's auto-configuration. */
	private static ApplicationContextRunner gatedJobs(ClusterMembership membership, ConfiguredNode configured) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LeaderJobsAutoConfiguration.class))
			.withBean(ConfiguredNode.class, () -> configured)
			.withBean(RoleJobs.CertificateRenewalJob.class)
			.withBean(RoleJobs.StorePurgeJob.class)
			.withBean(RoleJobs.MetricsPushJob.class);
		return (membership != null) ? runner.withBean(ClusterMembership.class, () -> membership) : runner;
	}

	private static String describe(ServerSentEvent<Map<String, Object>> event) {
		Map<String, Object> data = event.data();
		@SuppressWarnings("unchecked")
		Map<String, Object> member = (Map<String, Object>) data.get("member");
		return data.get("type") + " " + member.get("nodeId") + " " + member.get("status")
				+ ((data.get("role") != null) ? " " + data.get("role") : "")
				+ ((data.get("epoch") != null) ? " epoch " + data.get("epoch") : "");
	}

	private WebTestClient client(ClusterMembership membership) {
		return WebTestClient
			.bindToController(new ClusterController(provider(membership), this.config, jobs(), Duration.ofSeconds(15)))
			.build();
	}

	private static ObjectProvider<ClusterMembership> provider(ClusterMembership membership) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		if (membership != null) {
			beans.registerSingleton("clusterMembership", membership);
		}
		return beans.getBeanProvider(ClusterMembership.class);
	}

	private static ObjectProvider<RoleJobs.RoleJob> jobs(RoleJobs.RoleJob... jobs) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		for (RoleJobs.RoleJob job : jobs) {
			beans.registerSingleton(job.role(), job);
		}
		return beans.getBeanProvider(RoleJobs.RoleJob.class);
	}

}
