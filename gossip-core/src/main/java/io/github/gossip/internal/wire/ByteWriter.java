package io.github.gossip.internal.wire;

import java.nio.charset.StandardCharsets;

import io.github.gossip.internal.protocol.Endpoint;

/** A {@link Sink} that writes into an array of the exact size, counted beforehand. */
final class ByteWriter implements Sink {

	private final byte[] buf;

	private int pos;

	ByteWriter(int size) {
		this.buf = new byte[size];
	}

	/** The bytes written; fails if they do not fill the array, which would mean the count was wrong. */
	byte[] toByteArray() {
		if (this.pos != this.buf.length) {
			throw new IllegalStateException("size mismatch: " + this.pos + " != " + this.buf.length);
		}
		return this.buf;
	}

	@Override
	public void u8(int v) {
		this.buf[this.pos++] = (byte) v;
	}

	@Override
	public void u16(int v) {
		this.buf[this.pos] = (byte) (v >>> 8);
		this.buf[this.pos + 1] = (byte) v;
		this.pos += 2;
	}

	@Override
	public void u32(int v) {
		for (int shift = 24; shift >= 0; shift -= 8) {
			this.buf[this.pos++] = (byte) (v >>> shift);
		}
	}

	@Override
	public void u64(long v) {
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.buf[this.pos++] = (byte) (v >>> shift);
		}
	}

	@Override
	public void address(Endpoint e) {
		for (int i = 0, n = e.isIpv6() ? 16 : 4; i < n; i++) {
			this.buf[this.pos++] = e.addressByte(i);
		}
	}

	@Override
	public void varint(long v) {
		while ((v & ~0x7FL) != 0) {
			this.buf[this.pos++] = (byte) ((v & 0x7F) | 0x80);
			v >>>= 7;
		}
		this.buf[this.pos++] = (byte) v;
	}

	@Override
	public void string(String s) {
		byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
		varint(bytes.length);
		System.arraycopy(bytes, 0, this.buf, this.pos, bytes.length);
		this.pos += bytes.length;
	}

}
