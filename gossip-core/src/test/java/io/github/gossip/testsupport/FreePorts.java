package io.github.gossip.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free UDP ports on loopback for nodes a test starts a little later. They come from below the
 * kernel's ephemeral range (Linux hands out 32768-60999 to every socket bound to port 0, DNS
 * lookups and other tests' sockets included), so that a port found free is not taken by such a
 * socket in the time between the probe and the node's bind.
 */
public final class FreePorts {

	private static final int FIRST = 20000;

	private static final int LAST = 32000;

	private static final AtomicInteger next = new AtomicInteger(
			FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

	private FreePorts() {
	}

	/** A UDP port that is free on loopback now and that the kernel does not hand out by itself. */
	public static int udp() {
		for (int attempt = 0; attempt < LAST - FIRST; attempt++) {
			int port = next.getAndUpdate((p) -> (p >= LAST) ? FIRST : p + 1);
			try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException taken) {
				// in use: try the next one
			}
		}
		throw new IllegalStateException("No free UDP port from " + FIRST + " to " + LAST + " on loopback");
	}

}
