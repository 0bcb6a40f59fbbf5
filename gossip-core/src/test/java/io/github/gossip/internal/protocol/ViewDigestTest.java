package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewDigestTest {

	private static final Endpoint EP = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static List<Update> view(int n) {
		List<Update> records = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			records.add(Update.alive(new MemberId("node-" + i, 1000 + i), 3, EP, MemberMetadata.EMPTY));
		}
		return records;
	}

	@Test
	void bucketCountIsAPowerOfTwoOfAboutEightMembersEachAndCapped() {
		assertThat(ViewDigest.bucketCount(1)).isEqualTo(1);
		assertThat(ViewDigest.bucketCount(8)).isEqualTo(1);
		assertThat(ViewDigest.bucketCount(9)).isEqualTo(2);
		assertThat(ViewDigest.bucketCount(64)).isEqualTo(8);
		assertThat(ViewDigest.bucketCount(1000)).isEqualTo(128);
		assertThat(ViewDigest.bucketCount(100_000)).isEqualTo(ViewDigest.MAX_BUCKETS);
		assertThat(ViewDigest.isValidBucketCount(96)).isFalse();
	}

	@Test
	void sameViewInAnyOrderHashesEquallyAndOneChangeMarksExactlyItsBucket() {
		List<Update> view = view(100);
		List<Update> shuffled = new ArrayList<>(view);
		java.util.Collections.reverse(shuffled);
		int buckets = ViewDigest.bucketCount(view.size());
		List<Integer> mine = ViewDigest.bucketHashes(view, buckets);
		assertThat(ViewDigest.bucketHashes(shuffled, buckets)).isEqualTo(mine);
		List<Update> changed = new ArrayList<>(view);
		Update u = changed.get(42);
		changed.set(42, new Update(MemberState.DEAD, u.member(), u.incarnation(), EP, null));
		assertThat(ViewDigest.differing(mine, ViewDigest.bucketHashes(changed, buckets)))
			.containsExactly(ViewDigest.bucketOf(u.member().nodeId(), buckets));
		// suspicion is not disagreement, and a tombstone's metadata does not matter
		changed.set(42, new Update(MemberState.SUSPECT, u.member(), u.incarnation(), EP, "node-1", MemberMetadata.EMPTY));
		assertThat(ViewDigest.differing(mine, ViewDigest.bucketHashes(changed, buckets))).isEmpty();
		// metadata of a live member does
		changed.set(42, Update.alive(u.member(), u.incarnation(), EP, new MemberMetadata(Set.of("r"), Map.of())));
		assertThat(ViewDigest.differing(mine, ViewDigest.bucketHashes(changed, buckets))).hasSize(1);
	}

	@Test
	void viewsThatDifferOnlyInTombstonesHashEquallyAndALiveRecordAgainstATombstoneDoesNot() {
		List<Update> view = view(30);
		MemberId gone = new MemberId("node-gone", 77);
		List<Update> deadAtOne = new ArrayList<>(view);
		deadAtOne.add(new Update(MemberState.DEAD, gone, 1, EP, null));
		List<Update> deadAtTwo = new ArrayList<>(view);
		deadAtTwo.add(new Update(MemberState.DEAD, gone, 2, EP, null));
		List<Update> leftAtOne = new ArrayList<>(view);
		leftAtOne.add(new Update(MemberState.LEFT, gone, 1, EP, null));
		int buckets = ViewDigest.bucketCount(view.size() + 1);
		List<Integer> reaped = ViewDigest.bucketHashes(view, buckets);
		assertThat(ViewDigest.bucketHashes(deadAtOne, buckets)).isEqualTo(reaped);
		assertThat(ViewDigest.bucketHashes(deadAtTwo, buckets)).isEqualTo(reaped);
		assertThat(ViewDigest.bucketHashes(leftAtOne, buckets)).isEqualTo(reaped);
		List<Update> alive = new ArrayList<>(view);
		alive.add(Update.alive(gone, 1, EP, MemberMetadata.EMPTY));
		assertThat(ViewDigest.differing(ViewDigest.bucketHashes(deadAtOne, buckets), ViewDigest.bucketHashes(alive, buckets)))
			.containsExactly(ViewDigest.bucketOf(gone.nodeId(), buckets));
	}

	@Test
	void recordsOfBucketsComeGroupedInTheOrderAsked() {
		List<Update> view = view(40);
		List<List<Update>> groups = ViewDigest.recordsOf(view, 4, List.of(1, 3));
		assertThat(groups).hasSize(2);
		assertThat(groups.get(0)).allSatisfy((u) -> assertThat(ViewDigest.bucketOf(u.member().nodeId(), 4)).isEqualTo(1));
		assertThat(groups.get(1)).allSatisfy((u) -> assertThat(ViewDigest.bucketOf(u.member().nodeId(), 4)).isEqualTo(3));
		assertThat(groups.get(0).size() + groups.get(1).size()).isLessThan(40).isPositive();
	}

}
