package io.github.gossip.internal.wire;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gossip.internal.protocol.MemberMetadata;

/**
 * The member metadata a codec decoded lately, by the exact bytes it was decoded from. A member's
 * metadata changes rarely, yet it rides on every ALIVE record of it, and in a mass join each member
 * receives each other member's record many times over (a retransmit limit's worth of relays, plus
 * syncs): forming a cluster of 500 on one machine spent a sixth of its CPU building and checking the
 * same sorted sets and maps again. Bytes seen before decode to the instance they gave then, which
 * is immutable and was checked then; what is new or malformed is decoded in full, so every error is
 * still reported as it was.
 * <p>
 * Bounded by the entries it holds ({@link #MAX_ENTRIES}) and by the bytes of their keys
 * ({@link #MAX_BYTES}): when full it starts afresh, which costs only decoding again. Thread-safe,
 * as the codec is: a node's socket may be read on any I/O thread.
 */
final class MetadataCache {

	/**
	 * Distinct metadata held at most: one per member of a cluster of a thousand whose members all
	 * differ. An entry holds its key and the decoded sets and maps, some hundreds of bytes.
	 */
	static final int MAX_ENTRIES = 1024;

	/** What the keys may hold in all: a segment is at most about 780 bytes (metadata and claims). */
	static final int MAX_BYTES = 64 * 1024;

	private final ConcurrentHashMap<Key, MemberMetadata> byBytes = new ConcurrentHashMap<>();

	private final AtomicInteger bytes = new AtomicInteger();

	/** The metadata decoded before from {@code buf[from, to)} with these flags, or null. */
	MemberMetadata get(byte[] buf, int from, int to, int flags) {
		return this.byBytes.get(new Key(buf, from, to, flags));
	}

	/** Remembers that {@code buf[from, to)} with these flags decoded to {@code metadata}. */
	void put(byte[] buf, int from, int to, int flags, MemberMetadata metadata) {
		Key key = new Key(Arrays.copyOfRange(buf, from, to), 0, to - from, flags);
		if (this.byBytes.putIfAbsent(key, metadata) == null
				&& (this.bytes.addAndGet(to - from) > MAX_BYTES || this.byBytes.size() > MAX_ENTRIES)) {
			// a race here may forget a few more entries or count some twice: either costs a decode
			this.byBytes.clear();
			this.bytes.set(0);
		}
	}

	int size() {
		return this.byBytes.size();
	}

	/** A range of bytes and the update flags that say how to read it; compared by content. */
	private static final class Key {

		private final byte[] buf;

		private final int from;

		private final int to;

		private final int flags;

		private final int hash;

		Key(byte[] buf, int from, int to, int flags) {
			this.buf = buf;
			this.from = from;
			this.to = to;
			this.flags = flags;
			// an unseeded hash: only a holder of the cluster key can have metadata decoded here, and
			// one who wants to slow a node down has far cheaper ways than colliding keys
			int h = flags;
			for (int i = from; i < to; i++) {
				h = 31 * h + buf[i];
			}
			this.hash = h;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && key.hash == this.hash && key.flags == this.flags
					&& Arrays.equals(this.buf, this.from, this.to, key.buf, key.from, key.to);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
