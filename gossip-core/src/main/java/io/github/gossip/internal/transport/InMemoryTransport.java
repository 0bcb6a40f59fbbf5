package io.github.gossip.internal.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;

/**
 * A transport bound to an endpoint of an {@link InMemoryNetwork}: it seals and opens exactly as
 * {@link UdpTransport} does (the same {@link DatagramSealing}), and only the socket is replaced by
 * the network's delivery thread.
 */
final class InMemoryTransport implements Transport {

	private final InMemoryNetwork network;

	private final Endpoint endpoint;

	private final DatagramSealing sealing;

	/** Datagrams sent and not yet delivered or dropped, bounded as a socket's outbound queue is. */
	private final AtomicInteger pendingSends = new AtomicInteger();

	private volatile boolean closed;

	InMemoryTransport(InMemoryNetwork network, Endpoint endpoint, DatagramSealing sealing) {
		this.network = network;
		this.endpoint = endpoint;
		this.sealing = sealing;
	}

	/** The endpoint this transport is bound to, as the network's rules name it. */
	Endpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public InetSocketAddress localAddress() {
		return Endpoints.toSocketAddress(this.endpoint);
	}

	@Override
	public TransportStats stats() {
		return this.sealing.stats();
	}

	@Override
	public void keyring(Keyring keyring) {
		this.sealing.keyring(keyring);
	}

	@Override
	public boolean send(Endpoint to, byte[] payload) {
		this.sealing.checkSize(payload);
		if (this.closed) {
			stats().sendRejected();
			return false;
		}
		if (this.pendingSends.incrementAndGet() > UdpTransport.MAX_PENDING_SENDS) {
			this.pendingSends.decrementAndGet();
			stats().sendRejected();
			return false;
		}
		byte[] datagram = this.sealing.seal(payload);
		// counted as handed to the network, as UDP counts what it handed to the socket: loss comes later
		stats().sent(datagram.length);
		this.network.transmit(this, to, datagram, this.pendingSends::decrementAndGet);
		return true;
	}

	@Override
	public void checkPort(Endpoint to) {
		if (this.closed) {
			return;
		}
		stats().portCheckSent();
		this.network.transmit(this, to, DatagramSealing.PORT_CHECK.clone(), () -> {
		});
	}

	/** On the network's delivery thread: the host at {@code checked} refused our port check. */
	synchronized void refused(Endpoint checked) {
		if (!this.closed) {
			this.sealing.portClosed(checked);
		}
	}

	/**
	 * On the network's delivery thread: opens a datagram and hands its payload to the handler, unless
	 * this transport is closed. Holding the monitor while handing over is what lets {@link #close()}
	 * promise that nothing reaches the handler once it returns.
	 * @param taken run once the transport takes the datagram (it may still drop it, for a wrong key say),
	 * before the handler sees it, so that whoever sees the handler's effect sees it counted
	 * @return whether the transport took the datagram
	 */
	synchronized boolean receive(InetSocketAddress source, byte[] datagram, Runnable taken) {
		if (this.closed) {
			return false;
		}
		taken.run();
		this.sealing.received(source, datagram.length, () -> datagram);
		return true;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.network.unbind(this);
	}

	@Override
	public String toString() {
		return "InMemoryTransport[" + this.endpoint + (this.closed ? ", closed]" : "]");
	}

}
