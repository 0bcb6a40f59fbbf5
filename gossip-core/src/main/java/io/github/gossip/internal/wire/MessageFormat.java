package io.github.gossip.internal.wire;

import java.util.ArrayList;
import java.util.List;

import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Message.Ack;
import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.JoinRequest;
import io.github.gossip.internal.protocol.Message.JoinResponse;
import io.github.gossip.internal.protocol.Message.LeaseGrant;
import io.github.gossip.internal.protocol.Message.LeaseRequest;
import io.github.gossip.internal.protocol.Message.Nack;
import io.github.gossip.internal.protocol.Message.Ping;
import io.github.gossip.internal.protocol.Message.PingReq;
import io.github.gossip.internal.protocol.Message.SyncPush;
import io.github.gossip.internal.protocol.Message.SyncRequest;
import io.github.gossip.internal.protocol.ViewDigest;

/**
 * The wire format of one kind of {@link Message}: its type byte, how its body is written to any
 * {@link Sink} and, next to that, how it is read back. {@link #of} finds the format of a message by its
 * class; {@link #ALL} holds one format per kind that {@code Message} permits, which a test checks
 * against the sealed hierarchy, so a new kind fails the build's tests until it has a format here.
 *
 * @param <M> the kind of message
 */
final class MessageFormat<M extends Message> {

	static final MessageFormat<Gossip> GOSSIP = new MessageFormat<>(0, Gossip.class,
			(s, m) -> {
			},
			(r) -> Gossip.INSTANCE);

	static final MessageFormat<Ping> PING = new MessageFormat<>(1, Ping.class,
			(s, m) -> {
				s.varint(m.seq());
				WireFormat.memberId(s, m.target());
			},
			(r) -> new Ping(r.seq(), WireFormat.readMemberId(r)));

	static final MessageFormat<Ack> ACK = new MessageFormat<>(2, Ack.class,
			(s, m) -> s.varint(m.seq()),
			(r) -> new Ack(r.seq()));

	static final MessageFormat<Nack> NACK = new MessageFormat<>(3, Nack.class,
			(s, m) -> s.varint(m.seq()),
			(r) -> new Nack(r.seq()));

	static final MessageFormat<PingReq> PING_REQ = new MessageFormat<>(4, PingReq.class,
			(s, m) -> {
				s.varint(m.seq());
				WireFormat.memberId(s, m.target());
				WireFormat.endpoint(s, m.targetEndpoint());
			},
			(r) -> new PingReq(r.seq(), WireFormat.readMemberId(r), WireFormat.readEndpoint(r)));

	static final MessageFormat<JoinRequest> JOIN_REQ = new MessageFormat<>(5, JoinRequest.class,
			(s, m) -> {
				WireFormat.endpoint(s, m.advertise());
				s.varint(m.incarnation());
			},
			(r) -> new JoinRequest(WireFormat.readEndpoint(r), r.incarnation()));

	static final MessageFormat<JoinResponse> JOIN_RESP = new MessageFormat<>(6, JoinResponse.class,
			(s, m) -> WireFormat.updates(s, m.members()),
			(r) -> new JoinResponse(WireFormat.readUpdates(r)));

	static final MessageFormat<SyncRequest> SYNC_REQ = new MessageFormat<>(7, SyncRequest.class,
			MessageFormat::writeSyncRequest, MessageFormat::readSyncRequest);

	static final MessageFormat<SyncPush> SYNC_PUSH = new MessageFormat<>(8, SyncPush.class,
			MessageFormat::writeSyncPush, MessageFormat::readSyncPush);

	static final MessageFormat<LeaseRequest> LEASE_REQ = new MessageFormat<>(9, LeaseRequest.class,
			(s, m) -> {
				s.string(m.role());
				s.varint(m.epoch());
				s.varint(m.seq());
			},
			(r) -> new LeaseRequest(r.string(0, MemberMetadata.MAX_STRING_BYTES), r.epoch(1), r.seq()));

	static final MessageFormat<LeaseGrant> LEASE_GRANT = new MessageFormat<>(10, LeaseGrant.class,
			(s, m) -> {
				s.string(m.role());
				s.varint(m.epoch());
				s.varint(m.seq());
				s.u8(m.granted() ? 1 : 0);
			},
			(r) -> {
				String role = r.string(0, MemberMetadata.MAX_STRING_BYTES);
				long epoch = r.epoch(0);
				long seq = r.seq();
				boolean granted = r.bool("granted");
				if (granted && epoch < 1) {
					// a refusal may know no epoch; a grant is always of one
					throw new DecodeException("granted epoch 0");
				}
				return new LeaseGrant(role, epoch, seq, granted);
			});

