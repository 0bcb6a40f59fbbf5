package io.github.gossip.internal.wire;

import java.util.ArrayList;
import java.util.Collections;
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
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;

/**
 * The layout of a packet and of its parts (the grammar is on {@link WireCodec}), each written once to
 * a {@link Sink}, so that counting and writing cannot disagree, and each followed by its reader. Message
 * bodies are in {@link MessageFormat}. Writers assume valid fields because the records validate
 * themselves; readers check every bound before allocating.
 */
final class WireFormat {

	private static final int FLAG_STATE = 0b11, FLAG_IPV6 = 0b100, FLAG_METADATA = 0b1000, FLAG_EXCLUDED = 0b10000,
			FLAG_CLAIMS = 0b100000;

	/**
	 * From version 2 on: a length and bytes follow the record, for fields a later version adds; a
	 * reader that does not know them steps over them. This build writes none.
	 */
	private static final int FLAG_EXTENSION = 0b1000000;

	/** The longest extension a record may carry. */
	private static final int MAX_EXTENSION_BYTES = 255;

	/** A role or key takes at least two bytes (length and one byte), a value at least one. */
	private static final int MAX_METADATA_ENTRIES = MemberMetadata.MAX_ENCODED_BYTES / 2;

	/** flags + shortest id (len + 1 byte) + instance + incarnation + IPv4 + port. */
	static final int MIN_UPDATE_SIZE = 1 + 2 + 8 + 1 + 4 + 2;

	private static final MemberState[] STATES = MemberState.values();

	private static final SortedSet<String> EMPTY_ROLES = Collections.emptySortedSet();

	private WireFormat() {
	}

	// ------------------------------------------------------------------ packet

	/**
	 * The packet in {@code version}; sizes do not depend on it, as both versions hold the same fields
	 * in another order (see {@link WireCodec}), so packing is the same for every peer.
	 */
	static void packet(Sink s, Packet p, int version, int highestSpoken) {
		if (version == WireVersions.FIRST) {
			header(s, p.sender(), p.senderIncarnation(), p.message());
			updates(s, p.updates());
			return;
		}
		s.u8((highestSpoken << 4) | version);
		memberId(s, p.sender());
		s.varint(p.senderIncarnation());
		updates(s, p.updates());
		// last, so that a reader that does not know the type still reads the updates before it
		MessageFormat.of(p.message()).write(s, p.message());
	}

	/** Everything before the piggybacked updates in the first version; the same size in every version. */
	static void header(Sink s, MemberId sender, long senderIncarnation, Message message) {
		s.u8(WireVersions.FIRST);
		memberId(s, sender);
		s.varint(senderIncarnation);
		MessageFormat.of(message).write(s, message);
	}

	/**
	 * Reads a packet of any version {@code versions} holds. In the first version the message precedes
	 * the updates, so an unknown type cannot be stepped over and fails the packet; from version 2 on it
	 * comes last, and a type this build does not know is skipped: the packet carries its updates with
	 * an empty {@code GOSSIP} message instead, and the reader records the skip.
	 */
	static Packet readPacket(WireReader r, WireVersions versions) {
		int first = r.u8();
		int version = first & 0x0F;
		int highestSpoken = first >>> 4;
		if (version == 0 || ((version == WireVersions.FIRST) ? highestSpoken != 0 : highestSpoken < version)) {
			throw new DecodeException("malformed version byte " + first);
		}
		if (!versions.speaks(version)) {
			throw DecodeException.unsupportedVersion(version, versions);
		}
		r.version(version, highestSpoken);
		MemberId sender = readMemberId(r);
		long senderIncarnation = r.incarnation();
		if (version == WireVersions.FIRST) {
			Message message = MessageFormat.read(r);
			return new Packet(sender, senderIncarnation, message, readUpdates(r));
		}
		List<Update> updates = readUpdates(r);
		Message message = MessageFormat.readOrSkip(r);
		return new Packet(sender, senderIncarnation, message, updates);
	}

	// ------------------------------------------------------------------ updates

	static void updates(Sink s, List<Update> updates) {
		s.varint(updates.size());
		for (Update u : updates) {
			update(s, u);
		}
	}

	static List<Update> readUpdates(WireReader r) {
		long count = r.varint();
		if (count < 0 || count > r.remaining() / MIN_UPDATE_SIZE) {
			throw new DecodeException("update count " + count + " exceeds what the packet can hold");
		}
		List<Update> updates = new ArrayList<>((int) count);
		for (int i = 0; i < count; i++) {
			updates.add(readUpdate(r));
		}
		return updates;
	}

