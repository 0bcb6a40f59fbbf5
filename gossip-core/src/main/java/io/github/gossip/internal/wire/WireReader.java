package io.github.gossip.internal.wire;

import io.github.gossip.internal.protocol.MemberMetadata;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.gossip.internal.protocol.MemberId;

/**
 * Reads the fields a {@link Sink} writes from a slice of an array, checking every one against the
 * bytes that remain and reporting any problem as a {@link DecodeException}.
 */
final class WireReader {

	private final byte[] buf;

	private final int end;

	private int pos;

	/** Metadata decoded before, by its bytes: its codec's. */
	private final MetadataCache metadataCache;

	WireReader(byte[] buf, int pos, int end, MetadataCache metadataCache) {
		this.buf = buf;
		this.pos = pos;
		this.end = end;
		this.metadataCache = metadataCache;
	}

	MetadataCache metadataCache() {
		return this.metadataCache;
	}

	/** The array read from; {@link #position} indexes it. */
	byte[] buffer() {
		return this.buf;
	}

	int position() {
		return this.pos;
	}

	/** Moves back to {@code position}, one this reader was at before. */
	void rewind(int position) {
		this.pos = position;
	}

	/** The version of the packet being read; the first until the header says otherwise. */
	private int version = WireVersions.FIRST;

	private boolean skippedUnknownMessage;

	private int senderHighest = WireVersions.FIRST;

	void version(int packetVersion, int highestSpoken) {
		this.version = packetVersion;
		this.senderHighest = Math.max(packetVersion, highestSpoken);
	}

	int senderHighest() {
		return this.senderHighest;
	}

	int version() {
		return this.version;
	}

	void skippedUnknownMessage() {
		this.skippedUnknownMessage = true;
	}

	boolean hasSkippedUnknownMessage() {
		return this.skippedUnknownMessage;
	}

	void skip(int n) {
		need(n);
		this.pos += n;
	}

	int remaining() {
		return this.end - this.pos;
	}

	void need(int n) {
		if (n > this.end - this.pos) {
			throw new DecodeException("truncated: need " + n + " bytes, have " + (this.end - this.pos));
		}
	}

	int u8() {
		need(1);
		return this.buf[this.pos++] & 0xFF;
	}

	int u16() {
		need(2);
		int v = ((this.buf[this.pos] & 0xFF) << 8) | (this.buf[this.pos + 1] & 0xFF);
		this.pos += 2;
		return v;
	}

	int u32() {
		need(4);
		int v = 0;
		for (int i = 0; i < 4; i++) {
			v = (v << 8) | (this.buf[this.pos++] & 0xFF);
		}
		return v;
	}

	long u64() {
		need(8);
		long v = 0;
		for (int i = 0; i < 8; i++) {
			v = (v << 8) | (this.buf[this.pos++] & 0xFF);
		}
		return v;
	}

	long varint() {
		long v = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			int b = u8();
			if (shift == 63 && (b & 0xFE) != 0) {
				throw new DecodeException("varint overflows 64 bits");
			}
			v |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (b == 0 && shift > 0) {
					throw new DecodeException("non-canonical varint");
				}
				return v;
			}
		}
		throw new DecodeException("varint too long");
	}

	long seq() {
		long v = varint();
		if (v < 0) {
			throw new DecodeException("sequence number out of range");
		}
		return v;
	}

	/**
	 * A leadership epoch: at least {@code min} (0 or 1), at most {@link MemberMetadata#MAX_EPOCH}, so
	 * that the one above it never overflows.
	 */
	long epoch(int min) {
		long v = varint();
		if (v < min || v > MemberMetadata.MAX_EPOCH) {
			throw new DecodeException("epoch out of range");
		}
		return v;
	}

	/** A byte that must be 0 or 1. */
	boolean bool(String what) {
		int b = u8();
		if (b > 1) {
			throw new DecodeException(what + " flag " + b + " is neither 0 nor 1");
		}
		return b == 1;
	}

	long incarnation() {
		long v = varint();
		if (v < 0 || v > WireCodec.MAX_INCARNATION) {
			throw new DecodeException("incarnation out of range");
		}
		return v;
	}

	byte[] bytes(int n) {
		need(n);
		byte[] out = Arrays.copyOfRange(this.buf, this.pos, this.pos + n);
		this.pos += n;
		return out;
	}

	/** A node id. */
	String string() {
		return string(1, MemberId.MAX_NODE_ID_BYTES);
	}

	String string(int min, int max) {
		long len = varint();
		if (len < min || len > max) {
			throw new DecodeException("string length " + len + " out of range");
		}
		int n = (int) len;
		need(n);
		boolean ascii = true;
		for (int i = this.pos; i < this.pos + n; i++) {
			int b = this.buf[i] & 0xFF;
			if (b < 0x20 || b == 0x7F) {
				throw new DecodeException("control character in string");
			}
			ascii &= b < 0x80;
		}
		String s;
		if (ascii) {
			s = new String(this.buf, this.pos, n, StandardCharsets.ISO_8859_1);
		}
		else {
			try {
				CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(this.buf, this.pos, n));
				s = chars.toString();
			}
			catch (CharacterCodingException ex) {
				throw new DecodeException("string is not valid UTF-8");
			}
		}
		this.pos += n;
		return s;
	}

}
