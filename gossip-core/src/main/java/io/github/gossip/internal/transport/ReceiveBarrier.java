package io.github.gossip.internal.transport;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.github.gossip.internal.protocol.Endpoint;

/**
 * Lets a socket's owner wait until every datagram that reached the socket before now was read: it
 * sends a sealed token to its own socket, and a socket's queue is first in, first out, so by the time
 * the token is read everything ahead of it was handed to the handler. A starved process reads its
 * socket late; an ack that sits there is the process's own delay, not the peer's silence.
 * <p>
 * A token is 16 random bytes of this socket and a sequence number, inside the sealing like every
 * payload, so nothing but this socket's own tokens is taken for one; a lost token (the socket's queue
 * overflowed) never runs its action, and the caller bounds the wait. Tokens may be sent from the one
 * thread that sends and received on the one thread that receives.
 */
final class ReceiveBarrier {

	private static final int TOKEN_BYTES = 16;

	private static final int PAYLOAD_BYTES = TOKEN_BYTES + Long.BYTES;

	/** Tokens out at most; an older one is forgotten, as lost. */
	static final int MAX_PENDING = 1024;

	private final byte[] token = new byte[TOKEN_BYTES];

	private final AtomicLong sequence = new AtomicLong();

	private final Map<Long, Runnable> waiting = new ConcurrentHashMap<>();

	ReceiveBarrier() {
		new SecureRandom().nextBytes(this.token);
	}

	/**
	 * Sends a token with {@code send} and runs {@code action} on the receiving thread once it is back;
	 * not at all if it was not sent or is lost.
	 * @param send sends a payload to this socket; on the thread that may send
	 */
	void await(Runnable action, Predicate<byte[]> send) {
		long seq = this.sequence.incrementAndGet();
		byte[] payload = Arrays.copyOf(this.token, PAYLOAD_BYTES);
		for (int i = 0; i < Long.BYTES; i++) {
			payload[TOKEN_BYTES + i] = (byte) (seq >>> (8 * (Long.BYTES - 1 - i)));
		}
		this.waiting.put(seq, action);
		// a token this far behind was lost (the socket's queue overflowed): its caller gave up on it
		this.waiting.remove(seq - MAX_PENDING);
		if (!send.test(payload)) {
			this.waiting.remove(seq);
		}
	}

	/**
	 * On the receiving thread, for every opened payload: runs the action of a token of ours and
	 * returns true; false for every other payload, which goes on to the handler.
	 */
	boolean received(byte[] payload) {
		if (payload.length != PAYLOAD_BYTES || !Arrays.equals(payload, 0, TOKEN_BYTES, this.token, 0, TOKEN_BYTES)) {
			return false;
		}
		long seq = 0;
		for (int i = TOKEN_BYTES; i < PAYLOAD_BYTES; i++) {
			seq = (seq << 8) | (payload[i] & 0xff);
		}
		Runnable action = this.waiting.remove(seq);
		if (action != null) {
			action.run();
		}
		return true;
	}

	/** Where a socket bound to {@code bound} sends its tokens: itself, through loopback if it is bound to every interface. */
	static Endpoint self(java.net.InetSocketAddress bound) {
		java.net.InetAddress address = bound.getAddress().isAnyLocalAddress() ? java.net.InetAddress.getLoopbackAddress()
				: bound.getAddress();
		return new Endpoint(address.getAddress(), bound.getPort());
	}

}
