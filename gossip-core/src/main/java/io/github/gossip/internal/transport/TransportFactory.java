package io.github.gossip.internal.transport;

import java.net.InetSocketAddress;

import io.github.gossip.internal.crypto.Keyring;

/**
 * Binds the transport of a node: {@code UdpTransport::bind} for a real socket, an
 * {@link InMemoryNetwork} for nodes that share a simulated network inside one JVM.
 */
@FunctionalInterface
public interface TransportFactory {

	/**
	 * Binds a transport.
	 * @param bindAddress the local address and port; port 0 picks a free one, a wildcard address takes
	 * datagrams for every address
	 * @param keyring the keys: the primary seals, every key opens
	 * @param label the cluster label, possibly empty
	 * @param maxDatagramSize the largest datagram sent or accepted
	 * @param stats counted into from the first datagram on, which may arrive before this method returns
	 * @param handler receives opened payloads on a thread of the transport
	 * @return the bound transport
	 * @throws RuntimeException if the address cannot be bound (in use, say)
	 */
	Transport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler);

}
