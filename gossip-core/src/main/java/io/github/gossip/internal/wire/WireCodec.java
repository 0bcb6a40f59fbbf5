package io.github.gossip.internal.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;
import io.github.gossip.internal.protocol.Message.Nack;
import io.github.gossip.internal.protocol.Message.Ping;
import io.github.gossip.internal.protocol.Message.PingReq;
import io.github.gossip.internal.protocol.Message.SyncPush;
import io.github.gossip.internal.protocol.Message.SyncRequest;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.PacketSizer;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.Update;
import io.github.gossip.internal.protocol.ViewDigest;

/**
 * Binary codec of {@link Packet}s (the plaintext that the crypto layer seals).
 *
 * <pre>
 * packet   = version:u8 sender:member-id sender-incarnation:varint message updates
 * member-id= node-id:str instance:u64be
 * str      = len:varint(1..64) utf8-bytes (no control characters)
 * message  = type:u8 body
 *   0 GOSSIP    (empty)
 *   1 PING      seq:varint target:member-id
 *   2 ACK       seq:varint
 *   3 NACK      seq:varint
 *   4 PING_REQ  seq:varint target:member-id endpoint
 *   5 JOIN_REQ  endpoint incarnation:varint
 *   6 JOIN_RESP updates
 *   7 SYNC_REQ  count:varint (power of two, 1..128) hash:u32be*count
 *   8 SYNC_PUSH flags:u8 (bit 0 want-reply) bucket-count:varint n:varint bucket:varint*n updates
 *               buckets strictly ascending and below bucket-count
 * updates  = count:varint update*
 * update   = flags:u8 member-id incarnation:varint addr:4|16 port:u16be [accuser:str] [metadata]
 *            flags bits 0-1 state (ALIVE, SUSPECT, DEAD, LEFT), bit 2 IPv6, bit 3 metadata,
 *            bit 4 excluded roles (only with bit 3); accuser iff SUSPECT
 * metadata = roles:varint role:mstr* [excluded:varint role:mstr*] values:varint (key:mstr value:mstr0)*
 *            excluded roles iff flag bit 4, never empty then; roles, excluded roles and keys
 *            strictly ascending; at most 512 bytes as counted by MemberMetadata
 * mstr     = len:varint(1..128) utf8-bytes; mstr0 the same with len 0..128
 * endpoint = family:u8 (4|6) addr:4|16 port:u16be
 * </pre>
 *
 * Varints are unsigned LEB128. The decoder checks every length and count against the bytes that
 * remain before allocating, caps incarnations, rejects unknown flag bits and trailing bytes, and
 * reports every problem as a {@link DecodeException}. Instances are stateless and thread-safe.
 */
public final class WireCodec implements PacketSizer {

	public static final int VERSION = 1;

	/** Largest payload of a UDP datagram; anything longer cannot be ours. */
	public static final int MAX_PACKET = ProtocolConfig.MAX_UDP_PAYLOAD;

	/** Incarnations above this are rejected: 2^48 refutations would take millennia. */
	public static final long MAX_INCARNATION = (1L << 48) - 1;

	static final int GOSSIP = 0, PING = 1, ACK = 2, NACK = 3, PING_REQ = 4, JOIN_REQ = 5, JOIN_RESP = 6,
			SYNC_REQ = 7, SYNC_PUSH = 8;

	private static final int FLAG_STATE = 0b11, FLAG_IPV6 = 0b100, FLAG_METADATA = 0b1000, FLAG_EXCLUDED = 0b10000;

	private static final int FLAG_WANT_REPLY = 1;

	/** A role or key takes at least two bytes (length and one byte), a value at least one. */
	private static final int MAX_METADATA_ENTRIES = MemberMetadata.MAX_ENCODED_BYTES / 2;

	/** flags + shortest id (len + 1 byte) + instance + incarnation + IPv4 + port. */
	static final int MIN_UPDATE_SIZE = 1 + 2 + 8 + 1 + 4 + 2;

	private static final MemberState[] STATES = MemberState.values();

