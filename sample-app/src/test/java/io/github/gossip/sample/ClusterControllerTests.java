package io.github.gossip.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.jobs.LeaderJobsAutoConfiguration;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.github.gossip.sample.FakeClusterMembership.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ClusterControllerTests {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE = new ParameterizedTypeReference<>() {
	};

	private final ConfiguredNode config = ConfiguredNode.of("1",
			Map.of("acme.renew", List.of("1"), "purge.stores", List.of()));

	private final FakeClusterMembership cluster = new FakeClusterMembership("1")
		.with(member("10", MemberStatus.SUSPECT, false, "purge.stores"))
		.with(member("2", MemberStatus.ALIVE, false, "purge.stores"))
		.with(member("1", MemberStatus.ALIVE, true, "acme.renew", "purge.stores"))
		.leading("purge.stores", "1")
		.leading("acme.renew", "2")
		.leading("acme.renew", "1");

	@Test
	void snapshotListsMembersInNodeIdOrderWithStatesRolesAndLeaders() {
		client(this.cluster).get()
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
			.jsonPath("$.members[1].address").isEqualTo("127.0.0.1:11791")
			.jsonPath("$.leaders['purge.stores']").isEqualTo("1")
			.jsonPath("$.leaders['acme.renew']").isEqualTo("1")
			.jsonPath("$.epochs['purge.stores']").isEqualTo(1)
			.jsonPath("$.epochs['acme.renew']").isEqualTo(2);
	}

	@Test
	void summaryIsOneLineForScripts() {
		String summary = client(this.cluster).get()
			.uri("/api/cluster/summary")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(summary).isEqualTo(
				"node 1 | members: 1 ALIVE, 2 ALIVE, 10 SUSPECT | leaders: acme.renew=1 (epoch 2) purge.stores=1 (epoch 1) | "
						+ "jobs: \n");
	}

	@Test
	void summarySaysWhenNoRoleHasALeader() {
		FakeClusterMembership alone = new FakeClusterMembership("1").with(member("1", MemberStatus.ALIVE, true));
		client(alone).get()
			.uri("/api/cluster/summary")
			.exchange()
			.expectBody(String.class)
			.isEqualTo("node 1 | members: 1 ALIVE | leaders: none | jobs: \n");
	}

	@Test
	void eventsStartWithTheCurrentViewThenFollowChanges() {
		Flux<ServerSentEvent<Map<String, Object>>> events = client(this.cluster).get()
			.uri("/api/cluster/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(SSE)
			.getResponseBody();
		StepVerifier.create(events.map(ClusterControllerTests::describe))
			.expectNext("CURRENT 10 SUSPECT", "CURRENT 2 ALIVE", "CURRENT 1 ALIVE",
					"LEADER_CHANGED 1 ALIVE purge.stores epoch 1", "LEADER_CHANGED 1 ALIVE acme.renew epoch 2")
			.then(() -> this.cluster.emit(ClusterEvent.Type.FAILED, member("10", MemberStatus.FAILED, false)))
			.expectNext("FAILED 10 FAILED")
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eventsEndWhenTheSubscriberFellBehindSoThatTheBrowserReconnects() {
		Flux<ServerSentEvent<Map<String, Object>>> events = client(this.cluster).get()
			.uri("/api/cluster/events")
			.exchange()
			.returnResult(SSE)
			.getResponseBody();
		StepVerifier.create(events.filter((event) -> event.data() != null).map(ClusterControllerTests::describe))
			.expectNextCount(5)
			.then(this.cluster::overflow)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void idleEventStreamSendsKeepAliveComments() {
		WebTestClient client = WebTestClient
			.bindToController(new ClusterController(provider(this.cluster), this.config, jobs(), Duration.ofMillis(100)))
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
		FakeClusterMembership follower = new FakeClusterMembership("2").with(member("1", MemberStatus.ALIVE, false, "acme.renew"))
			.with(member("2", MemberStatus.ALIVE, true, "acme.renew", "purge.stores"))
			.leading("acme.renew", "1");
		ConfiguredNode config2 = ConfiguredNode.of("2", Map.of());
		gatedJobs(follower, config2).run((context) -> {
			RoleJobs.RoleJob renew = context.getBean(RoleJobs.CertificateRenewalJob.class);
			RoleJobs.RoleJob purge = context.getBean(RoleJobs.StorePurgeJob.class);
			renew.run();
			purge.run();
			assertThat(renew.runs()).isZero();
			assertThat(purge.runs()).isOne();
			WebTestClient.bindToController(new ClusterController(provider(follower), config2, jobs(renew, purge), Duration.ofSeconds(15)))
				.build()
				.get()
				.uri("/api/cluster/summary")
				.exchange()
				.expectBody(String.class)
				.isEqualTo("node 2 | members: 1 ALIVE, 2 ALIVE | leaders: acme.renew=1 (epoch 1) | jobs: acme.renew(standby) "
						+ "purge.stores\n");
			follower.leading("acme.renew", "2");
			renew.run();
			assertThat(renew.runs()).isOne();
			assertThat(renew.active()).isTrue();
		});
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
		// a job called without its proxy, as a refactoring could: the work must not happen
		RoleJobs.RoleJob renew = new RoleJobs.CertificateRenewalJob(this.config, provider(this.cluster));
		assertThatIllegalStateException().isThrownBy(renew::run).withMessageContaining("Not inside a @LeaderOnly call");
		assertThat(renew.runs()).isZero();
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
