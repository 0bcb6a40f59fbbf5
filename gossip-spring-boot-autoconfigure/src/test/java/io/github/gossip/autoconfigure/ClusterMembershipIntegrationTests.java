package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEvent.Type;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.autoconfigure.ClusterMembershipEvent;
import io.github.gossip.membership.MemberStatus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring applications in one JVM form a cluster over loopback; the membership reaches each
 * application as a {@code Flux} and as application events, in the same order.
 */
class ClusterMembershipIntegrationTests {

	private static final String ROLE = "acme.renew";

	@Test
	void fluxAndApplicationEventsSeeJoinFailureLeaveAndLeaderChangesInOrder() {
		try (ClusterNodes nodes = new ClusterNodes(3, RecordingApplication.class, "--cluster.roles.acme.renew=2,3")) {
			ConfigurableApplicationContext first = nodes.start(1);
			ClusterMembership membership = ClusterNodes.membership(first);
			ConfigurableApplicationContext[] others = new ConfigurableApplicationContext[3];
			Predicate<ClusterEvent> relevant = (event) -> switch (event.type()) {
				case JOINED, FAILED, LEFT -> true;
				case LEADER_CHANGED -> ROLE.equals(event.role());
				default -> false;
			};
			Flux<ClusterEvent> changes = membership.events().filter(relevant);
			StepVerifier.create(changes)
				.then(() -> others[1] = nodes.start(2))
				.assertNext((event) -> assertEvent(event, Type.JOINED, "2"))
				.assertNext((event) -> assertLeader(event, "2"))
				.then(() -> others[2] = nodes.start(3))
				.assertNext((event) -> assertEvent(event, Type.JOINED, "3"))
				.then(() -> ClusterNodes.crash(others[1]))
				.assertNext((event) -> assertEvent(event, Type.FAILED, "2"))
				.assertNext((event) -> assertLeader(event, "3"))
				.then(() -> others[2].close())
				.assertNext((event) -> assertEvent(event, Type.LEFT, "3"))
				.assertNext((event) -> assertThat(event.member()).as("no live member holds the role").isNull())
				.thenCancel()
				.verify(Duration.ofSeconds(120));

			// application events follow on their own thread: wait for the last one
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<ClusterEvent> published = first.getBean(Recorder.class).events().stream().filter(relevant).toList();
				assertThat(published).extracting(ClusterEvent::type)
					.containsExactly(Type.JOINED, Type.LEADER_CHANGED, Type.JOINED, Type.FAILED, Type.LEADER_CHANGED,
							Type.LEFT, Type.LEADER_CHANGED);
				assertThat(published).extracting((event) -> (event.member() != null) ? event.member().nodeId() : null)
					.containsExactly("2", "2", "3", "2", "3", "3", null);
			});
			assertThat(first.getBean(Recorder.class).threads()).allMatch((name) -> name.startsWith("gossip-events"));
		}
	}

	@Test
	void currentViewComesFirstAndMembersCarryTheirRoles() {
		try (ClusterNodes nodes = new ClusterNodes(2, RecordingApplication.class, "--cluster.roles.acme.renew=2")) {
			ClusterMembership first = ClusterNodes.membership(nodes.start(1));
			nodes.start(2);
			await().atMost(Duration.ofSeconds(30)).until(() -> first.member("2").map(ClusterMember::status)
				.filter(MemberStatus.ALIVE::equals).isPresent());
			await().atMost(Duration.ofSeconds(30)).until(() -> first.leader(ROLE).isPresent());

			List<ClusterEvent> replay = first.events(true).take(Duration.ofSeconds(1)).collectList().block();
			assertThat(replay).filteredOn((event) -> event.type() == Type.CURRENT)
				.extracting((event) -> event.member().nodeId())
				.containsExactly("1", "2");
			assertThat(replay).filteredOn((event) -> event.type() == Type.LEADER_CHANGED && ROLE.equals(event.role()))
				.extracting((event) -> event.member().nodeId())
				.containsExactly("2");
			ClusterMember second = first.member("2").orElseThrow();
			assertThat(second.roles()).contains(ROLE, "purge.stores");
			assertThat(first.localMember().roles()).doesNotContain(ROLE).contains("purge.stores");
			assertThat(first.isLeader("purge.stores")).isTrue();
			assertThat(first.isLeader(ROLE)).isFalse();
			assertThat(first.runIfLeader(ROLE, () -> {
				throw new AssertionError("must not run on a node that does not lead the role");
			})).isFalse();
		}
	}

	@Test
	void metadataChangesReachTheOtherMembers() {
		try (ClusterNodes nodes = new ClusterNodes(2, RecordingApplication.class)) {
			ClusterMembership first = ClusterNodes.membership(nodes.start(1));
			ClusterMembership second = ClusterNodes.membership(nodes.start(2));
			await().atMost(Duration.ofSeconds(30)).until(() -> first.member("2").isPresent());
			second.updateMetadata(java.util.Map.of("zone", "eu-west-1a"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "eu-west-1a".equals(first.member("2").orElseThrow().metadata().get("zone")));
			assertThat(second.localMember().metadata()).containsEntry("zone", "eu-west-1a");
		}
	}

	@Test
	void aListenerThatBlocksDoesNotDelayFailureDetection() throws InterruptedException {
		try (ClusterNodes nodes = new ClusterNodes(3, BlockingListenerApplication.class)) {
			ConfigurableApplicationContext first = nodes.start(1);
			ClusterMembership membership = ClusterNodes.membership(first);
			BlockingListener listener = first.getBean(BlockingListener.class);
			try {
				nodes.start(2);
				ConfigurableApplicationContext third = nodes.start(3);
				await().atMost(Duration.ofSeconds(30)).until(() -> membership.members().size() == 3);
				assertThat(listener.entered.await(30, TimeUnit.SECONDS)).isTrue();
				ClusterNodes.crash(third);
				// The listener is still stuck on its first event; detection must not wait for it.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> membership.member("3").map(ClusterMember::status).orElseThrow() == MemberStatus.FAILED);
				assertThat(listener.handled).isZero();
				assertThat(membership.member("2").orElseThrow().status()).isEqualTo(MemberStatus.ALIVE);
			}
			finally {
				listener.release.countDown();
			}
		}
	}

	private static void assertEvent(ClusterEvent event, Type type, String nodeId) {
		assertThat(event.type()).as(event.toString()).isEqualTo(type);
		assertThat(event.member().nodeId()).as(event.toString()).isEqualTo(nodeId);
	}

	private static void assertLeader(ClusterEvent event, String nodeId) {
		assertThat(event.type()).as(event.toString()).isEqualTo(Type.LEADER_CHANGED);
		assertThat(event.role()).isEqualTo(ROLE);
		assertThat(event.member()).as(event.toString()).isNotNull();
		assertThat(event.member().nodeId()).as(event.toString()).isEqualTo(nodeId);
	}

	@Test
	void everyRoleHasOneLeaderAlsoWhileTheMembersRoleConfigurationsDiffer() {
		// nodes 1 and 3 run the new configuration, reports.daily: [2]; node 2 still runs one that
		// names no reports.daily. No configuration names reports.weekly.
		try (ClusterNodes nodes = new ClusterNodes(3, DailyReportApplication.class)) {
			List<ConfigurableApplicationContext> contexts = List.of(nodes.start(1, "--cluster.roles.reports.daily=2"),
					nodes.start(2), nodes.start(3, "--cluster.roles.reports.daily=2"));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConfigurableApplicationContext context : contexts) {
					ClusterMembership membership = ClusterNodes.membership(context);
					assertThat(membership.members()).filteredOn((m) -> m.status() == MemberStatus.ALIVE).hasSize(3);
					assertThat(membership.leader("reports.daily")).map(ClusterMember::nodeId).hasValue("2");
					assertThat(membership.leader("reports.weekly")).map(ClusterMember::nodeId).hasValue("1");
				}
			});
			List<String> daily = new ArrayList<>();
			List<String> weekly = new ArrayList<>();
			for (ConfigurableApplicationContext context : contexts) {
				ClusterMembership membership = ClusterNodes.membership(context);
				String self = membership.localMember().nodeId();
				// the job bean exists where the role is held, and runs where the role is led
				context.getBeanProvider(DailyReport.class).ifAvailable((job) -> {
					if (job.run()) {
						daily.add(self);
					}
				});
				if (membership.runIfLeader("reports.weekly", () -> weekly.add(self))) {
					assertThat(membership.isLeader("reports.weekly")).isTrue();
				}
			}
			assertThat(daily).as("nodes that ran reports.daily").containsExactly("2");
			assertThat(weekly).as("nodes that ran reports.weekly").containsExactly("1");
			assertThat(contexts).extracting((context) -> context.getBeanProvider(DailyReport.class).getIfAvailable() != null)
				.containsExactly(false, true, false);
			ClusterMembership second = ClusterNodes.membership(contexts.get(1));
			assertThat(second.member("1").orElseThrow().excludedRoles()).contains("reports.daily");
			assertThat(second.member("1").orElseThrow().hasRole("reports.daily")).isFalse();
			assertThat(second.localMember().hasRole("reports.daily")).isTrue();
			assertThat(second.leaders()).containsKey("reports.daily").doesNotContainKey("reports.weekly");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DailyReportApplication {

		@Bean
		@ConditionalOnRole("reports.daily")
		DailyReport dailyReport(ClusterMembership membership) {
			return new DailyReport(membership);
		}

	}

	/** A job that must run once per cluster, shaped as the README shows it. */
	record DailyReport(ClusterMembership membership) {

		boolean run() {
			return this.membership.runIfLeader("reports.daily", () -> {
			});
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RecordingApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		private final List<ClusterEvent> events = Collections.synchronizedList(new ArrayList<>());

		private final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@EventListener
		void on(ClusterMembershipEvent event) {
			this.events.add(event.getEvent());
			this.threads.add(Thread.currentThread().getName());
		}

		List<ClusterEvent> events() {
			return List.copyOf(this.events);
		}

		Set<String> threads() {
			return this.threads;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BlockingListenerApplication {

		@Bean
		BlockingListener blockingListener() {
			return new BlockingListener();
		}

	}

	static class BlockingListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile int handled;

		@EventListener
		void on(ClusterMembershipEvent event) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
			this.handled++;
		}

	}

}
