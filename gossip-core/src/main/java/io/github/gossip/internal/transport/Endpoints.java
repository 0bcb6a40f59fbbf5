package io.github.gossip.internal.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.github.gossip.internal.protocol.Endpoint;

/**
 * Conversions between the protocol's {@link Endpoint} and socket addresses, never looking a name up.
 */
public final class Endpoints {

	private Endpoints() {
	}

	/**
	 * Converts a socket address. Java reports IPv4 senders on a dual-stack socket as IPv4 addresses,
	 * so a peer keeps one identity whichever way the socket was bound.
	 */
	public static Endpoint of(InetSocketAddress address) {
		return new Endpoint(address.getAddress().getAddress(), address.getPort());
	}

	/** Converts an endpoint without any name lookup. */
	public static InetSocketAddress toSocketAddress(Endpoint endpoint) {
		try {
			return new InetSocketAddress(InetAddress.getByAddress(endpoint.address()), endpoint.port());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Invalid address length in " + endpoint, ex);
		}
	}

}