	static void update(Sink s, Update u) {
		Endpoint e = u.endpoint();
		MemberMetadata m = u.metadata();
		boolean excluding = m != null && !m.excludedRoles().isEmpty();
		boolean claiming = m != null && m.hasClaims();
		s.u8(u.state().ordinal() | (e.isIpv6() ? FLAG_IPV6 : 0) | ((m != null) ? FLAG_METADATA : 0)
				| (excluding ? FLAG_EXCLUDED : 0) | (claiming ? FLAG_CLAIMS : 0));
		memberId(s, u.member());
		s.varint(u.incarnation());
		address(s, e);
		if (u.accuser() != null) {
			s.string(u.accuser());
		}
		if (m != null) {
			metadata(s, m, excluding);
			if (claiming) {
				claims(s, m);
			}
		}
	}

	private static Update readUpdate(WireReader r) {
		int flags = r.u8();
		int known = FLAG_STATE | FLAG_IPV6 | FLAG_METADATA | FLAG_EXCLUDED | FLAG_CLAIMS
				| ((r.version() > WireVersions.FIRST) ? FLAG_EXTENSION : 0);
		if ((flags & ~known) != 0
				|| (flags & (FLAG_METADATA | FLAG_EXCLUDED)) == FLAG_EXCLUDED
				|| (flags & (FLAG_METADATA | FLAG_CLAIMS)) == FLAG_CLAIMS) {
			throw new DecodeException("unknown update flags " + flags);
		}
		MemberState state = STATES[flags & FLAG_STATE];
		MemberId member = readMemberId(r);
		long incarnation = r.incarnation();
		Endpoint endpoint = readAddress(r, (flags & FLAG_IPV6) != 0);
		String accuser = (state == MemberState.SUSPECT) ? r.string() : null;
		MemberMetadata metadata = ((flags & FLAG_METADATA) != 0) ? readMetadataAndClaims(r, flags) : null;
		if ((flags & FLAG_EXTENSION) != 0) {
			long length = r.varint();
			if (length < 1 || length > MAX_EXTENSION_BYTES) {
				throw new DecodeException("record extension of " + length + " bytes out of range");
			}
			r.skip((int) length);
		}
		return new Update(state, member, incarnation, endpoint, accuser, metadata);
	}

	// ------------------------------------------------------------------ metadata

	/** Excluded roles iff {@code excluding}: the flag that says so is written before the metadata. */
	private static void metadata(Sink s, MemberMetadata m, boolean excluding) {
		roles(s, m.roles());
		if (excluding) {
			// only members that exclude a role pay for the list, so other records keep their size
			roles(s, m.excludedRoles());
		}
		s.varint(m.values().size());
		for (var entry : m.values().entrySet()) {
			s.string(entry.getKey());
			s.string(entry.getValue());
		}
	}

	/**
	 * The metadata of an update and its claims, if its flags say it has them: the instance decoded
	 * before from the same bytes where the reader's cache holds one, else decoded in full and
	 * remembered.
	 */
	private static MemberMetadata readMetadataAndClaims(WireReader r, int flags) {
		boolean withExcluded = (flags & FLAG_EXCLUDED) != 0;
		boolean withClaims = (flags & FLAG_CLAIMS) != 0;
		int cacheFlags = flags & (FLAG_EXCLUDED | FLAG_CLAIMS);
		MetadataCache cache = r.metadataCache();
		int start = r.position();
		int end = metadataEnd(r, withExcluded, withClaims);
		if (end >= 0) {
			MemberMetadata known = cache.get(r.buffer(), start, end, cacheFlags);
			if (known != null) {
				r.skip(end - start);
				return known;
			}
		}
		MemberMetadata metadata = readMetadata(r, withExcluded);
		if (withClaims) {
			metadata = readClaims(r, metadata);
		}
		if (end >= 0 && r.position() == end) {
			// the decode read exactly the bytes the skim measured, as both follow the same layout
			cache.put(r.buffer(), start, r.position(), cacheFlags, metadata);
		}
		return metadata;
	}

	/**
	 * Where the metadata (and claims) at the reader's position end, found by stepping over lengths
	 * and counts without decoding a string or checking a value; the reader stays where it was. -1
	 * when the bytes do not even have that shape: the full decode then reports what is wrong.
	 */
	private static int metadataEnd(WireReader r, boolean withExcluded, boolean withClaims) {
		int start = r.position();
		try {
			skipEntries(r, 1, 0); // roles
			if (withExcluded) {
				skipEntries(r, 1, 0);
			}
			skipEntries(r, 2, 0); // keys and values
			if (withClaims) {
				skipEntries(r, 1, 1); // claimed epochs by role
				skipEntries(r, 1, 1); // known epochs by role
			}
			return r.position();
		}
		catch (DecodeException ex) {
			return -1;
		}
		finally {
			r.rewind(start);
		}
	}