	/** Every format, at the index of its type byte. */
	static final List<MessageFormat<?>> ALL = List.of(GOSSIP, PING, ACK, NACK, PING_REQ, JOIN_REQ, JOIN_RESP,
			SYNC_REQ, SYNC_PUSH, LEASE_REQ, LEASE_GRANT);

	private static final int FLAG_WANT_REPLY = 1;

	private static final MessageFormat<?>[] BY_TYPE = ALL.toArray(new MessageFormat<?>[0]);

	private final int type;

	private final Class<M> kind;

	private final BodyWriter<M> writer;

	private final BodyReader<M> reader;

	private MessageFormat(int type, Class<M> kind, BodyWriter<M> writer, BodyReader<M> reader) {
		this.type = type;
		this.kind = kind;
		this.writer = writer;
		this.reader = reader;
	}

	int type() {
		return this.type;
	}

	Class<M> kind() {
		return this.kind;
	}

	/** The format of {@code message}'s kind; the messages are records, so their classes are exact. */
	static MessageFormat<?> of(Message message) {
		Class<?> kind = message.getClass();
		for (MessageFormat<?> format : BY_TYPE) {
			if (format.kind == kind) {
				return format;
			}
		}
		throw new IllegalStateException("no wire format for " + kind.getName());
	}

	/** Writes {@code message}, which must be of this format's kind: type byte, then body. */
	void write(Sink sink, Message message) {
		sink.u8(this.type);
		this.writer.write(sink, this.kind.cast(message));
	}

	/** Reads a type byte and the body of that kind. */
	static Message read(WireReader reader) {
		int type = reader.u8();
		if (type >= BY_TYPE.length) {
			throw new DecodeException("unknown message type " + type);
		}
		return BY_TYPE[type].reader.read(reader);
	}

	/**
	 * Reads a type byte and the body of that kind, which ends the packet. A type added after the
	 * second version carries the length of its body, which must end the packet exactly: this build
	 * steps over it and reads the empty {@code GOSSIP} message instead, and a garbled tail cannot pass
	 * for such a message any more easily than for a known one.
	 */
	static Message readOrSkip(WireReader reader) {
		int type = reader.u8();
		if (type >= BY_TYPE.length) {
			long length = reader.varint();
			if (length != reader.remaining()) {
				throw new DecodeException("message of unknown type " + type + " with a body of " + length
						+ " bytes where " + reader.remaining() + " remain");
			}
			reader.skip((int) length);
			reader.skippedUnknownMessage();
			return Gossip.INSTANCE;
		}
		return BY_TYPE[type].reader.read(reader);
	}

	// ------------------------------------------------------------------ anti-entropy bodies

	private static void writeSyncRequest(Sink s, SyncRequest m) {
		s.varint(m.bucketHashes().size());
		for (int hash : m.bucketHashes()) {
			s.u32(hash);
		}
	}

	private static SyncRequest readSyncRequest(WireReader r) {
		int count = readBucketCount(r);
		r.need(4 * count);
		List<Integer> hashes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			hashes.add(r.u32());
		}
		return new SyncRequest(hashes);
	}

	private static void writeSyncPush(Sink s, SyncPush m) {
		s.u8(m.wantReply() ? FLAG_WANT_REPLY : 0);
		s.varint(m.bucketCount());
		s.varint(m.buckets().size());
		for (int bucket : m.buckets()) {
			s.varint(bucket);
		}
		WireFormat.updates(s, m.records());
	}

	private static SyncPush readSyncPush(WireReader r) {
		int flags = r.u8();
		if ((flags & ~FLAG_WANT_REPLY) != 0) {
			throw new DecodeException("unknown sync flags " + flags);
		}
		int bucketCount = readBucketCount(r);
		long n = r.varint();
		if (n < 0 || n > bucketCount || n > r.remaining()) {
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
		return new SyncPush((flags & FLAG_WANT_REPLY) != 0, bucketCount, buckets, WireFormat.readUpdates(r));
	}

	/** A bucket count, bounded before the cast and before anything is allocated for it. */
	private static int readBucketCount(WireReader r) {
		long count = r.varint();
		if (count > ViewDigest.MAX_BUCKETS || !ViewDigest.isValidBucketCount((int) count)) {
			throw new DecodeException("bad bucket count " + count);
		}
		return (int) count;
	}

	/** Writes the body of a message (everything after its type byte). */
	@FunctionalInterface
	interface BodyWriter<M> {

		void write(Sink sink, M message);

	}

	/** Reads the body of a message, checking every bound. */
	@FunctionalInterface
	interface BodyReader<M> {

		M read(WireReader reader);

	}

}
