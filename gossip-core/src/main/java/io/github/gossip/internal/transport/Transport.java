package io.github.gossip.internal.transport;

import java.net.InetSocketAddress;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;

/**
 * What a running node needs from the network: send a payload to an endpoint, have received payloads
 * handed to a {@link DatagramHandler}, and know its own address and counters.
 * <p>
 * Sealing is not the implementation's choice: every transport seals what it sends and opens what it
 * receives with the same code (the cluster label, the keyring, the replay window and the drop
 * counters included), so that a node over an in-memory network runs exactly the checks a node over
 * UDP runs. An implementation only moves sealed bytes between sockets, real or not.
 * <p>
 * {@link #send} must be called from one thread at a time (the protocol thread): sealing keeps a
 * nonce counter. Payloads are handed to the handler on a thread of the transport, never on the
 * thread that sent them.
 *
 * @see TransportFactory
 */
public interface Transport extends AutoCloseable {

	/**
	 * Seals and sends a payload without blocking.
	 * @param to the destination
	 * @param payload the payload; at most the maximum datagram size less the sealing overhead
	 * @return whether the datagram was queued (false when the outbound queue is full or the transport is
	 * closed)
	 * @throws IllegalArgumentException if the sealed payload would exceed the maximum datagram size
	 */
	boolean send(Endpoint to, byte[] payload);

	/**
	 * Asks the host at {@code to} whether anything is bound to its port, without blocking: a
	 * one-byte datagram goes out on a socket of its own, connected to {@code to}, and if the host
	 * answers that no socket is bound there (ICMP port unreachable, what a closed TCP port answers
	 * with a reset) the handler hears of it through {@link DatagramHandler#portClosed}. A process
	 * that crashed on a host that runs on leaves exactly this trace; a paused, slow or partitioned
	 * one never does, so the answer tells a crash from a pause. Silence means nothing: the datagram
	 * or the answer may be lost, firewalls may swallow it, a vanished host sends none.
	 * @param to the endpoint to check
	 */
	void checkPort(Endpoint to);

	/** The address the transport is bound to (with the real port when 0 was asked for). */
	InetSocketAddress localAddress();

	/** This transport's counters. */
	TransportStats stats();

	/** Replaces the keys, as they rotate; takes effect for the next datagram in each direction. */
	void keyring(Keyring keyring);

	/** Closes the transport: nothing is sent or handed to the handler once this returns. */
	@Override
	void close();

}
