package io.github.gossip.internal.wire;

import io.github.gossip.internal.protocol.Endpoint;

/** A {@link Sink} that only counts the bytes it is given. */
final class SizeCounter implements Sink {

	private int size;

	int size() {
		return this.size;
	}

	@Override
	public void u8(int v) {
		this.size++;
	}

	@Override
	public void u16(int v) {
		this.size += 2;
	}

	@Override
	public void u32(int v) {
		this.size += 4;
	}

	@Override
	public void u64(long v) {
		this.size += 8;
	}

	@Override
	public void address(Endpoint e) {
		this.size += e.isIpv6() ? 16 : 4;
	}

	@Override
	public void varint(long v) {
		this.size += varintSize(v);
	}

	@Override
	public void string(String s) {
		int len = utf8Length(s);
		this.size += varintSize(len) + len;
	}

	static int varintSize(long v) {
		int size = 1;
		while ((v & ~0x7FL) != 0) {
			v >>>= 7;
			size++;
		}
		return size;
	}

	/** UTF-8 length without encoding: sizing runs for every record a datagram might carry. */
	static int utf8Length(String s) {
		int len = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x80) {
				len++;
			}
			else if (c < 0x800) {
				len += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
				len += 4;
				i++;
			}
			else {
				len += 3;
			}
		}
		return len;
	}

}
