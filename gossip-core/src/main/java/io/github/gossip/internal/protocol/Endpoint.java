package io.github.gossip.internal.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A network address as raw IP bytes (4 for IPv4, 16 for IPv6) plus a UDP port. Kept free of
 * {@link java.net.InetAddress} so that neither the protocol nor the simulator ever resolves names,
 * and so that the codec can write it in 6 or 18 bytes.
 */
public record Endpoint(byte[] address, int port) {

	public Endpoint {
		if (address == null || (address.length != 4 && address.length != 16)) {
			throw new IllegalArgumentException("address must have 4 or 16 bytes");
		}
		if (port < 0 || port > 0xFFFF) {
			throw new IllegalArgumentException("port out of range: " + port);
		}
		address = address.clone();
	}

	/** Convenience for IPv4 literals, mostly for tests and simulations. */
	public static Endpoint ipv4(int a, int b, int c, int d, int port) {
		return new Endpoint(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d }, port);
	}

	public boolean isIpv6() {
		return this.address.length == 16;
	}

	@Override
	public byte[] address() {
		return this.address.clone();
	}

	/** Byte at {@code i} of the address without copying the array. */
	public byte addressByte(int i) {
		return this.address[i];
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Endpoint that && this.port == that.port && Arrays.equals(this.address, that.address);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.address) + this.port;
	}

	@Override
	public String toString() {
		if (this.address.length == 4) {
			return (this.address[0] & 0xFF) + "." + (this.address[1] & 0xFF) + "." + (this.address[2] & 0xFF) + "."
					+ (this.address[3] & 0xFF) + ":" + this.port;
		}
		return "[" + HexFormat.of().formatHex(this.address) + "]:" + this.port;
	}
}
