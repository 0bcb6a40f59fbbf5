package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Updates waiting to be piggybacked. At most one item per node id: newer news about a member
 * replaces older news, so stale states never travel once something newer is known. Items go out
 * fewest-sent first (newest first among equals) and are dropped after the retransmit limit.
 * <p>
 * An item is not sent twice to the same destination: with random targets, repeats would waste
 * part of the small retransmit budget, and in small clusters that is what lets a member miss news
 * (with L sends to distinct targets out of N, the chance that all N holders skip a member drops
 * from about e^-L to (1 - L/N)^N).
 */
final class DisseminationQueue {

	private static final class Item {

		final Update update;

		final long order;

		int transmits;

		/** Hash codes of the destinations this item went to; collisions only skip a send. */
		int[] sentTo = new int[4];

		/** The update's encoded size, once asked: a queue is packed by one sizer, whose sizes never change. */
		int size = -1;

		Item(Update update, long order) {
			this.update = update;
			this.order = order;
		}

		int size(PacketSizer sizer) {
			if (this.size < 0) {
				// every packet walks the queue: sizing each item afresh for each packet showed in the
				// profile of a mass join
				this.size = sizer.updateSize(this.update);
			}
			return this.size;
		}

		boolean sentTo(int dest) {
			for (int i = 0; i < this.transmits; i++) {
				if (this.sentTo[i] == dest) {
					return true;
				}
			}
			return false;
		}

		void markSent(int dest) {
			if (this.transmits == this.sentTo.length) {
				this.sentTo = java.util.Arrays.copyOf(this.sentTo, this.transmits * 2);
			}
			this.sentTo[this.transmits++] = dest;
		}

	}

	private static final Comparator<Item> PRIORITY = Comparator.<Item>comparingInt((i) -> i.transmits)
		.thenComparing((i) -> -i.order);

	private final Map<String, Item> byNode = new HashMap<>();

	private final TreeSet<Item> ordered = new TreeSet<>(PRIORITY);

	private long counter;

	void add(Update update) {
		Item old = this.byNode.remove(update.member().nodeId());
		if (old != null) {
			this.ordered.remove(old);
		}
		Item item = new Item(update, ++this.counter);
		this.byNode.put(update.member().nodeId(), item);
		this.ordered.add(item);
	}

	boolean isEmpty() {
		return this.byNode.isEmpty();
	}

	int size() {
		return this.byNode.size();
	}

	/**
	 * Takes the highest-priority updates that fit in {@code budget} bytes, counting one transmission
	 * for each and dropping those that reached {@code limit}.
	 */
	List<Update> take(int budget, int limit, PacketSizer sizer, Object destination, List<Update> into) {
		int dest = destination.hashCode();
		if (this.ordered.isEmpty() || budget < 8) {
			return into;
		}
		List<Item> taken = new ArrayList<>();
		int left = budget;
		for (Item item : this.ordered) {
			if (item.sentTo(dest) || (item.update.state() == MemberState.ALIVE && item.update.endpoint().equals(destination))) {
				// a member needs no news of its own liveness; spend the send on someone else
				continue;
			}
			int size = item.size(sizer);
			if (size <= left) {
				taken.add(item);
				left -= size;
				if (left < 16) {
					break;
				}
			}
		}
		for (Item item : taken) {
			this.ordered.remove(item);
			item.markSent(dest);
			if (item.transmits >= limit) {
				this.byNode.remove(item.update.member().nodeId());
			}
			else {
				this.ordered.add(item);
			}
			into.add(item.update);
		}
		return into;
	}

}