	// ------------------------------------------------------------------ sizes

	@Override
	public int baseSize(MemberId sender, long senderIncarnation, Message message) {
		return 1 + memberIdSize(sender) + varintSize(senderIncarnation) + messageSize(message) + 1;
	}

	@Override
	public int updateSize(Update u) {
		int size = 1 + memberIdSize(u.member()) + varintSize(u.incarnation()) + (u.endpoint().isIpv6() ? 16 : 4) + 2;
		if (u.accuser() != null) {
			size += stringSize(u.accuser());
		}
		if (u.metadata() != null) {
			size += metadataSize(u.metadata());
		}
		return size;
	}

	private static int metadataSize(MemberMetadata m) {
		int size = varintSize(m.roles().size()) + varintSize(m.values().size());
		for (String role : m.roles()) {
			size += stringSize(role);
		}
		if (!m.excludedRoles().isEmpty()) {
			// only members that exclude a role pay for the list, so other records keep their size
			size += varintSize(m.excludedRoles().size());
			for (String role : m.excludedRoles()) {
				size += stringSize(role);
			}
		}
		for (var e : m.values().entrySet()) {
			size += stringSize(e.getKey()) + stringSize(e.getValue());
		}
		return size;
	}

	/** Exact encoded size of {@code packet}. */
	public int size(Packet packet) {
		int size = 1 + memberIdSize(packet.sender()) + varintSize(packet.senderIncarnation())
				+ messageSize(packet.message())
				+ varintSize(packet.updates().size());
		for (Update u : packet.updates()) {
			size += updateSize(u);
		}
		return size;
	}

	private int messageSize(Message m) {
		if (m instanceof Gossip) {
			return 1;
		}
		if (m instanceof Ping p) {
			return 1 + varintSize(p.seq()) + memberIdSize(p.target());
		}
		if (m instanceof Ack a) {
			return 1 + varintSize(a.seq());
		}
		if (m instanceof Nack n) {
			return 1 + varintSize(n.seq());
		}
		if (m instanceof PingReq r) {
			return 1 + varintSize(r.seq()) + memberIdSize(r.target()) + endpointSize(r.targetEndpoint());
		}
		if (m instanceof JoinRequest j) {
			return 1 + endpointSize(j.advertise()) + varintSize(j.incarnation());
		}
		if (m instanceof SyncRequest q) {
			return 1 + varintSize(q.bucketHashes().size()) + 4 * q.bucketHashes().size();
		}
		if (m instanceof SyncPush p) {
			int size = 1 + 1 + varintSize(p.bucketCount()) + varintSize(p.buckets().size());
			for (int b : p.buckets()) {
				size += varintSize(b);
			}
			return size + updatesSize(p.records());
		}
		JoinResponse r = (JoinResponse) m;
		return 1 + updatesSize(r.members());
	}

	private int updatesSize(List<Update> updates) {
		int size = varintSize(updates.size());
		for (Update u : updates) {
			size += updateSize(u);
		}
		return size;
	}

	private static int memberIdSize(MemberId id) {
		return stringSize(id.nodeId()) + 8;
	}

	private static int endpointSize(Endpoint e) {
		return 1 + (e.isIpv6() ? 16 : 4) + 2;
	}

	private static int stringSize(String s) {
		int len = utf8Length(s);
		return varintSize(len) + len;
	}

	static int varintSize(long v) {
		int size = 1;
		while ((v & ~0x7FL) != 0) {
			v >>>= 7;
			size++;
		}
		return size;
	}

