package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEvent.Type;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventFanoutTests {

	private final Scheduler delivery = Schedulers.newBoundedElastic(4, 1000, "test-subscribers");

	private final EventFanout<List<String>> fanout = new EventFanout<>(4, List.of("1"), EventFanoutTests::replay,
			this.delivery);

	@AfterEach
	void disposeScheduler() {
		this.delivery.dispose();
	}

	@Test
	void subscriberSeesEventsInOrderFromSubscriptionOn() {
		this.fanout.publish(List.of("1", "2"), List.of(event(Type.JOINED, "2")));
		StepVerifier.create(this.fanout.subscribe(false))
			.then(() -> this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.JOINED, "3"))))
			.then(() -> this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.FAILED, "2"))))
			.assertNext((e) -> assertThat(e.type()).isEqualTo(Type.JOINED))
			.assertNext((e) -> assertThat(e.type()).isEqualTo(Type.FAILED))
			.then(this.fanout::complete)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void currentViewComesFirstWithNoGapAndNoOverlap() {
		this.fanout.publish(List.of("1", "2"), List.of(event(Type.JOINED, "2")));
		StepVerifier.create(this.fanout.subscribe(true))
			.then(() -> this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.JOINED, "3"))))
			.assertNext((e) -> assertCurrent(e, "1"))
			.assertNext((e) -> assertCurrent(e, "2"))
			.assertNext((e) -> assertThat(e.member().nodeId()).isEqualTo("3"))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aSlowSubscriberIsEndedLoudlyWithoutSlowingTheOthers() {
		List<ClusterEvent> fast = new CopyOnWriteArrayList<>();
		this.fanout.subscribe(false).subscribe(fast::add);
		// delivery polls the subscriber's own queue (fused), so exactly four undelivered events fit
		StepVerifier.create(this.fanout.subscribe(false), 0)
			.then(() -> {
				for (int i = 1; i <= 5; i++) {
					this.fanout.publish(List.of("1"), List.of(event(Type.UPDATED, "1")));
					// the other subscriber keeps up: it has each event before the next is published
					int delivered = i;
					await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() == delivered);
				}
			})
			.thenRequest(10)
			.expectNextCount(4)
			.expectError(ClusterEventsOverflowException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(fast).hasSize(5);
		assertThat(this.fanout.subscriberCount()).isEqualTo(1);
	}

	@Test
	void aBlockingSubscriberNeitherBlocksThePublisherNorTheOthers() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		Thread publisher = Thread.currentThread();
		List<String> threads = new CopyOnWriteArrayList<>();
		this.fanout.subscribe(false).subscribe((event) -> {
			threads.add(Thread.currentThread().getName());
			blocked.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		List<ClusterEvent> other = new CopyOnWriteArrayList<>();
		this.fanout.subscribe(false).subscribe(other::add);
		try {
			for (int i = 0; i < 3; i++) {
				this.fanout.publish(List.of("1"), List.of(event(Type.UPDATED, "1")));
			}
			assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> other.size() == 3);
			assertThat(this.fanout.view()).containsExactly("1");
			assertThat(this.fanout.maxBacklog()).isEqualTo(2);
			assertThat(threads).noneMatch((name) -> name.equals(publisher.getName()));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void cancelledSubscribersAreForgotten() {
		StepVerifier.create(this.fanout.subscribe(false)).thenCancel().verify();
		assertThat(this.fanout.subscriberCount()).isZero();
	}

	@Test
	void subscribingAfterCompletionCompletesAtOnceAfterTheView() {
		this.fanout.complete();
		StepVerifier.create(this.fanout.subscribe(true)).expectNextCount(1).verifyComplete();
	}

	@Test
	void theFinalViewIsMadeFromTheLatestAndNoLaterPublicationReplacesIt() {
		this.fanout.publish(List.of("1", "2"), List.of(event(Type.JOINED, "2")));
		this.fanout.complete((last) -> List.of(last.get(0) + " left"));
		this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.JOINED, "3")));
		assertThat(this.fanout.view()).containsExactly("1 left");
		StepVerifier.create(this.fanout.subscribe(true))
			.assertNext((e) -> assertCurrent(e, "1 left"))
			.verifyComplete();
	}

	private static void assertCurrent(ClusterEvent event, String nodeId) {
		assertThat(event.type()).isEqualTo(Type.CURRENT);
		assertThat(event.member().nodeId()).isEqualTo(nodeId);
	}

	private static List<ClusterEvent> replay(List<String> view) {
		return view.stream().map((id) -> event(Type.CURRENT, id)).toList();
	}

	private static ClusterEvent event(Type type, String nodeId) {
		ClusterMember member = new ClusterMember(nodeId, new InetSocketAddress("127.0.0.1", 1179), MemberStatus.ALIVE, 0,
				Set.of(), Map.of(), false);
		return new ClusterEvent(type, member, null, Instant.EPOCH);
	}

}
