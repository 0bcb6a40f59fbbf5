package io.github.gossip.internal.protocol;

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
		String lowest = candidates.values().stream().filter(java.util.Objects::nonNull).min(MemberId.NODE_ID_ORDER)
			.orElse(null);
		return evaluate(now, candidates, lowest, leavingSelf);
	}

	/** Records the named roles' announcements; the unnamed roles' ones as "*=id". */
	private long evaluate(long now, Map<String, String> candidates, String unnamedCandidate, String leavingSelf) {
		return this.leadership.evaluate(now, candidates, unnamedCandidate, leavingSelf, (role, nodeId) -> this.announcements
			.add((role.equals(MembershipEvent.UNNAMED_ROLES) ? "*" : role) + "=" + nodeId));
	}

	private List<String> named() {
		return this.announcements.stream().filter((a) -> !a.startsWith("*=")).toList();
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
		assertThat(named()).isEmpty();
		// a lower id shows up before the window passed: the window starts over for it
		assertThat(evaluate(2_000, Map.of("r", "3"), null)).isEqualTo(5_000);
		evaluate(4_999, Map.of("r", "3"), null);
		assertThat(named()).isEmpty();
		assertThat(evaluate(5_000, Map.of("r", "3"), null)).isEqualTo(Long.MAX_VALUE);
		assertThat(named()).containsExactly("r=3");
		assertThat(this.leadership.announced()).containsExactly(Map.entry("r", "3"));
		// the last holder goes, while member 4, which excludes the role, stays: after the window the
		// role has no leader, although it is still named
		java.util.HashMap<String, String> noHolder = new java.util.HashMap<>();
		noHolder.put("r", null);
		evaluate(6_000, noHolder, "4", null);
		evaluate(9_000, noHolder, "4", null);
		assertThat(named()).containsExactly("r=3", "r=null");
		assertThat(this.leadership.announced()).isEmpty();
		assertThat(this.leadership.isNamed("r")).isTrue();
		assertThat(this.leadership.unnamedLeader()).isEqualTo("4");
	}

	@Test
	void aLeavingLeaderStepsDownWithoutWaiting() {
		evaluate(0, Map.of("r", "1"), null);
		evaluate(3_000, Map.of("r", "1"), null);
		evaluate(10_000, Map.of("r", "2"), "1");
		assertThat(named()).containsExactly("r=1", "r=2");
	}

	@Test
	void everyRoleNoMemberNamesIsLedByTheLowestLiveMemberAfterTheWindow() {
		assertThat(evaluate(0, Map.of(), "7", null)).isEqualTo(3_000);
		evaluate(3_000, Map.of(), "7", null);
		assertThat(this.announcements).containsExactly("*=7");
		assertThat(this.leadership.unnamedLeader()).isEqualTo("7");
		assertThat(this.leadership.isNamed("reports.daily")).isFalse();
		evaluate(4_000, Map.of(), "2", null);
		evaluate(7_000, Map.of(), "2", null);
		assertThat(this.announcements).containsExactly("*=7", "*=2");
	}

	@Test
	void aRoleThatAMemberStartsToNameKeepsItsLeaderUntilItsOwnCandidateIsStable() {
		evaluate(0, Map.of(), "1", null);
		evaluate(3_000, Map.of(), "1", null);
		// member 1 now excludes "r" (a configuration change): 2 becomes its candidate, 1 leads it meanwhile
		assertThat(evaluate(5_000, Map.of("r", "2"), "1", null)).isEqualTo(8_000);
		assertThat(this.leadership.announced()).containsExactly(Map.entry("r", "1"));
		assertThat(named()).isEmpty();
		evaluate(8_000, Map.of("r", "2"), "1", null);
		assertThat(named()).containsExactly("r=2");
		// a role named with the candidate it already had as an unnamed role changes no leader
		evaluate(9_000, Map.of("r", "2", "s", "1"), "1", null);
		assertThat(this.leadership.announced()).containsExactly(Map.entry("r", "2"), Map.entry("s", "1"));
		assertThat(named()).containsExactly("r=2");
	}

	@Test
	void aHeldRoleCannotAlsoBeExcludedAndExclusionsCountAgainstTheBudget() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberMetadata(Set.of("r"), Set.of("r"), Map.of()))
			.withMessageContaining("role 'r' is both held and excluded");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MemberMetadata(Set.of("a".repeat(128), "b".repeat(128)),
					Set.of("c".repeat(128), "d".repeat(128)), Map.of()))
			.withMessageContaining("at most 512 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberMetadata(Set.of(), Set.of(""), Map.of()))
			.withMessageContaining("excluded role name '' has 0 UTF-8 bytes");
		MemberMetadata excluding = new MemberMetadata(Set.of("a"), Set.of("b"), Map.of());
		assertThat(excluding.holds("a")).isTrue();
		assertThat(excluding.holds("b")).isFalse();
		assertThat(excluding.holds("named.nowhere")).isTrue();
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
