package io.github.gossip.internal.transport;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

import io.github.gossip.internal.crypto.Keyring;
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
public final class UdpTransport implements Transport {

	private static final Logger logger = Loggers.getLogger(UdpTransport.class);

	/** Datagrams that may wait in the socket's outbound queue before sends are refused. */
	static final int MAX_PENDING_SENDS = 4096;

	/**
	 * How long a port check's socket waits for the refusal: an ICMP answer takes one round trip,
	 * and a refusal later than a probe round would come too late to matter.
	 */
	static final Duration PORT_CHECK_WAIT = Duration.ofSeconds(2);

	/**
	 * The socket's receive buffer asked of the kernel, as memberlist asks: 2 MiB. What arrives while
	 * the I/O thread is busy (a collector's pause, a throttled container, a burst of join answers or
	 * sync pushes) waits there, and what does not fit is dropped by the kernel before the node sees
	 * it: the default of Linux, about 200 KiB, holds under a hundred full datagrams. Linux caps the
	 * request at {@code net.core.rmem_max} (and reports twice what it granted).
	 */
	static final int RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

	/** Whether the kernel's cap on the receive buffer was reported; once per JVM, not per socket. */
	private static final AtomicBoolean smallReceiveBufferReported = new AtomicBoolean();

	private final DatagramSealing sealing;

	/** The sockets of port checks still waiting, closed with the transport. */
	private final Set<Channel> portChecks = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private final AtomicInteger pendingSends = new AtomicInteger();

	private final Connection connection;

	private final Channel channel;

	private final ReceiveBarrier barrier = new ReceiveBarrier();

	private UdpTransport(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler) {
		this.sealing = new DatagramSealing(keyring, label, maxDatagramSize, stats, new DatagramHandler() {

			@Override
			public void received(Endpoint from, byte[] payload) {
				// this socket's own receive barrier tokens stop here; everything else goes on
				if (!UdpTransport.this.barrier.received(payload)) {
					handler.received(from, payload);
				}
			}

			@Override
			public void portClosed(Endpoint endpoint) {
				handler.portClosed(endpoint);
			}

		}, logger);
		this.connection = UdpServer.create()
			.bindAddress(() -> bindAddress)
			.option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
			.handle((inbound, outbound) -> inbound.receiveObject().doOnNext(this::receive).then())
			.bindNow(Duration.ofSeconds(10));
		this.channel = this.connection.channel();
		int granted = granted(reportedReceiveBuffer(), System.getProperty("os.name", ""));
		if (granted < RECEIVE_BUFFER_BYTES && smallReceiveBufferReported.compareAndSet(false, true)) {
			logger.warn("The gossip socket's receive buffer is {} KiB, asked for {} KiB: the kernel caps it (on Linux, "
					+ "raise net.core.rmem_max); datagrams that arrive while the node is busy and do not fit are dropped "
					+ "before it sees them", granted / 1024, RECEIVE_BUFFER_BYTES / 1024);
		}
	}

	/** The receive buffer as the kernel reports it. */
	private int reportedReceiveBuffer() {
		Integer size = this.channel.config().getOption(ChannelOption.SO_RCVBUF);
		return (size != null) ? size : 0;
	}