	private static int utf8Length(String s) {
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

	// ------------------------------------------------------------------ encode

	/** Encodes {@code packet}; fields are assumed valid because the records validate themselves. */
	public byte[] encode(Packet packet) {
		Writer w = new Writer(size(packet));
		w.u8(VERSION);
		writeMemberId(w, packet.sender());
		w.varint(packet.senderIncarnation());
		writeMessage(w, packet.message());
		writeUpdates(w, packet.updates());
		if (w.pos != w.buf.length) {
			throw new IllegalStateException("size mismatch: " + w.pos + " != " + w.buf.length);
		}
		return w.buf;
	}

	private void writeMessage(Writer w, Message m) {
		if (m instanceof Gossip) {
			w.u8(GOSSIP);
		}
		else if (m instanceof Ping p) {
			w.u8(PING);
			w.varint(p.seq());
			writeMemberId(w, p.target());
		}
		else if (m instanceof Ack a) {
			w.u8(ACK);
			w.varint(a.seq());
		}
		else if (m instanceof Nack n) {
			w.u8(NACK);
			w.varint(n.seq());
		}
		else if (m instanceof PingReq r) {
			w.u8(PING_REQ);
			w.varint(r.seq());
			writeMemberId(w, r.target());
			writeEndpoint(w, r.targetEndpoint());
		}
		else if (m instanceof JoinRequest j) {
			w.u8(JOIN_REQ);
			writeEndpoint(w, j.advertise());
			w.varint(j.incarnation());
		}
		else if (m instanceof SyncRequest q) {
			w.u8(SYNC_REQ);
			w.varint(q.bucketHashes().size());
			for (int h : q.bucketHashes()) {
				w.u32(h);
			}
		}
		else if (m instanceof SyncPush p) {
			w.u8(SYNC_PUSH);
			w.u8(p.wantReply() ? FLAG_WANT_REPLY : 0);
			w.varint(p.bucketCount());
			w.varint(p.buckets().size());
			for (int b : p.buckets()) {
				w.varint(b);
			}
			writeUpdates(w, p.records());
		}
		else {
			w.u8(JOIN_RESP);
			writeUpdates(w, ((JoinResponse) m).members());
		}
	}

	private static void writeUpdates(Writer w, List<Update> updates) {
		w.varint(updates.size());
		for (Update u : updates) {
			Endpoint e = u.endpoint();
			w.u8(u.state().ordinal() | (e.isIpv6() ? FLAG_IPV6 : 0) | (u.metadata() != null ? FLAG_METADATA : 0)
					| (u.metadata() != null && !u.metadata().excludedRoles().isEmpty() ? FLAG_EXCLUDED : 0));
			writeMemberId(w, u.member());
			w.varint(u.incarnation());
			for (int i = 0, n = e.isIpv6() ? 16 : 4; i < n; i++) {
				w.u8(e.addressByte(i));
			}
			w.u16(e.port());
			if (u.accuser() != null) {
				w.string(u.accuser());
			}
			if (u.metadata() != null) {
				MemberMetadata m = u.metadata();
				w.varint(m.roles().size());
				for (String role : m.roles()) {
					w.string(role);
				}
				if (!m.excludedRoles().isEmpty()) {
					w.varint(m.excludedRoles().size());
					for (String role : m.excludedRoles()) {
						w.string(role);
					}
				}
				w.varint(m.values().size());
				for (var entry : m.values().entrySet()) {
					w.string(entry.getKey());
					w.string(entry.getValue());
				}
			}
		}
	}

	private static void writeMemberId(Writer w, MemberId id) {
		w.string(id.nodeId());
		w.u64(id.instance());
	}

	private static void writeEndpoint(Writer w, Endpoint e) {
		w.u8(e.isIpv6() ? 6 : 4);
		for (int i = 0, n = e.isIpv6() ? 16 : 4; i < n; i++) {
			w.u8(e.addressByte(i));
		}
		w.u16(e.port());
	}

	// ------------------------------------------------------------------ decode

	public Packet decode(byte[] data) {
		return decode(data, 0, data.length);
	}

	/** Decodes exactly {@code length} bytes at {@code offset}; throws only {@link DecodeException}. */
	public Packet decode(byte[] data, int offset, int length) {
		if (data == null || offset < 0 || length < 0 || length > data.length - offset) {
			throw new DecodeException("bad buffer bounds");
		}
		if (length > MAX_PACKET) {
			throw new DecodeException("packet longer than a datagram");
		}
		Reader r = new Reader(data, offset, offset + length);
		int version = r.u8();
		if (version != VERSION) {
			throw new DecodeException("unsupported version " + version);
		}
		MemberId sender = readMemberId(r);
		long senderIncarnation = r.incarnation();
		Message message = readMessage(r);
		List<Update> updates = readUpdates(r);
		if (r.pos != r.end) {
			throw new DecodeException("trailing bytes: " + (r.end - r.pos));
		}
		return new Packet(sender, senderIncarnation, message, updates);
	}

	private Message readMessage(Reader r) {
		int type = r.u8();
		switch (type) {
			case GOSSIP:
				return Gossip.INSTANCE;
			case PING:
				return new Ping(r.seq(), readMemberId(r));
			case ACK:
				return new Ack(r.seq());
			case NACK:
				return new Nack(r.seq());
			case PING_REQ:
				return new PingReq(r.seq(), readMemberId(r), readEndpoint(r));
			case JOIN_REQ:
				return new JoinRequest(readEndpoint(r), r.incarnation());
			case JOIN_RESP:
				return new JoinResponse(readUpdates(r));
			case SYNC_REQ:
				return readSyncRequest(r);
			case SYNC_PUSH:
				return readSyncPush(r);
			default:
				throw new DecodeException("unknown message type " + type);
		}
	}

	/** A bucket count, bounded before the cast and before anything is allocated for it. */
	private static int readBucketCount(Reader r) {
		long count = r.varint();
		if (count > ViewDigest.MAX_BUCKETS || !ViewDigest.isValidBucketCount((int) count)) {
			throw new DecodeException("bad bucket count " + count);
		}
		return (int) count;
	}

	private static SyncRequest readSyncRequest(Reader r) {
		int count = readBucketCount(r);
		r.need(4 * count);
		List<Integer> hashes = new ArrayList<>((int) count);
		for (int i = 0; i < count; i++) {
			hashes.add(r.u32());
		}
		return new SyncRequest(hashes);
	}

	private static SyncPush readSyncPush(Reader r) {
		int flags = r.u8();
		if ((flags & ~FLAG_WANT_REPLY) != 0) {
			throw new DecodeException("unknown sync flags " + flags);
		}
		int bucketCount = readBucketCount(r);
		long n = r.varint();
		if (n < 0 || n > bucketCount || n > r.end - r.pos) {
			throw new DecodeException("bucket list of " + n + " out of range");
		}
		List<Integer> buckets = new ArrayList<>((int) n);
		long previous = -1;
		for (int i = 0; i < n; i++) {
			long b = r.varint();
			if (b <= previous || b >= bucketCount) {
				throw new DecodeException("buckets must ascend below " + bucketCount);
			}
			buckets.add((int) b);
			previous = b;
		}
		return new SyncPush((flags & FLAG_WANT_REPLY) != 0, bucketCount, buckets, readUpdates(r));
	}

	private static final SortedSet<String> EMPTY_ROLES = java.util.Collections.emptySortedSet();

	private static SortedSet<String> readRoles(Reader r, String what) {
		long count = r.varint();
		if (count < 0 || count > MAX_METADATA_ENTRIES || count > (r.end - r.pos) / 2) {
			throw new DecodeException(what + " count " + count + " out of range");
		}
		if (count == 0) {
			return EMPTY_ROLES;
		}
		SortedSet<String> roles = new TreeSet<>();
		String previous = null;
		for (int i = 0; i < count; i++) {
			String role = r.string(1, MemberMetadata.MAX_STRING_BYTES);
			if (previous != null && previous.compareTo(role) >= 0) {
				throw new DecodeException(what + "s must be sorted and distinct");
			}
			roles.add(role);
			previous = role;
		}
		return roles;
	}

	private static MemberMetadata readMetadata(Reader r, boolean withExcluded) {
		SortedSet<String> roles = readRoles(r, "role");
		SortedSet<String> excluded = withExcluded ? readRoles(r, "excluded role") : EMPTY_ROLES;
		if (withExcluded && excluded.isEmpty()) {
			throw new DecodeException("excluded role flag set but no excluded role");
		}
		long valueCount = r.varint();
		if (valueCount < 0 || valueCount > MAX_METADATA_ENTRIES || valueCount > (r.end - r.pos) / 3) {
			throw new DecodeException("metadata value count " + valueCount + " out of range");
		}
		if (roles.isEmpty() && excluded.isEmpty() && valueCount == 0) {
			// the common case by far: share one instance instead of building empty sorted collections
			return MemberMetadata.EMPTY;
		}
		SortedMap<String, String> values = new TreeMap<>();
		String previous = null;
		for (int i = 0; i < valueCount; i++) {
			String key = r.string(1, MemberMetadata.MAX_STRING_BYTES);
			if (previous != null && previous.compareTo(key) >= 0) {
				throw new DecodeException("metadata keys must be sorted and distinct");
			}
			values.put(key, r.string(0, MemberMetadata.MAX_STRING_BYTES));
			previous = key;
		}
		try {
			return new MemberMetadata(roles, excluded, values);
		}
		catch (IllegalArgumentException ex) {
			throw new DecodeException("bad metadata: " + ex.getMessage());
		}
	}

	private static List<Update> readUpdates(Reader r) {
		long count = r.varint();
		if (count < 0 || count > (r.end - r.pos) / MIN_UPDATE_SIZE) {
			throw new DecodeException("update count " + count + " exceeds what the packet can hold");
		}
		List<Update> updates = new ArrayList<>((int) count);
		for (int i = 0; i < count; i++) {
			int flags = r.u8();
			if ((flags & ~(FLAG_STATE | FLAG_IPV6 | FLAG_METADATA | FLAG_EXCLUDED)) != 0
					|| (flags & (FLAG_METADATA | FLAG_EXCLUDED)) == FLAG_EXCLUDED) {
				throw new DecodeException("unknown update flags " + flags);
			}
			MemberState state = STATES[flags & FLAG_STATE];
			MemberId member = readMemberId(r);
			long incarnation = r.incarnation();
			Endpoint endpoint = new Endpoint(r.bytes((flags & FLAG_IPV6) != 0 ? 16 : 4), r.u16());
			String accuser = (state == MemberState.SUSPECT) ? r.string() : null;
			MemberMetadata metadata = ((flags & FLAG_METADATA) != 0) ? readMetadata(r, (flags & FLAG_EXCLUDED) != 0)
					: null;
			updates.add(new Update(state, member, incarnation, endpoint, accuser, metadata));
		}
		return updates;
	}

	private static MemberId readMemberId(Reader r) {
		return new MemberId(r.string(), r.u64());
	}

	private static Endpoint readEndpoint(Reader r) {
		int family = r.u8();
		if (family != 4 && family != 6) {
			throw new DecodeException("unknown address family " + family);
		}
		return new Endpoint(r.bytes(family == 6 ? 16 : 4), r.u16());
	}

	private static final class Writer {

		final byte[] buf;

		int pos;

		Writer(int size) {
			this.buf = new byte[size];
		}

		void u8(int v) {
			this.buf[this.pos++] = (byte) v;
		}

		void u16(int v) {
			u8(v >>> 8);
			u8(v);
		}

		void u32(int v) {
			u16(v >>> 16);
			u16(v & 0xFFFF);
		}

		void u64(long v) {
			for (int shift = 56; shift >= 0; shift -= 8) {
				u8((int) (v >>> shift));
			}
		}

		void varint(long v) {
			while ((v & ~0x7FL) != 0) {
				u8((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			u8((int) v);
		}

		void string(String s) {
			byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
			varint(bytes.length);
			System.arraycopy(bytes, 0, this.buf, this.pos, bytes.length);
			this.pos += bytes.length;
		}

	}

	private static final class Reader {

		final byte[] buf;

		final int end;

		int pos;

		Reader(byte[] buf, int pos, int end) {
			this.buf = buf;
			this.pos = pos;
			this.end = end;
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

		long incarnation() {
			long v = varint();
			if (v < 0 || v > MAX_INCARNATION) {
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

}
