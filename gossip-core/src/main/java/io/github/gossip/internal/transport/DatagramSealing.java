package io.github.gossip.internal.transport;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import reactor.util.Logger;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.PacketOpener;
import io.github.gossip.internal.crypto.PacketSealer;

/**
 * The half of a transport that does not depend on the socket: seals what is sent; opens what is
 * received, counts and rate-limits the warnings of what is dropped, and hands the rest to the
 * {@link DatagramHandler}. Every {@link Transport} owns one, so that a transport without a real
 * socket runs the very checks that production runs.
 * <p>
 * Sealing must be called from one thread at a time, and so must receiving (each keeps its own
 * state: a nonce counter, a replay window); the keyring may be replaced from any thread.
 */
final class DatagramSealing {

	/**
	 * The datagram of a {@linkplain Transport#checkPort port check}: one byte, which no sealed
	 * datagram can be, so a receiver tells it from a packet without looking further.
	 */
	static final byte[] PORT_CHECK = { 0 };

	private final PacketSealer sealer;

	private final PacketOpener opener;

	private final DatagramHandler handler;

	private final int maxDatagramSize;

	private final TransportStats stats;

	private final DropWarnings warnings = new DropWarnings(System::currentTimeMillis);

	private final FaultLog faults;

	/**
	 * @param keyring the keys: the primary seals, every key opens
	 * @param label the cluster label, possibly empty
	 * @param maxDatagramSize the largest datagram sealed or accepted
	 * @param stats where datagrams in and drops are counted
	 * @param handler receives opened payloads
	 * @param logger the owning transport's logger, for faults of our own code
	 */
	DatagramSealing(Keyring keyring, String label, int maxDatagramSize, TransportStats stats,
			DatagramHandler handler, Logger logger) {
		this(keyring, label, maxDatagramSize, stats, handler, logger, System::currentTimeMillis);
	}

	/**
	 * Sealing that stamps datagrams with, and bounds their age by, {@code wallClockMillis}: the
	 * system's clock, or a virtual one shared by every node of a simulated network.
	 */
	DatagramSealing(Keyring keyring, String label, int maxDatagramSize, TransportStats stats,
			DatagramHandler handler, Logger logger, LongSupplier wallClockMillis) {
		this.faults = new FaultLog(logger, System::currentTimeMillis);
		this.sealer = new PacketSealer(keyring, label, new SecureRandom(), wallClockMillis);
		this.opener = new PacketOpener(keyring, label, maxDatagramSize, PacketOpener.DEFAULT_MAX_CLOCK_SKEW,
				wallClockMillis);
		this.maxDatagramSize = maxDatagramSize;
		this.stats = stats;
		this.handler = handler;
	}

	TransportStats stats() {
		return this.stats;
	}

	void keyring(Keyring keyring) {
		this.sealer.keyring(keyring);
		this.opener.keyring(keyring);
	}

	/** Throws unless {@code payload} still fits the maximum datagram size once sealed. */
	void checkSize(byte[] payload) {
		if (payload.length + PacketSealer.overhead() > this.maxDatagramSize) {
			throw new IllegalArgumentException("Payload of " + payload.length + " bytes exceeds the datagram size "
					+ this.maxDatagramSize + " less " + PacketSealer.overhead() + " bytes of sealing");
		}
	}

	/** Seals a payload already {@linkplain #checkSize checked}; the datagram belongs to the caller. */
	byte[] seal(byte[] payload) {
		return this.sealer.seal(payload, 0, payload.length);
	}

	/**
	 * Handles one received datagram; nothing a peer sends can throw out of here.
	 * @param sender the source address as seen on the socket, or {@code null} if unknown
	 * @param length the datagram's length
	 * @param bytes copies the datagram out of the socket's buffer; called only once it is known not to be
	 * oversize
	 */
	void received(InetSocketAddress sender, int length, Supplier<byte[]> bytes) {
		// Everything is contained here: an exception escaping would dispose a Reactor Netty server.
		try {
			this.stats.received(length);
			if (length == PORT_CHECK.length) {
				// a peer's port check: it only wanted to know that a socket is bound here
				this.stats.portCheckReceived();
				return;
			}
			if (length > this.maxDatagramSize) {
				drop(sender, DropReason.OVERSIZE);
				return;
			}
			PacketOpener.Opened opened = this.opener.open(bytes.get(), 0, length);
			if (!opened.isOpen()) {
				drop(sender, opened.dropReason());
				return;
			}
			this.handler.received(Endpoints.of(sender), opened.payload());
		}
		catch (Throwable ex) {
			// Every bad input from the network has its reason above: what lands here is our own bug,
			// which must not hide among hostile datagrams under "malformed".
			failed(ex);
		}
	}

	/**
	 * The host at {@code checked} refused a port check: counts it and tells the handler, containing
	 * whatever the handler throws as a receive does.
	 */
	void portClosed(Endpoint checked) {
		try {
			this.stats.portFoundClosed();
			this.handler.portClosed(checked);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	/**
	 * Counts and logs a fault of our own code in the receive path, under its own drop reason.
	 * @param fault what was thrown while a datagram was handled
	 */
	void failed(Throwable fault) {
		this.stats.dropped(DropReason.INTERNAL_ERROR);
		this.faults.error("datagram", "Gossip node failed to handle a received datagram; it is dropped and "
				+ "counted under the drop reason " + DropReason.INTERNAL_ERROR.tag(), fault);
	}

	private void drop(InetSocketAddress sender, DropReason reason) {
		this.stats.dropped(reason);
		if (sender != null) {
			this.warnings.warn(sender.getAddress(), reason);
		}
	}

}
