package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fills datagrams up to the packet budget: every packet carries as many queued updates as fit
 * after its message, and a message too large for one datagram (a join response, a sync push) is
 * split into parts by {@link #split}.
 */
final class DatagramPacker {

	private final ProtocolConfig config;

	private final PacketSizer sizer;

	private final LocalIdentity identity;

	private final MemberTable table;

	private final DisseminationQueue queue;

	private final Outputs out;

	DatagramPacker(ProtocolConfig config, PacketSizer sizer, LocalIdentity identity, MemberTable table,
			DisseminationQueue queue, Outputs out) {
		this.config = config;
		this.sizer = sizer;
		this.identity = identity;
		this.table = table;
		this.queue = queue;
		this.out = out;
	}

	/**
	 * Bytes left for list items in a packet with {@code message} (its form without items) whose
	 * {@code lists} lists each need an item count.
	 */
	int budget(Message message, int lists) {
		return this.config.packetBudget() - this.sizer.baseSize(this.identity.id(), this.identity.incarnation(), message)
				- this.sizer.countOverhead() * lists;
	}

	int sizeOf(Update update) {
		return this.sizer.updateSize(update);
	}

	/** Sends {@code message} with as many queued updates as fit, {@code first} ahead of them. */
	void send(Endpoint to, Message message, Update first) {
		int budget = budget(message, 1);
		List<Update> updates = new ArrayList<>(4);
		if (first != null) {
			int size = this.sizer.updateSize(first);
			if (size <= budget) {
				updates.add(first);
				budget -= size;
			}
		}
		this.queue.take(budget, this.config.retransmitLimit(this.table.liveCount()), this.sizer, to, updates);
		this.out.send(to, new Packet(this.identity.id(), this.identity.incarnation(), message, updates));
	}

	/**
	 * Sends a gossip packet to {@code to} with as many queued updates as fit, unless none is left
	 * for it: every queued update went there already, or is its own ALIVE. An empty gossip packet
	 * would tell the peer nothing, and in a cluster smaller than the retransmit limit an update can
	 * never reach the limit (there are too few members to send it to), so it stays queued; sending
	 * anyway made every gossip round of an idle small cluster a round of empty packets.
	 * @return whether a packet was sent
	 */
	boolean sendGossip(Endpoint to) {
		List<Update> updates = new ArrayList<>(4);
		this.queue.take(budget(Message.Gossip.INSTANCE, 1), this.config.retransmitLimit(this.table.liveCount()),
				this.sizer, to, updates);
		if (updates.isEmpty()) {
			return false;
		}
		this.out.send(to, new Packet(this.identity.id(), this.identity.incarnation(), Message.Gossip.INSTANCE, updates));
		return true;
	}

	/**
	 * Splits {@code items} into consecutive parts of at most {@code budget} bytes: an item that does
	 * not fit closes the part and opens the next. Always at least one part, so an empty list gives
	 * one empty part.
	 * @throws IllegalStateException if one item alone exceeds the budget: no part could carry it.
	 * Items are single records, whose metadata is capped far below a datagram, so this is a bug.
	 */
	static <T> List<List<T>> split(int budget, List<T> items, ToIntFunction<? super T> size) {
		List<List<T>> parts = new ArrayList<>();
		List<T> part = new ArrayList<>();
		int used = 0;
		for (T item : items) {
			int s = size.applyAsInt(item);
			if (s > budget) {
				throw new IllegalStateException(
						"an item of " + s + " bytes cannot fit in a part of at most " + budget + " bytes: " + item);
			}
			if (!part.isEmpty() && used + s > budget) {
				parts.add(part);
				part = new ArrayList<>();
				used = 0;
			}
			part.add(item);
			used += s;
		}
		parts.add(part);
		return parts;
	}

}