	/** Steps over a count, then that many entries of {@code strings} length-prefixed strings and {@code varints} varints. */
	private static void skipEntries(WireReader r, int strings, int varints) {
		long count = r.varint();
		if (count < 0 || count > r.remaining()) {
			throw new DecodeException("count out of range");
		}
		for (long i = 0; i < count; i++) {
			for (int s = 0; s < strings; s++) {
				long length = r.varint();
				if (length < 0 || length > r.remaining()) {
					throw new DecodeException("length out of range");
				}
				r.skip((int) length);
			}
			for (int v = 0; v < varints; v++) {
				r.varint();
			}
		}
	}

	private static MemberMetadata readMetadata(WireReader r, boolean withExcluded) {
		SortedSet<String> roles = readRoles(r, "role");
		SortedSet<String> excluded = withExcluded ? readRoles(r, "excluded role") : EMPTY_ROLES;
		if (withExcluded && excluded.isEmpty()) {
			throw new DecodeException("excluded role flag set but no excluded role");
		}
		long valueCount = r.varint();
		if (valueCount < 0 || valueCount > MAX_METADATA_ENTRIES || valueCount > r.remaining() / 3) {
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

	/**
	 * The leadership claims and known epochs, written only by a member that has any (a flag says
	 * so), so that other records keep their size: for each of the two, a count, then role and epoch
	 * per entry, sorted by role; at least one entry in all.
	 */
	private static void claims(Sink s, MemberMetadata m) {
		epochs(s, m.claims());
		epochs(s, m.floors());
	}

	private static void epochs(Sink s, SortedMap<String, Long> epochs) {
		s.varint(epochs.size());
		for (var entry : epochs.entrySet()) {
			s.string(entry.getKey());
			s.varint(entry.getValue());
		}
	}

	private static MemberMetadata readClaims(WireReader r, MemberMetadata metadata) {
		SortedMap<String, Long> claims = readEpochs(r, "claim");
		SortedMap<String, Long> floors = readEpochs(r, "known epoch");
		if (claims.isEmpty() && floors.isEmpty()) {
			throw new DecodeException("claims flag without any claim or known epoch");
		}
		try {
			return metadata.withClaims(claims, floors);
		}
		catch (IllegalArgumentException ex) {
			throw new DecodeException("bad claims: " + ex.getMessage());
		}
	}

	private static SortedMap<String, Long> readEpochs(WireReader r, String what) {
		long count = r.varint();
		if (count < 0 || count > MemberMetadata.MAX_CLAIMS_BYTES / 2 || count > r.remaining() / 2) {
			throw new DecodeException(what + " count " + count + " out of range");
		}
		SortedMap<String, Long> epochs = new TreeMap<>();
		String previous = null;
		for (int i = 0; i < count; i++) {
			String seat = r.string(0, MemberMetadata.MAX_STRING_BYTES);
			if (previous != null && previous.compareTo(seat) >= 0) {
				throw new DecodeException(what + "s must be sorted by role and distinct");
			}
			epochs.put(seat, r.epoch(1));
			previous = seat;
		}
		return epochs;
	}

	private static void roles(Sink s, SortedSet<String> roles) {
		s.varint(roles.size());
		for (String role : roles) {
			s.string(role);
		}
	}

	private static SortedSet<String> readRoles(WireReader r, String what) {
		long count = r.varint();
		if (count < 0 || count > MAX_METADATA_ENTRIES || count > r.remaining() / 2) {
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

	// ------------------------------------------------------------------ member ids and endpoints

	static void memberId(Sink s, MemberId id) {
		s.string(id.nodeId());
		s.u64(id.instance());
	}

	static MemberId readMemberId(WireReader r) {
		return new MemberId(r.string(), r.u64());
	}

	/** An endpoint with its family, where no flag says it. */
	static void endpoint(Sink s, Endpoint e) {
		s.u8(e.isIpv6() ? 6 : 4);
		address(s, e);
	}

	static Endpoint readEndpoint(WireReader r) {
		int family = r.u8();
		if (family != 4 && family != 6) {
			throw new DecodeException("unknown address family " + family);
		}
		return readAddress(r, family == 6);
	}

	/** Address bytes and port; the family is known from a flag or a family byte. */
	private static void address(Sink s, Endpoint e) {
		s.address(e);
		s.u16(e.port());
	}

	private static Endpoint readAddress(WireReader r, boolean ipv6) {
		return new Endpoint(r.bytes(ipv6 ? 16 : 4), r.u16());
	}

}