	/**
	 * The receive buffer granted, from what the kernel reports: Linux reports twice its grant (the
	 * other half is its own bookkeeping), so a grant capped at 1.5 MiB reads as 3 MiB there.
	 */
	static int granted(int reported, String osName) {
		return osName.startsWith("Linux") ? reported / 2 : reported;
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
	 * transport exists, since a datagram may arrive before {@code bind} returns. As a method reference,
	 * this is the {@link TransportFactory} of real nodes.
	 * @see #bind(InetSocketAddress, Keyring, String, int, DatagramHandler)
	 */
	public static UdpTransport bind(InetSocketAddress bindAddress, Keyring keyring, String label, int maxDatagramSize,
			TransportStats stats, DatagramHandler handler) {
		return new UdpTransport(bindAddress, keyring, label, maxDatagramSize, stats, handler);
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.channel.localAddress();
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
		if (!this.channel.isActive() || this.pendingSends.incrementAndGet() > MAX_PENDING_SENDS) {
			this.pendingSends.decrementAndGet();
			stats().sendRejected();
			return false;
		}
		byte[] datagram = this.sealing.seal(payload);
		this.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), toSocketAddress(to)))
			.addListener((future) -> {
				this.pendingSends.decrementAndGet();
				if (future.isSuccess()) {
					stats().sent(datagram.length);
				}
			});
		return true;
	}

	/** Through a token sent to this very socket, read behind everything that reached it first. */
	@Override
	public void afterReceived(Runnable action) {
		Endpoint self = ReceiveBarrier.self(localAddress());
		this.barrier.await(action, (token) -> send(self, token));
	}

	/**
	 * Sends the check from a socket of its own, connected to {@code to}, on the gossip socket's event
	 * loop: only a connected UDP socket hears of the ICMP answer (as a {@link PortUnreachableException}
	 * on its next read); the gossip socket, which talks to everyone, never does.
	 */
	@Override
	public void checkPort(Endpoint to) {
		if (this.closed || !this.channel.isActive()) {
			return;
		}
		ChannelFuture connect = new Bootstrap().group(this.channel.eventLoop())
			.channelFactory(new ReflectiveChannelFactory<Channel>(this.channel.getClass()))
			.handler(new PortCheck(to))
			.connect(toSocketAddress(to));
		Channel check = connect.channel();
		this.portChecks.add(check);
		check.closeFuture().addListener((closedCheck) -> this.portChecks.remove(check));
		connect.addListener((connected) -> {
			if (!connected.isSuccess()) {
				check.close();
				return;
			}
			check.writeAndFlush(Unpooled.wrappedBuffer(DatagramSealing.PORT_CHECK));
			stats().portCheckSent();
			check.eventLoop().schedule(() -> check.close(), PORT_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		});
		if (this.closed) {
			check.close();
		}
	}

	/** The handler of one port check's socket: reports a refusal once, then closes the socket. */
	private final class PortCheck extends ChannelInboundHandlerAdapter {

		private final Endpoint checked;

		PortCheck(Endpoint checked) {
			this.checked = checked;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			// nothing answers a port check; whatever arrives is not ours to read
			ReferenceCountUtil.release(msg);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
			if (!(cause instanceof PortUnreachableException) || UdpTransport.this.closed) {
				// no route, host unreachable and the like: the host did not answer, which proves nothing
				return;
			}
			UdpTransport.this.sealing.portClosed(this.checked);
		}

	}

	private void receive(Object message) {
		if (!(message instanceof DatagramPacket packet)) {
			return;
		}
		// an exception escaping this handler would dispose the server: reading the buffer is contained too
		try {
			ByteBuf content = packet.content();
			this.sealing.received(packet.sender(), content.readableBytes(), () -> {
				byte[] bytes = new byte[content.readableBytes()];
				content.getBytes(content.readerIndex(), bytes);
				return bytes;
			});
		}
		catch (Throwable ex) {
			this.sealing.failed(ex);
		}
	}

	/**
	 * Converts a socket address. Java reports IPv4 senders on a dual-stack socket as IPv4 addresses,
	 * so a peer keeps one identity whichever way the socket was bound.
	 * @see Endpoints#of(InetSocketAddress)
	 */
	public static Endpoint toEndpoint(InetSocketAddress address) {
		return Endpoints.of(address);
	}

	/**
	 * Converts an endpoint without any name lookup.
	 * @see Endpoints#toSocketAddress(Endpoint)
	 */
	public static InetSocketAddress toSocketAddress(Endpoint endpoint) {
		return Endpoints.toSocketAddress(endpoint);
	}

	/** Closes the socket. */
	@Override
	public void close() {
		this.closed = true;
		this.portChecks.forEach(Channel::close);
		this.connection.disposeNow(Duration.ofSeconds(5));
	}

}
