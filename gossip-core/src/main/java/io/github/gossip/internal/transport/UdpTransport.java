package io.github.gossip.internal.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.PacketOpener;
import io.github.gossip.internal.crypto.PacketSealer;
import io.github.gossip.internal.protocol.Endpoint;

/**
 * The gossip UDP socket on Reactor Netty: seals what it sends, opens what it receives, and hands
 * payloads to a {@link DatagramHandler}.
 * <p>
 * Each datagram is handled in isolation: nothing a peer sends can throw out of the receive path,
 * because an error escaping a Reactor Netty UDP handler would dispose the whole server. Sending never
 * blocks: datagrams are written from the caller's thread onto Netty's queue, which is bounded; past
 * the bound a datagram is dropped and counted, as UDP would drop it anyway.
 * <p>
 * {@link #send} must be called from one thread at a time (the protocol thread): sealing keeps a
 * nonce counter.
 */
public final class UdpTransport implements AutoCloseable {

	private static final Logger logger = Loggers.getLogger(UdpTransport.class);

	/** Datagrams that may wait in the socket's outbound queue before sends are refused. */
	static final int MAX_PENDING_SENDS = 4096;

	private final PacketSealer sealer;

	private final PacketOpener opener;

	private final DatagramHandler handler;

	private final int maxDatagramSize;

	private final TransportStats stats;

	private final DropWarnings warnings = new DropWarnings(System::currentTimeMillis);

	private final FaultLog faults = new FaultLog(logger, System::currentTimeMillis);

	private final AtomicInteger pendingSends = new AtomicInteger();

	private final Connection connection;

	private final Channel channel;

	private UdpTransport(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler) {
		this.stats = stats;
		this.sealer = PacketSealer.create(keyring, label);
		this.opener = new PacketOpener(keyring, label, maxDatagramSize, PacketOpener.DEFAULT_MAX_CLOCK_SKEW,
				System::currentTimeMillis);
		this.handler = handler;
		this.maxDatagramSize = maxDatagramSize;
		this.connection = UdpServer.create()
			.bindAddress(() -> bindAddress)
			.handle((inbound, outbound) -> inbound.receiveObject().doOnNext(this::receive).then())
			.bindNow(Duration.ofSeconds(10));
		this.channel = this.connection.channel();
	}

	/**
	 * Binds a transport.
	 * @param bindAddress the local address and port; {@code 0.0.0.0} or {@code ::} for every interface
	 * @param keyring the keys: the primary seals, every key opens
	 * @param label the cluster label, possibly empty
	 * @param maxDatagramSize the largest datagram sent or accepted
	 * @param handler receives opened payloads on the I/O thread
	 * @return the bound transport
	 */
	public static UdpTransport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			DatagramHandler handler) {
		return bind(bindAddress, keyring, label, maxDatagramSize, new TransportStats(), handler);
	}

	/**
	 * Binds a transport that counts into {@code stats}: its owner can count with it before the
	 * transport exists, since a datagram may arrive before {@code bind} returns.
	 * @see #bind(InetSocketAddress, Keyring, String, int, DatagramHandler)
	 */
	public static UdpTransport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler) {
		return new UdpTransport(bindAddress, keyring, label, maxDatagramSize, stats, handler);
	}

	/** The address the socket is bound to (with the real port when 0 was asked for). */
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.channel.localAddress();
	}

	/** This transport's counters. */
	public TransportStats stats() {
		return this.stats;
	}

	/** Replaces the keys, as they rotate; takes effect for the next datagram in each direction. */
	public void keyring(Keyring keyring) {
		this.sealer.keyring(keyring);
		this.opener.keyring(keyring);
	}

	/**
	 * Seals and sends a payload without blocking.
	 * @param to the destination
	 * @param payload the payload; at most the maximum datagram size less the sealing overhead
	 * @return whether the datagram was queued (false when the outbound queue is full or closed)
	 */
	public boolean send(Endpoint to, byte[] payload) {
		if (payload.length + PacketSealer.overhead() > this.maxDatagramSize) {
			throw new IllegalArgumentException("Payload of " + payload.length + " bytes exceeds the datagram size "
					+ this.maxDatagramSize + " less " + PacketSealer.overhead() + " bytes of sealing");
		}
		if (!this.channel.isActive() || this.pendingSends.incrementAndGet() > MAX_PENDING_SENDS) {
			this.pendingSends.decrementAndGet();
			this.stats.sendRejected();
			return false;
		}
		byte[] datagram = this.sealer.seal(payload, 0, payload.length);
		this.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), toSocketAddress(to)))
			.addListener((future) -> {
				this.pendingSends.decrementAndGet();
				if (future.isSuccess()) {
					this.stats.sent(datagram.length);
				}
			});
		return true;
	}

	private void receive(Object message) {
		// Everything is contained here: an exception escaping would dispose the UDP server.
		try {
			if (!(message instanceof DatagramPacket packet)) {
				return;
			}
			ByteBuf content = packet.content();
			int length = content.readableBytes();
			this.stats.received(length);
			InetSocketAddress sender = packet.sender();
			if (length > this.maxDatagramSize) {
				drop(sender, DropReason.OVERSIZE);
				return;
			}
			byte[] bytes = new byte[length];
			content.getBytes(content.readerIndex(), bytes);
			PacketOpener.Opened opened = this.opener.open(bytes, 0, length);
			if (!opened.isOpen()) {
				drop(sender, opened.dropReason());
				return;
			}
			this.handler.received(toEndpoint(sender), opened.payload());
		}
		catch (Throwable ex) {
			// Every bad input from the network has its reason above: what lands here is our own bug,
			// which must not hide among hostile datagrams under "malformed".
			this.stats.dropped(DropReason.INTERNAL_ERROR);
			this.faults.error("datagram", "Gossip node failed to handle a received datagram; it is dropped and "
					+ "counted under the drop reason " + DropReason.INTERNAL_ERROR.tag(), ex);
		}
	}

	private void drop(InetSocketAddress sender, DropReason reason) {
		this.stats.dropped(reason);
		if (sender != null) {
			this.warnings.warn(sender.getAddress(), reason);
		}
	}

	/**
	 * Converts a socket address. Java reports IPv4 senders on a dual-stack socket as IPv4 addresses,
	 * so a peer keeps one identity whichever way the socket was bound.
	 */
	public static Endpoint toEndpoint(InetSocketAddress address) {
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

	/** Closes the socket. */
	@Override
	public void close() {
		this.connection.disposeNow(Duration.ofSeconds(5));
	}

}
