package io.github.gossip.internal.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.gossip.internal.crypto.DropReason;

/**
 * Counters of a transport, safe to read from any thread. Drops are counted by a small fixed set of
 * reasons so that they can be metric tags.
 */
public final class TransportStats {

	private final LongAdder datagramsIn = new LongAdder();

	private final LongAdder datagramsOut = new LongAdder();

	private final LongAdder bytesIn = new LongAdder();

	private final LongAdder bytesOut = new LongAdder();

	private final LongAdder sendsRejected = new LongAdder();

	private final LongAdder unknownMessages = new LongAdder();

	private final LongAdder portChecksSent = new LongAdder();

	private final LongAdder portsFoundClosed = new LongAdder();

	private final LongAdder portChecksReceived = new LongAdder();

	private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

	public TransportStats() {
		for (DropReason reason : DropReason.values()) {
			this.drops.put(reason, new LongAdder());
		}
	}

	void received(int bytes) {
		this.datagramsIn.increment();
		this.bytesIn.add(bytes);
	}

	void sent(int bytes) {
		this.datagramsOut.increment();
		this.bytesOut.add(bytes);
	}

	void sendRejected() {
		this.sendsRejected.increment();
	}

	void portCheckSent() {
		this.portChecksSent.increment();
	}

	void portFoundClosed() {
		this.portsFoundClosed.increment();
	}

	void portCheckReceived() {
		this.portChecksReceived.increment();
	}

	/** {@linkplain Transport#checkPort Port checks} sent. */
	public long portChecksSent() {
		return this.portChecksSent.sum();
	}

	/** Port checks the checked host refused: nothing was bound there. */
	public long portsFoundClosed() {
		return this.portsFoundClosed.sum();
	}

	/** Port checks of peers that reached this transport, and were ignored as they should be. */
	public long portChecksReceived() {
		return this.portChecksReceived.sum();
	}

	/** Counts a dropped datagram; also used by the layer above for payloads that fail to decode. */
	public void dropped(DropReason reason) {
		this.drops.get(reason).increment();
	}

	/**
	 * Counts a message of a type this build does not know, from a peer of a later release: the
	 * message is skipped, the updates of its packet are taken.
	 */
	public void skippedUnknownMessage() {
		this.unknownMessages.increment();
	}

	/** Messages of types this build does not know, skipped. */
	public long unknownMessages() {
		return this.unknownMessages.sum();
	}

	/** Datagrams received, dropped or not. */
	public long datagramsIn() {
		return this.datagramsIn.sum();
	}

	/** Datagrams handed to the socket. */
	public long datagramsOut() {
		return this.datagramsOut.sum();
	}

	/** Bytes received (UDP payload). */
	public long bytesIn() {
		return this.bytesIn.sum();
	}

	/** Bytes sent (UDP payload). */
	public long bytesOut() {
		return this.bytesOut.sum();
	}

	/** Sends refused because the outbound queue was full. */
	public long sendsRejected() {
		return this.sendsRejected.sum();
	}

	/** Datagrams dropped for {@code reason}. */
	public long drops(DropReason reason) {
		return this.drops.get(reason).sum();
	}

	/** Every drop counter, by reason. */
	public Map<DropReason, Long> drops() {
		Map<DropReason, Long> snapshot = new EnumMap<>(DropReason.class);
		this.drops.forEach((reason, count) -> snapshot.put(reason, count.sum()));
		return snapshot;
	}

}
