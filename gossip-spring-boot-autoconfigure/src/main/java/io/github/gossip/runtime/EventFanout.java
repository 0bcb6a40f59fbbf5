package io.github.gossip.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;

/**
 * Hands every event to every subscriber through a bounded buffer of its own, so that a slow
 * subscriber neither slows the others nor the publisher. A subscriber whose buffer fills is ended
 * with an error instead of silently losing events.
 * <p>
 * Publishing and subscribing share one lock, so a subscriber that asks for the current view gets
 * exactly the view the following events apply to: no event is missed or seen twice in between.
 */
final class EventFanout<V> {

	private final int capacity;

	private final Function<V, List<ClusterEvent>> replay;

	private final List<Sinks.Many<ClusterEvent>> subscribers = new ArrayList<>();

	private V view;

	private boolean completed;

	/**
	 * @param capacity undelivered events a subscriber may have before it is ended
	 * @param initialView the view before the first publication
	 * @param replay turns a view into the events that describe it to a new subscriber
	 */
	EventFanout(int capacity, V initialView, Function<V, List<ClusterEvent>> replay) {
		this.capacity = capacity;
		this.view = initialView;
		this.replay = replay;
	}

	/** Called by one thread at a time (the protocol thread); never blocks for a subscriber. */
	synchronized void publish(V newView, List<ClusterEvent> events) {
		this.view = newView;
		if (events.isEmpty()) {
			return;
		}
		// Terminating a sink runs its doFinally, which removes it: iterate over a copy.
		for (Sinks.Many<ClusterEvent> sink : List.copyOf(this.subscribers)) {
			for (ClusterEvent event : events) {
				// The queue rounds its size up; the documented capacity is enforced here, exactly.
				boolean full = sink.scanOrDefault(Scannable.Attr.BUFFERED, 0) >= this.capacity;
				Sinks.EmitResult result = full ? Sinks.EmitResult.FAIL_OVERFLOW : sink.tryEmitNext(event);
				if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
					this.subscribers.remove(sink);
					sink.tryEmitError(new ClusterEventsOverflowException(this.capacity));
					break;
				}
				if (result.isFailure()) {
					this.subscribers.remove(sink); // cancelled or terminated
					break;
				}
			}
		}
	}

	synchronized V view() {
		return this.view;
	}

	Flux<ClusterEvent> subscribe(boolean withCurrentView) {
		return Flux.defer(() -> {
			Sinks.Many<ClusterEvent> sink;
			synchronized (this) {
				List<ClusterEvent> initial = withCurrentView ? this.replay.apply(this.view) : List.of();
				sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<ClusterEvent>get(this.capacity + initial.size()).get());
				initial.forEach(sink::tryEmitNext);
				if (this.completed) {
					sink.tryEmitComplete();
				}
				else {
					this.subscribers.add(sink);
				}
			}
			return sink.asFlux().doFinally((signal) -> remove(sink));
		});
	}

	/** Subscribers currently attached. */
	synchronized int subscriberCount() {
		return this.subscribers.size();
	}

	/** Undelivered events of the subscriber furthest behind. */
	synchronized int maxBacklog() {
		int max = 0;
		for (Sinks.Many<ClusterEvent> sink : this.subscribers) {
			max = Math.max(max, sink.scanOrDefault(Scannable.Attr.BUFFERED, 0));
		}
		return max;
	}

	synchronized void complete() {
		this.completed = true;
		List<Sinks.Many<ClusterEvent>> ending = List.copyOf(this.subscribers);
		this.subscribers.clear();
		ending.forEach(Sinks.Many::tryEmitComplete);
	}

	private synchronized void remove(Sinks.Many<ClusterEvent> sink) {
		this.subscribers.remove(sink);
	}
}
