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

	/** A role or key takes at least two bytes (length and one byte), a value at least one. */
	private static final int MAX_METADATA_ENTRIES = MemberMetadata.MAX_ENCODED_BYTES / 2;

	/** flags + shortest id (len + 1 byte) + instance + incarnation + IPv4 + port. */
	static final int MIN_UPDATE_SIZE = 1 + 2 + 8 + 1 + 4 + 2;

	private static final MemberState[] STATES = MemberState.values();

	private static final SortedSet<String> EMPTY_ROLES = Collections.emptySortedSet();

	private WireFormat() {
	}

	// ------------------------------------------------------------------ packet

	static void packet(Sink s, Packet p) {
		header(s, p.sender(), p.senderIncarnation(), p.message());
		updates(s, p.updates());
	}

	/** Everything before the piggybacked updates. */
	static void header(Sink s, MemberId sender, long senderIncarnation, Message message) {
		s.u8(WireCodec.VERSION);
		memberId(s, sender);
		s.varint(senderIncarnation);
		MessageFormat.of(message).write(s, message);
	}

	static Packet readPacket(WireReader r) {
		int version = r.u8();
		if (version != WireCodec.VERSION) {
			throw new DecodeException("unsupported version " + version);
		}
		MemberId sender = readMemberId(r);
		long senderIncarnation = r.incarnation();
		Message message = MessageFormat.read(r);
		List<Update> updates = readUpdates(r);
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
		boolean claiming = m != null && !m.claims().isEmpty();
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
		if ((flags & ~(FLAG_STATE | FLAG_IPV6 | FLAG_METADATA | FLAG_EXCLUDED | FLAG_CLAIMS)) != 0
				|| (flags & (FLAG_METADATA | FLAG_EXCLUDED)) == FLAG_EXCLUDED
				|| (flags & (FLAG_METADATA | FLAG_CLAIMS)) == FLAG_CLAIMS) {
			throw new DecodeException("unknown update flags " + flags);
		}
		MemberState state = STATES[flags & FLAG_STATE];
		MemberId member = readMemberId(r);
		long incarnation = r.incarnation();
		Endpoint endpoint = readAddress(r, (flags & FLAG_IPV6) != 0);
		String accuser = (state == MemberState.SUSPECT) ? r.string() : null;
		MemberMetadata metadata = ((flags & FLAG_METADATA) != 0) ? readMetadata(r, (flags & FLAG_EXCLUDED) != 0)
				: null;
		if ((flags & FLAG_CLAIMS) != 0) {
			metadata = readClaims(r, metadata);
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
	 * The leadership claims, written only by a member that leads something (a flag says so), so
	 * that other records keep their size: count, then role and epoch per claim, sorted by role.
	 */
	private static void claims(Sink s, MemberMetadata m) {
		s.varint(m.claims().size());
		for (var claim : m.claims().entrySet()) {
			s.string(claim.getKey());
			s.varint(claim.getValue());
		}
	}

	private static MemberMetadata readClaims(WireReader r, MemberMetadata metadata) {
		long count = r.varint();
		if (count < 1 || count > MemberMetadata.MAX_CLAIMS_BYTES / 2 || count > r.remaining() / 2) {
			throw new DecodeException("claim count " + count + " out of range");
		}
		SortedMap<String, Long> claims = new TreeMap<>();
		String previous = null;
		for (int i = 0; i < count; i++) {
			String seat = r.string(0, MemberMetadata.MAX_STRING_BYTES);
			if (previous != null && previous.compareTo(seat) >= 0) {
				throw new DecodeException("claims must be sorted by role and distinct");
			}
			claims.put(seat, r.epoch(1));
			previous = seat;
		}
		try {
			return metadata.withClaims(claims);
		}
		catch (IllegalArgumentException ex) {
			throw new DecodeException("bad claims: " + ex.getMessage());
		}
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
