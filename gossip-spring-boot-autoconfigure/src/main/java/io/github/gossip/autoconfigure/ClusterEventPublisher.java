package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.autoconfigure.ClusterMembershipEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Logs every membership event and publishes it as a {@link ClusterMembershipEvent}, in order, on a
 * thread of its own ({@code gossip-events}): a slow {@code @EventListener} delays later events, never
 * the protocol. Subscribes before the node starts and stops after it, so no event is missed. On the
 * test kit's virtual time it serves listeners at once instead, on the thread that advances the time,
 * so that once an advance returns every listener has run.
 */
final class ClusterEventPublisher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ClusterEventPublisher.class);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private final ClusterMembership membership;

	private final ApplicationEventPublisher publisher;

	private final Supplier<Scheduler> schedulers;

	private final Object monitor = new Object();

	/** Guarded by {@link #monitor}, like the fields below. */
	private boolean running;

	private Scheduler scheduler;

	private Disposable subscription;

	private CountDownLatch drained;

	private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();

	ClusterEventPublisher(ClusterMembership membership, ApplicationEventPublisher publisher) {
		this(membership, publisher, ClusterEventPublisher::ownThread);
	}

	/** @param schedulers makes the scheduler listeners are served on, at each start */
	ClusterEventPublisher(ClusterMembership membership, ApplicationEventPublisher publisher,
			Supplier<Scheduler> schedulers) {
		this.membership = membership;
		this.publisher = publisher;
		this.schedulers = schedulers;
	}

	/** The thread listeners are served on in production. */
	static Scheduler ownThread() {
		return Schedulers.newSingle("gossip-events", true);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.scheduler = this.schedulers.get();
			subscribe(false);
		}
	}

	/** Caller holds the monitor. */
	private void subscribe(boolean withCurrentView) {
		CountDownLatch done = new CountDownLatch(1);
		this.drained = done;
		// the membership already delivers off the protocol thread; this hop gives listeners one named thread
		this.subscription = this.membership.events(withCurrentView)
			.publishOn(this.scheduler, 1)
			.subscribe(this::deliver, (error) -> {
				done.countDown();
				resubscribeAfter(error);
			}, done::countDown);
	}

	private void resubscribeAfter(Throwable error) {
		if (!(error instanceof ClusterEventsOverflowException)) {
			logger.error("Cluster event delivery failed", error);
			return;
		}
		logger.error("Application event listeners fell behind the cluster: events were lost. "
				+ "Continuing from the current view (CURRENT events). Keep @EventListener methods short.");
		synchronized (this.monitor) {
			if (this.running) {
				subscribe(true);
			}
		}
	}

	private void deliver(ClusterEvent event) {
		this.delivered.incrementAndGet();
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
		CountDownLatch done;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			done = this.drained;
		}
		// The node stopped first (higher phase); its stream completes once the rest is delivered.
		boolean complete = false;
		try {
			complete = done.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!complete) {
			logger.warn("Application event listeners did not take the last membership events within " + DRAIN_TIMEOUT
					+ "; " + this.delivered.get() + " events were published in all, the rest are dropped at shutdown");
		}
		synchronized (this.monitor) {
			this.subscription.dispose();
			this.scheduler.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.running;
		}
	}

	/** Follows the node, which runs once; a context pause must not stop the bridge. */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return GossipLifecycle.PHASE - 1;
	}

}
