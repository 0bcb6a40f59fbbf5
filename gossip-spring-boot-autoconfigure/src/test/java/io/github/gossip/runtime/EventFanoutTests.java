package io.github.gossip.runtime;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEvent.Type;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;

import static org.assertj.core.api.Assertions.assertThat;

class EventFanoutTests {

	private final EventFanout<List<String>> fanout = new EventFanout<>(4, List.of("1"), EventFanoutTests::replay);

	@Test
	void subscriberSeesEventsInOrderFromSubscriptionOn() {
		this.fanout.publish(List.of("1", "2"), List.of(event(Type.JOINED, "2")));
		StepVerifier.create(this.fanout.subscribe(false))
			.then(() -> this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.JOINED, "3"))))
			.then(() -> this.fanout.publish(List.of("1", "2", "3"), List.of(event(Type.FAILED, "2"))))
			.assertNext((e) -> assertThat(e.type()).isEqualTo(Type.JOINED))
			.assertNext((e) -> assertThat(e.type()).isEqualTo(Type.FAILED))
			.then(this.fanout::complete)
			.verifyComplete();
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
			.verify();
	}

	@Test
	void aSlowSubscriberIsEndedLoudlyWithoutSlowingTheOthers() {
		List<ClusterEvent> fast = new ArrayList<>();
		this.fanout.subscribe(false).subscribe(fast::add);
		StepVerifier.create(this.fanout.subscribe(false), 0)
			.then(() -> {
				for (int i = 0; i < 5; i++) {
					this.fanout.publish(List.of("1"), List.of(event(Type.UPDATED, "1")));
				}
			})
			.thenRequest(10)
			.expectNextCount(4)
			.expectError(ClusterEventsOverflowException.class)
			.verify();
		assertThat(fast).hasSize(5);
		assertThat(this.fanout.subscriberCount()).isEqualTo(1);
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
