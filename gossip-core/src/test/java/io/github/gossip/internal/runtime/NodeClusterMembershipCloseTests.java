package io.github.gossip.internal.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.internal.protocol.MemberId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The final view of a closed membership: a publication that is running on the protocol thread when
 * {@link NodeClusterMembership#close()} publishes the final view must not land after it, and a
 * stream opened after close replays that view and completes.
 */
class NodeClusterMembershipCloseTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	@Test
	void aPublicationInFlightDuringCloseDoesNotOverwriteTheFinalLeftView() throws Exception {
		HoldingClock clock = new HoldingClock();
		NodeOptions options = new NodeOptions(new MemberId("closing", 1),
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, List::of, LocalCluster.KEYRING, "",
				LocalCluster.FAST);
		NodeClusterMembership membership = new NodeClusterMembership(options, new SplittableRandom(3), clock, 16);
		try {
			membership.start();
			// The metadata change is published from the protocol thread; it is held there, mid-way
			// through building its events (the clock stamps them), while close() runs.
			clock.holdNextCallOnTheProtocolThread();
			Thread updater = new Thread(() -> membership.updateMetadata(Map.of("zone", "a")));
			updater.start();
			assertThat(clock.held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("publication held").isTrue();

			membership.close();
			assertThat(membership.localMember().status()).isEqualTo(MemberStatus.LEFT);

			clock.release.countDown();
			updater.join(DEADLINE.toMillis());
			clock.heldThread.get().join(DEADLINE.toMillis()); // the protocol thread ends after its task
			assertThat(updater.isAlive()).isFalse();
			assertThat(clock.heldThread.get().isAlive()).isFalse();
			assertThat(membership.localMember().status()).as("status after the held publication went on")
				.isEqualTo(MemberStatus.LEFT);
			assertThat(membership.localMember().metadata()).doesNotContainKey("zone");
			assertThat(membership.members()).singleElement()
				.satisfies((member) -> assertThat(member.status()).isEqualTo(MemberStatus.LEFT));
		}
		finally {
			clock.release.countDown();
			membership.close();
		}
	}

	@Test
	void aStreamOpenedAfterCloseReplaysTheFinalViewAndCompletes() {
		NodeOptions options = new NodeOptions(new MemberId("closed", 1),
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, List::of, LocalCluster.KEYRING, "",
				LocalCluster.FAST);
		NodeClusterMembership membership = new NodeClusterMembership(options, new SplittableRandom(4),
				Clock.systemUTC(), 16);
		membership.start();
		membership.close();
		StepVerifier.create(membership.events(true))
			.assertNext((event) -> {
				assertThat(event.type()).isEqualTo(ClusterEvent.Type.CURRENT);
				assertThat(event.member().status()).isEqualTo(MemberStatus.LEFT);
			})
			.expectComplete()
			.verify(DEADLINE);
		StepVerifier.create(membership.events(false)).expectComplete().verify(DEADLINE);
		StepVerifier.create(membership.leaderChanges("purge.stores"))
			.assertNext((leader) -> assertThat(leader.leader()).isEmpty())
			.expectComplete()
			.verify(DEADLINE);
	}

	/** The system clock, except that one armed call on the protocol thread waits to be released. */
	private static final class HoldingClock extends Clock {

		private final AtomicBoolean armed = new AtomicBoolean();

		final CountDownLatch held = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicReference<Thread> heldThread = new AtomicReference<>();

		void holdNextCallOnTheProtocolThread() {
			this.armed.set(true);
		}

		@Override
		public Instant instant() {
			if (Thread.currentThread().getName().startsWith("gossip-closing") && this.armed.compareAndSet(true, false)) {
				this.heldThread.set(Thread.currentThread());
				this.held.countDown();
				awaitReleaseIgnoringInterrupts(); // as a busy publication would: close() interrupts the thread
			}
			return Instant.now();
		}

		private void awaitReleaseIgnoringInterrupts() {
			boolean interrupted = false;
			while (true) {
				try {
					if (this.release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
						break;
					}
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
