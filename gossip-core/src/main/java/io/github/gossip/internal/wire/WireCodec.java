package io.github.gossip.internal.wire;

import java.util.List;

import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.PacketSizer;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.Update;

/**
 * Binary codec of {@link Packet}s (the plaintext that the crypto layer seals), in every wire version
 * this node speaks ({@link WireVersions}).
 *
 * <pre>
 * packet   = v1-packet | v2-packet
 * v1-packet= 0x01 sender:member-id sender-incarnation:varint message updates
 * v2-packet= (highest-spoken:4 bits, version:4 bits = 2) sender:member-id sender-incarnation:varint
 *            updates message
 *            the message comes last: a reader steps over a type it does not know, keeps the updates
 * member-id= node-id:str instance:u64be
 * str      = len:varint(1..64) utf8-bytes (no control characters)
 * message  = type:u8 body
 *   0 GOSSIP      (empty)
 *   1 PING        seq:varint target:member-id
 *   2 ACK         seq:varint
 *   3 NACK        seq:varint
 *   4 PING_REQ    seq:varint target:member-id endpoint
 *   5 JOIN_REQ    endpoint incarnation:varint
 *   6 JOIN_RESP   updates
 *   7 SYNC_REQ    count:varint (power of two, 1..128) hash:u32be*count
 *   8 SYNC_PUSH   flags:u8 (bit 0 want-reply) bucket-count:varint n:varint bucket:varint*n updates
 *                 buckets strictly ascending and below bucket-count
 *   9 LEASE_REQ   role:mstr0 epoch:varint(1..) seq:varint
 *  10 LEASE_GRANT role:mstr0 epoch:varint seq:varint granted:u8 (0|1; epoch at least 1 if granted)
 *  11 and up  len:varint body (defined by later versions, from v2 on, always with this length
 *              prefix, which must end the packet); this build steps over it, and refuses it in v1
 * updates  = count:varint update*
 * update   = flags:u8 member-id incarnation:varint addr:4|16 port:u16be [accuser:str] [metadata]
 *            [claims] [extension]
 *            flags bits 0-1 state (ALIVE, SUSPECT, DEAD, LEFT), bit 2 IPv6, bit 3 metadata,
 *            bit 4 excluded roles (only with bit 3), bit 5 claims (only with bit 3), bit 6
 *            extension (v2 only); accuser iff SUSPECT
 * metadata = roles:varint role:mstr* [excluded:varint role:mstr*] values:varint (key:mstr value:mstr0)*
 *            excluded roles iff flag bit 4, never empty then; roles, excluded roles and keys
 *            strictly ascending; at most 512 bytes as counted by MemberMetadata
 * claims   = n:varint (role:mstr0 epoch:varint(1..))* m:varint (role:mstr0 epoch:varint(1..))*
 *            claimed epochs, then known epochs, each sorted by role; n + m at least 1
 * extension= len:varint(1..255) bytes, fields of a later version, stepped over
 * mstr     = len:varint(1..128) utf8-bytes; mstr0 the same with len 0..128
 * endpoint = family:u8 (4|6) addr:4|16 port:u16be
 * </pre>
 *
 * Both versions hold the same fields, so a packet has the same size in each, and the state machine
 * packs datagrams by one size whoever they go to. Varints are unsigned LEB128. The layout is written
 * once, in {@code WireFormat} and {@code MessageFormat}, against a {@code Sink}: sizes are what a
 * counting sink adds up, bytes what a writing sink produces, so the two agree by construction. The
 * decoder checks every length and count against the bytes that remain before allocating, caps
 * incarnations, rejects unknown flag bits and trailing bytes, and reports every problem as a
 * {@link DecodeException}. Instances are thread-safe; the one state they keep is a bounded cache of
 * the metadata they decoded, by its bytes (a member's metadata rides unchanged on every record of
 * it), which changes no result.
 */
public final class WireCodec implements PacketSizer {

	private final WireVersions versions;

