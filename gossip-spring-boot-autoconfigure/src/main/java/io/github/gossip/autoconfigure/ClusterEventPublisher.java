package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.ClusterMembershipEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Logs every membership event and publishes it as a {@link ClusterMembershipEvent}, in order, on a
 * thread of its own ({@code gossip-events}): a slow {@code @EventListener} delays later events, never
 * the protocol. Subscribes before the node starts and stops after it, so no event is missed.
 */
final class ClusterEventPublisher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ClusterEventPublisher.class);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private final ClusterMembership membership;

	private final ApplicationEventPublisher publisher;

	private volatile Scheduler scheduler;

	private volatile Disposable subscription;

	private volatile CountDownLatch drained;

	ClusterEventPublisher(ClusterMembership membership, ApplicationEventPublisher publisher) {
		this.membership = membership;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		this.scheduler = Schedulers.newSingle("gossip-events", true);
		subscribe(false);
	}

	private void subscribe(boolean withCurrentView) {
		CountDownLatch done = new CountDownLatch(1);
		this.drained = done;
		this.subscription = this.membership.events(withCurrentView)
			.publishOn(this.scheduler, 32)
			.subscribe(this::deliver, (error) -> {
				done.countDown();
				if (error instanceof ClusterEventsOverflowException) {
					logger.error("Application event listeners fell behind the cluster: events were lost. "
							+ "Continuing from the current view (CURRENT events). Keep @EventListener methods short.");
					if (isRunning()) {
						subscribe(true);
					}
				}
				else {
					logger.error("Cluster event delivery failed", error);
				}
			}, done::countDown);
	}

	private void deliver(ClusterEvent event) {
		log(event);
		try {
			this.publisher.publishEvent(new ClusterMembershipEvent(this.membership, event));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of " + event.type() + " failed; later events are still delivered", ex);
		}
	}

	private static void log(ClusterEvent event) {
		if (event.type() == ClusterEvent.Type.CURRENT) {
			return;
		}
		ClusterMember member = event.member();
		if (event.type() == ClusterEvent.Type.LEADER_CHANGED) {
			logger.info("Role " + event.role() + ": leader is now "
					+ ((member != null) ? "node " + member.nodeId() + (member.local() ? " (this node)" : "") : "nobody"));
		}
		else if (logger.isInfoEnabled()) {
			logger.info("Member " + member.nodeId() + " at " + member.address() + ": " + event.type());
		}
	}

	@Override
	public void stop() {
		Disposable running = this.subscription;
		this.subscription = null;
		if (running == null) {
			return;
		}
		// The node stopped first (higher phase); its stream completes once delivered.
		try {
			this.drained.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		running.dispose();
		this.scheduler.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

	@Override
	public int getPhase() {
		return GossipLifecycle.PHASE - 1;
	}

}
