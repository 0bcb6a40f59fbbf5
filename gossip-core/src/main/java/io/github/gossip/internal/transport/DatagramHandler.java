package io.github.gossip.internal.transport;

import io.github.gossip.internal.protocol.Endpoint;

/**
 * Receives the opened payloads of a transport, on the transport's I/O thread. Must not block; an
 * exception it throws is contained and counted, never stops the transport.
 */
@FunctionalInterface
public interface DatagramHandler {

	/**
	 * Handles one payload.
	 * @param from the sender's address as seen on the socket
	 * @param payload the opened payload, owned by the handler
	 */
	void received(Endpoint from, byte[] payload);

	/**
	 * The host at {@code endpoint} refused a {@linkplain Transport#checkPort port check}: nothing is
	 * bound to that port there. Called at most once per check; silence proves nothing.
	 * @param endpoint the endpoint that was checked
	 */
	default void portClosed(Endpoint endpoint) {
	}

}