	private final MetadataCache metadataCache = new MetadataCache();

	/** A codec of what this release speaks. */
	public WireCodec() {
		this(WireVersions.THIS_RELEASE);
	}

	public WireCodec(WireVersions versions) {
		this.versions = versions;
	}

	public WireVersions versions() {
		return this.versions;
	}

	/** Largest payload of a UDP datagram; anything longer cannot be ours. */
	public static final int MAX_PACKET = ProtocolConfig.MAX_UDP_PAYLOAD;

	/** Incarnations above this are rejected: 2^48 refutations would take millennia. */
	public static final long MAX_INCARNATION = (1L << 48) - 1;

	// ------------------------------------------------------------------ sizes

	@Override
	public int baseSize(MemberId sender, long senderIncarnation, Message message) {
		SizeCounter counter = new SizeCounter();
		WireFormat.header(counter, sender, senderIncarnation, message);
		WireFormat.updates(counter, List.of());
		return counter.size();
	}

	@Override
	public int updateSize(Update update) {
		SizeCounter counter = new SizeCounter();
		WireFormat.update(counter, update);
		return counter.size();
	}

	/** Exact encoded size of {@code packet}, the same in every version. */
	public int size(Packet packet) {
		SizeCounter counter = new SizeCounter();
		WireFormat.packet(counter, packet, WireVersions.FIRST, 0);
		return counter.size();
	}

	// ------------------------------------------------------------------ encode

	/**
	 * Encodes {@code packet} in this node's lowest version, which every peer of this and the previous
	 * release reads: for peers whose versions are not known.
	 */
	public byte[] encode(Packet packet) {
		return encode(packet, this.versions.lowest());
	}

	/**
	 * Encodes {@code packet} in {@code version}, one this node speaks; fields are assumed valid because
	 * the records validate themselves.
	 */
	public byte[] encode(Packet packet, int version) {
		if (!this.versions.speaks(version)) {
			throw new IllegalArgumentException("wire version " + version + " is not one of " + this.versions);
		}
		ByteWriter writer = new ByteWriter(size(packet));
		WireFormat.packet(writer, packet, version, this.versions.highest());
		return writer.toByteArray();
	}

	// ------------------------------------------------------------------ decode

	public Packet decode(byte[] data) {
		return decode(data, 0, data.length);
	}

	/** Decodes exactly {@code length} bytes at {@code offset}; throws only {@link DecodeException}. */
	public Packet decode(byte[] data, int offset, int length) {
		return read(data, offset, length).packet();
	}

	/**
	 * Decodes {@code data} as {@link #decode(byte[], int, int)} does, and says what the packet's version
	 * was and whether it held a message of a type this build does not know (read as {@code GOSSIP}).
	 */
	public Decoded read(byte[] data) {
		return read(data, 0, data.length);
	}

	private Decoded read(byte[] data, int offset, int length) {
		if (data == null || offset < 0 || length < 0 || length > data.length - offset) {
			throw new DecodeException("bad buffer bounds");
		}
		if (length > MAX_PACKET) {
			throw new DecodeException("packet longer than a datagram");
		}
		WireReader reader = new WireReader(data, offset, offset + length, this.metadataCache);
		Packet packet = WireFormat.readPacket(reader, this.versions);
		if (reader.remaining() != 0) {
			throw new DecodeException("trailing bytes: " + reader.remaining());
		}
		return new Decoded(packet, reader.version(), reader.senderHighest(), reader.hasSkippedUnknownMessage());
	}

	/**
	 * A decoded packet.
	 *
	 * @param packet the packet
	 * @param version the wire version it was written in
	 * @param senderHighest the highest version its sender speaks (1 for the first version, which does
	 * not say)
	 * @param skippedUnknownMessage whether its message was of a type this build does not know, and so
	 * skipped: {@code packet} carries the updates with an empty {@code GOSSIP} message
	 */
	public record Decoded(Packet packet, int version, int senderHighest, boolean skippedUnknownMessage) {
	}

}
