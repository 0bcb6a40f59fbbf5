package io.github.gossip.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RoleLeadershipTest {

	private final List<String> announcements = new ArrayList<>();

	private final RoleLeadership leadership = new RoleLeadership(3_000);

	private long evaluate(long now, Map<String, String> candidates, String leavingSelf) {
		return this.leadership.evaluate(now, candidates, leavingSelf,
				(role, nodeId) -> this.announcements.add(role + "=" + nodeId));
	}

	@Test
	void numericIdsCompareAsNumbersOthersAsStrings() {
		List<String> ids = new ArrayList<>(List.of("10", "9", "007", "100", "node-2", "node-10", "a", "0"));
		ids.sort(MemberId.NODE_ID_ORDER);
		assertThat(ids).containsExactly("0", "007", "9", "10", "100", "a", "node-10", "node-2");
		assertThat(MemberId.NODE_ID_ORDER.compare("07", "7")).isNotZero();
	}

	@Test
	void aCandidateIsAnnouncedOnlyAfterTheWindowAndAChangeRestartsIt() {
		assertThat(evaluate(0, Map.of("r", "5"), null)).isEqualTo(3_000);
		assertThat(this.announcements).isEmpty();
		// a lower id shows up before the window passed: the window starts over for it
		assertThat(evaluate(2_000, Map.of("r", "3"), null)).isEqualTo(5_000);
		evaluate(4_999, Map.of("r", "3"), null);
		assertThat(this.announcements).isEmpty();
		assertThat(evaluate(5_000, Map.of("r", "3"), null)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.announcements).containsExactly("r=3");
		assertThat(this.leadership.announced()).containsExactly(Map.entry("r", "3"));
		// the last holder goes: after the window the role has no leader
		evaluate(6_000, Map.of(), null);
		evaluate(9_000, Map.of(), null);
		assertThat(this.announcements).containsExactly("r=3", "r=null");
		assertThat(this.leadership.announced()).isEmpty();
	}

	@Test
	void aLeavingLeaderStepsDownWithoutWaiting() {
		evaluate(0, Map.of("r", "1"), null);
		evaluate(3_000, Map.of("r", "1"), null);
		evaluate(10_000, Map.of("r", "2"), "1");
		assertThat(this.announcements).containsExactly("r=1", "r=2");
	}

	@Test
	void metadataOverTheBudgetIsRefusedWithAClearMessage() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MemberMetadata(Set.of(), Map.of("a", "x".repeat(128), "b", "x".repeat(128),
					"c", "x".repeat(128), "d", "x".repeat(128))))
			.withMessageContaining("at most 512 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberMetadata(Set.of("bad\nrole"), Map.of()))
			.withMessageContaining("control character");
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberMetadata(Set.of("r".repeat(129)), Map.of()))
			.withMessageContaining("allowed: 1..128");
	}

}
