package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Summary of a view for anti-entropy: node ids are hashed into a power-of-two number of buckets,
 * and each bucket is summarised by the sum of its members' record hashes, so two members compare
 * their views with one small datagram and then exchange only the buckets that differ.
 * <p>
 * A record hash covers what must converge: node id, instance and incarnation of every live member
 * (SUSPECT counts as live: suspicion is each member's own business and is settled by probes, not by
 * sync). The metadata of live members is covered too when known, so a member that missed a metadata
 * change gets it at the next sync. Tombstones (DEAD, LEFT) are not covered: a sync never teaches a
 * tombstone to a member lacking it (it would restart its retention there) nor lets one tombstone
 * replace another, so views that differ only in tombstones (one member reaped it, another holds it;
 * one failed it at an older incarnation) could never agree, and would push that bucket at every
 * sync. A member held live on one side and dead on the other still differs, by the live record, and
 * the pushed records of that bucket carry the tombstone that settles the dispute. Hashes use only Java-specified
 * functions ({@link String#hashCode()}, {@link java.util.Set#hashCode()}, {@link java.util.Map#hashCode()}
 * and integer mixing), so every JVM computes the same value.
 */
public final class ViewDigest {

	/** Largest bucket count; 4 bytes each, so a digest always fits one datagram. */
	public static final int MAX_BUCKETS = 128;

	/** Members per bucket aimed at: a differing bucket costs about this many records. */
	static final int MEMBERS_PER_BUCKET = 8;

	private ViewDigest() {
	}

	public static boolean isValidBucketCount(int count) {
		return count >= 1 && count <= MAX_BUCKETS && Integer.bitCount(count) == 1;
	}

	/** Buckets for a view of {@code members} records (tombstones and self included). */
	static int bucketCount(int members) {
		int wanted = Math.max(1, (members + MEMBERS_PER_BUCKET - 1) / MEMBERS_PER_BUCKET);
		int pow = Integer.highestOneBit(wanted);
		if (pow < wanted) {
			pow <<= 1;
		}
		return Math.min(MAX_BUCKETS, pow);
	}

	static int bucketOf(String nodeId, int bucketCount) {
		return (int) mix(nodeId.hashCode()) & (bucketCount - 1);
	}

	/** Hash of one live member's record; {@code metadata} is null when unknown. */
	static long recordHash(MemberId id, long incarnation, MemberMetadata metadata) {
		long h = mix(id.nodeId().hashCode() * 0x9E3779B97F4A7C15L ^ id.instance());
		h = mix(h ^ incarnation);
		h = mix(h ^ 1);
		if (metadata != null) {
			// Set and Map specify hashCode (sums of element hashes); a record's is unspecified
			h = mix(h ^ (31L * metadata.roles().hashCode() + metadata.values().hashCode()
					+ 961L * metadata.excludedRoles().hashCode()));
		}
		return h;
	}

	/**
	 * One hash per bucket over the live records of {@code records} (a whole view, the holder's own
	 * record included); tombstones are skipped, see above.
	 */
	static List<Integer> bucketHashes(List<Update> records, int bucketCount) {
		long[] sums = new long[bucketCount];
		for (Update u : records) {
			if (u.state().isLive()) {
				sums[bucketOf(u.member().nodeId(), bucketCount)] += recordHash(u.member(), u.incarnation(), u.metadata());
			}
		}
		List<Integer> hashes = new ArrayList<>(bucketCount);
		for (long sum : sums) {
			hashes.add(fold(sum));
		}
		return hashes;
	}

	/** Buckets, ascending, whose hashes differ; both lists have the same power-of-two size. */
	static List<Integer> differing(List<Integer> mine, List<Integer> theirs) {
		List<Integer> buckets = new ArrayList<>();
		for (int i = 0; i < mine.size(); i++) {
			if (!mine.get(i).equals(theirs.get(i))) {
				buckets.add(i);
			}
		}
		return buckets;
	}

	/** The records of each of {@code buckets}, in the order of {@code buckets}. */
	static List<List<Update>> recordsOf(List<Update> records, int bucketCount, List<Integer> buckets) {
		List<List<Update>> byBucket = new ArrayList<>(bucketCount);
		for (int i = 0; i < bucketCount; i++) {
			byBucket.add(null);
		}
		for (int b : buckets) {
			byBucket.set(b, new ArrayList<>());
		}
		for (Update u : records) {
			List<Update> list = byBucket.get(bucketOf(u.member().nodeId(), bucketCount));
			if (list != null) {
				list.add(u);
			}
		}
		List<List<Update>> result = new ArrayList<>(buckets.size());
		for (int b : buckets) {
			result.add(byBucket.get(b));
		}
		return result;
	}

	/** Folds a bucket's 64-bit sum into the 32 bits sent on the wire. */
	private static int fold(long sum) {
		return (int) (sum ^ (sum >>> 32));
	}

	/** SplitMix64 finaliser: spreads every input bit over the output. */
	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
