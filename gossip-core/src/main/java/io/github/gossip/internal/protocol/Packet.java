package io.github.gossip.internal.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What travels in one datagram before sealing: sender, one primary message, piggybacked news.
 * {@code senderIncarnation} makes every packet a small proof of life: a node that missed the news
 * of a member learns it the first time that member probes it, which bounds convergence without
 * relying on gossip alone.
 */
public record Packet(MemberId sender, long senderIncarnation, Message message, List<Update> updates) {

	public Packet {
		Objects.requireNonNull(sender, "sender");
		if (senderIncarnation < 0) {
			throw new IllegalArgumentException("incarnation must be >= 0");
		}
		Objects.requireNonNull(message, "message");
		updates = List.copyOf(updates);
	}
}
