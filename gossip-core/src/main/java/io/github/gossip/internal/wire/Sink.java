package io.github.gossip.internal.wire;

import io.github.gossip.internal.protocol.Endpoint;

/**
 * Where the wire format puts its fields. The format is written once against this interface: a
 * {@link SizeCounter} adds up what a {@link ByteWriter} would write, so the size of anything is by
 * construction the number of bytes its encoding takes.
 */
interface Sink {

	void u8(int v);

	void u16(int v);

	void u32(int v);

	void u64(long v);

	/** The 4 or 16 bytes of an IPv4 or IPv6 address, as one call since every record has one. */
	void address(Endpoint e);

	/** Unsigned LEB128. */
	void varint(long v);

	/** UTF-8 length as a varint, then the UTF-8 bytes. */
	void string(String s);

}
