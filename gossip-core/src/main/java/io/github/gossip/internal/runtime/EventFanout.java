package io.github.gossip.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;

/**
 * Hands every event to every subscriber through a bounded buffer of its own, and delivers from a
 * worker of the delivery scheduler, never from the publishing (protocol) thread: a slow or blocking
 * subscriber delays only itself. A subscriber whose buffer fills is ended with an error instead of
 * silently losing events.
 * <p>
 * Publishing and subscribing share one lock, so a subscriber that asks for the current view gets
 * exactly the view the following events apply to: no event is missed or seen twice in between.
 * Reading the view takes no lock.
 */
final class EventFanout<V> {

	private final int capacity;

	private final Function<V, List<ClusterEvent>> replay;

	private final Scheduler delivery;

	private final List<Subscriber> subscribers = new ArrayList<>();

	private volatile V view;

	private boolean completed;

	/**
	 * @param capacity undelivered events a subscriber may have (besides its replay) before it is ended
	 * @param initialView the view before the first publication
	 * @param replay turns a view into the events that describe it to a new subscriber
	 * @param delivery where subscribers receive their events
	 */
	EventFanout(int capacity, V initialView, Function<V, List<ClusterEvent>> replay, Scheduler delivery) {
		this.capacity = capacity;
		this.view = initialView;
		this.replay = replay;
		this.delivery = delivery;
	}

	/**
	 * Publishes a new view and the events that led to it. Serialized by the lock; never blocks for a
	 * subscriber, because subscribers consume on the delivery scheduler. Ignored once completed: the
	 * final view stays final.
	 */
	synchronized void publish(V newView, List<ClusterEvent> events) {
		if (this.completed) {
			return;
		}
		deliver(newView, events);
	}

	/** Makes {@code newView} the latest and hands each subscriber what its selection takes of it. */
	private void deliver(V newView, List<ClusterEvent> events) {
		this.view = newView;
		// Terminating a sink runs its doFinally, which removes it: iterate over a copy.
		for (Subscriber subscriber : List.copyOf(this.subscribers)) {
			for (ClusterEvent event : subscriber.selection.select(newView, events)) {
				Sinks.EmitResult result = subscriber.emit(event);
				if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
					this.subscribers.remove(subscriber);
					subscriber.sink.tryEmitError(new ClusterEventsOverflowException(this.capacity));
					break;
				}
				if (result.isFailure()) {
					this.subscribers.remove(subscriber); // cancelled or terminated
					break;
				}
			}
		}
	}

	/** The latest published view; no lock. */
	V view() {
		return this.view;
	}

	/** Events from now on, after the current view when {@code withCurrentView}. */
	Flux<ClusterEvent> subscribe(boolean withCurrentView) {
		return subscribe(withCurrentView ? this.replay : (v) -> List.of());
	}

	/** Events from now on, after {@code opening} applied to the view they follow. */
	Flux<ClusterEvent> subscribe(Function<V, List<ClusterEvent>> opening) {
		return subscribe(() -> new Selection<>() {

			@Override
			public List<ClusterEvent> open(V view) {
				return opening.apply(view);
			}

			@Override
			public List<ClusterEvent> select(V view, List<ClusterEvent> events) {
				return events;
			}

		});
	}

	/**
	 * What a selection, one per subscription, makes of the current view and of every later
	 * publication. Selections run under the publishing lock, so they see every view in order.
	 */
	Flux<ClusterEvent> subscribe(Supplier<Selection<V>> selections) {
		return Flux.defer(() -> {
			Subscriber subscriber;
			synchronized (this) {
				Selection<V> selection = selections.get();
				List<ClusterEvent> initial = selection.open(this.view);
				if (this.completed) {
					// the final view, on the subscriber's thread: the delivery scheduler may be gone
					return Flux.fromIterable(initial);
				}
				int limit = this.capacity + initial.size();
				subscriber = new Subscriber(Sinks.many().unicast().onBackpressureBuffer(Queues.<ClusterEvent>get(limit).get()),
						limit, selection);
				initial.forEach(subscriber.sink::tryEmitNext);
				this.subscribers.add(subscriber);
			}
			// delivery polls the sink's own queue (fused), so the limit counts every undelivered event
			return subscriber.sink.asFlux().publishOn(this.delivery, 1).doFinally((signal) -> remove(subscriber));
		});
	}

	/** Subscribers currently attached. */
	synchronized int subscriberCount() {
		return this.subscribers.size();
	}

	/** Undelivered events of the subscriber furthest behind. */
	synchronized int maxBacklog() {
		int max = 0;
		for (Subscriber subscriber : this.subscribers) {
			max = Math.max(max, subscriber.backlog());
		}
		return max;
	}

	/** Completes every stream once its buffered events are delivered; later subscribers get the final view and complete. */
	synchronized void complete() {
		complete(UnaryOperator.identity());
	}

	/**
	 * Publishes {@code finalView} of the latest view, under the lock that publications take (so none
	 * slips in between), then completes every stream once its buffered events are delivered. A
	 * subscriber that follows the views, such as a role's leader, hears of the final one. Later
	 * subscribers complete at once; later publications are ignored.
	 */
	synchronized void complete(UnaryOperator<V> finalView) {
		if (this.completed) {
			return;
		}
		deliver(finalView.apply(this.view), List.of());
		this.completed = true;
		List<Subscriber> ending = List.copyOf(this.subscribers);
		this.subscribers.clear();
		ending.forEach((subscriber) -> subscriber.sink.tryEmitComplete());
	}

	private synchronized void remove(Subscriber subscriber) {
		this.subscribers.remove(subscriber);
	}

	/**
	 * Chooses what one subscriber receives. A subscriber may follow the views rather than the
	 * events (such as the leader of one role): it then also hears of a change that came with no
	 * event, such as the final view of a stopped node.
	 */
	interface Selection<V> {

		/** The events that describe {@code view} to the new subscriber. */
		List<ClusterEvent> open(V view);

		/** The events the subscriber receives of one publication: {@code view} and its {@code events}. */
		List<ClusterEvent> select(V view, List<ClusterEvent> events);

	}

	/** One subscription: an inner class, since its selection reads views of this fanout's type. */
	private final class Subscriber {

		private final Sinks.Many<ClusterEvent> sink;

		private final int limit;

		private final Selection<V> selection;

		Subscriber(Sinks.Many<ClusterEvent> sink, int limit, Selection<V> selection) {
			this.sink = sink;
			this.limit = limit;
			this.selection = selection;
		}

		int backlog() {
			return this.sink.scanOrDefault(Scannable.Attr.BUFFERED, 0);
		}

		/** The queue rounds its size up; the documented limit is enforced here, exactly. */
		Sinks.EmitResult emit(ClusterEvent event) {
			return (backlog() >= this.limit) ? Sinks.EmitResult.FAIL_OVERFLOW : this.sink.tryEmitNext(event);
		}

	}

}
