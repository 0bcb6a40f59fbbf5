package io.github.gossip.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.LeaderTerm;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.QuorumRule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles with the majority policy: a member leads only under unexpired leases from a majority of the
 * role's voters. A {@link LeaseChecker} watches every input of every node: no two terms overlap in
 * global time, and every term's epoch is above all before it.
 */
@ExtendWith(SimSeedExtension.class)
class MajorityLeadershipScenarioTest {

	static final String ROLE = "acme.renew";

	static final ProtocolConfig LAN = ProtocolConfig.lan();

	/** A failure is declared within about two seconds: less than one promise, so leases decide. */
	static final ProtocolConfig FAST_DETECTION = new ProtocolConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 3,
			1, 1, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30), 1400, Duration.ofMinutes(3));

	/** Promise length at the probe interval of both configurations. */
	static final long VOTE_MILLIS = 5 * LAN.probeInterval().toMillis();

	static Set<String> ids(int... indexes) {
		return IntStream.of(indexes).mapToObj((i) -> String.format("node-%04d", i)).collect(Collectors.toSet());
	}

	/** {@code n} members; {@link #ROLE} needs a majority of {@code voters}; rates of their clocks. */
	static Simulator cluster(long seed, ProtocolConfig config, int n, Set<String> voters, LeaseChecker checker,
			double... rates) {
		Simulator sim = new Simulator(seed, config).quorums(Map.of(ROLE, QuorumRule.majorityOf(voters)))
			.afterStep(checker);
		List<SimNode> nodes = sim.addNodes(n);
		for (int i = 0; i < rates.length; i++) {
			sim.skew(nodes.get(i), 0, rates[i]);
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / n, () -> sim.start(node, List.of(nodes.get(0))));
		}
		assertThat(sim.runUntil(() -> sim.upNodes().size() == n && sim.allSeeAllAlive(), 100, 60_000)).isPositive();
		return sim;
	}

	static boolean leads(Simulator sim, SimNode node) {
		return node.isUp() && term(sim, node) != null;
	}

	static LeaderTerm term(Simulator sim, SimNode node) {
		return node.membership().term(ROLE, node.localMillis(sim.nowMicros())).orElse(null);
	}

	static boolean everyoneSeesLeader(Simulator sim, SimNode leader) {
		return LeadershipScenarioTest.everyoneSeesLeaderOf(sim, ROLE, leader);
	}

	@Test
	void theLowestVoterLeadsOnceAMajorityGrantsAndEveryMemberSeesIt() {
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_401L, LAN, 5, ids(0, 1, 2), checker);
		SimNode leader = sim.node(0);
		assertThat(sim.runUntil(() -> leads(sim, leader) && everyoneSeesLeader(sim, leader), 100, 20_000))
			.isPositive();
		sim.runFor(60_000);
		assertThat(checker.violations()).isEmpty();
		// one term, renewed all along, and nobody else ever led; its epoch is the first above every
		// voter's start time (in milliseconds, from its instance id), which each voter starts from
		long latestVoterStart = Stream.of(0, 1, 2)
			.mapToLong((i) -> sim.node(i).membership().localMember().id().instance() >>> 20)
			.max()
			.orElseThrow();
		assertThat(checker.terms()).singleElement().satisfies((t) -> {
			assertThat(t.node).isSameAs(leader);
			assertThat(t.epoch).isEqualTo(latestVoterStart + 1);
		});
		assertThat(sim.upNodes()).allSatisfy((n) -> assertThat(n.membership().epoch(ROLE)).isEqualTo(latestVoterStart + 1));
		// a voter grants nothing in its first promise length: no leader before then
		assertThat(checker.terms().get(0).startMicros / 1000).isGreaterThanOrEqualTo(VOTE_MILLIS);
	}

	@Test
	void aCrashedLeaderIsFollowedByTheNextVoterAtAHigherEpoch() {
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_402L, LAN, 5, ids(0, 1, 2), checker);
		SimNode leader = sim.node(0);
		SimNode next = sim.node(1);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, leader), 100, 20_000)).isPositive();
		long epoch = term(sim, leader).epoch();
		sim.crash(leader);
		long bound = ScenarioTest.detectionBoundMillis(5) + VOTE_MILLIS + 2 * LAN.probeInterval().toMillis();
		assertThat(sim.runUntil(() -> leads(sim, next) && everyoneSeesLeader(sim, next), 100, bound))
			.as("hand-over within detection + one promise + two ticks (%d ms)", bound)
			.isPositive();
		assertThat(term(sim, next).epoch()).isGreaterThan(epoch);
		sim.runFor(30_000);
		assertThat(checker.violations()).isEmpty();
	}

	@Test
	void duringASplitOnlyTheSideWithAMajorityOfVotersLeads() {
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_403L, FAST_DETECTION, 5, ids(0, 1, 2, 3, 4), checker);
		SimNode first = sim.node(0);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, first), 100, 20_000)).isPositive();
		long firstEpoch = term(sim, first).epoch();
		sim.network().setGroup(2, 1);
		sim.network().setGroup(3, 1);
		sim.network().setGroup(4, 1);
		long splitAt = sim.nowMillis();
		SimNode majoritySide = sim.node(2);
		assertThat(sim.runUntil(() -> leads(sim, majoritySide), 100, 30_000)).isPositive();
		// the minority's leader lost its lease before the majority's began, and neither of its two
		// members leads again while the split lasts
		long minorityLastLed = checker.terms().get(0).endMicros / 1000;
		assertThat(minorityLastLed).isLessThan(sim.nowMillis());
		sim.runFor(60_000);
		assertThat(leads(sim, sim.node(0))).isFalse();
		assertThat(leads(sim, sim.node(1))).isFalse();
		assertThat(checker.terms()).filteredOn((t) -> t.startMicros / 1000 > splitAt)
			.allSatisfy((t) -> assertThat(t.node.index()).isGreaterThanOrEqualTo(2));
		long splitEpoch = term(sim, majoritySide).epoch();
		assertThat(splitEpoch).isGreaterThan(firstEpoch);
		// healed: node 0 is the lowest voter again and leads, above every epoch before
		sim.network().clearGroups();
		assertThat(sim.runUntil(() -> sim.allSeeAllAlive() && everyoneSeesLeader(sim, first) && leads(sim, first),
				100, 60_000)).isPositive();
		assertThat(term(sim, first).epoch()).isGreaterThan(splitEpoch);
		assertThat(checker.violations()).isEmpty();
	}

	@Test
	void aPausedLeaderFindsItsLeaseExpiredWhenItResumes() {
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_404L, FAST_DETECTION, 5, ids(0, 1, 2), checker);
		SimNode leader = sim.node(0);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, leader), 100, 20_000)).isPositive();
		sim.stall(leader, 20_000);
		long resumesAt = sim.nowMillis() + 20_000;
		assertThat(sim.runUntil(() -> leads(sim, sim.node(1)), 100, 19_000)).isPositive();
		sim.runUntil(resumesAt);
		// nothing processed yet since the pause: the lease is read against the clock, not the last input
		assertThat(leads(sim, leader)).isFalse();
		sim.runFor(30_000);
		assertThat(checker.violations()).isEmpty();
	}

	@Test
	void leasesHoldWhileClocksDriftApartAtTheAllowedLimit() {
		// the leader's clock runs 1 % slow, the voters' 1 % fast: its lease is longest in real time
		// while their promises are shortest; a fast detection lets them move on as soon as they may
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_405L, FAST_DETECTION, 5, ids(0, 1, 2), checker, 0.99, 1.01, 1.01, 1.01, 1.01);
		cutOffLeaders(sim);
		assertThat(checker.terms().size()).isGreaterThan(10);
		assertThat(checker.violations()).isEmpty();
	}

	@Test
	void beyondTheAllowedDriftTheCheckerSeesTwoLeaders() {
		// the same schedule with clocks 15 % apart either way: the lease outlives the promises behind
		// it by more than a tick, and the next leader starts while the cut-off one still leads (this
		// proves that the checker sees an overlap where there is one)
		LeaseChecker checker = new LeaseChecker(ROLE, true);
		Simulator sim = cluster(5_405L, FAST_DETECTION, 5, ids(0, 1, 2), checker, 0.85, 1.15, 1.15, 1.15, 1.15);
		cutOffLeaders(sim);
		assertThat(checker.violations()).isNotEmpty().allSatisfy((v) -> assertThat(v).contains("while"));
	}

	/**
	 * Twenty times: cuts the leader off until it has been declared failed, then brings it back; the
	 * cut moves by a fraction of a tick every round, so that the next candidate's requests fall at
	 * every phase of the promises' ends.
	 */
	private static void cutOffLeaders(Simulator sim) {
		for (int round = 0; round < 20; round++) {
			SimNode leader = sim.upNodes().stream().filter((n) -> leads(sim, n)).findFirst().orElse(null);
			if (leader == null) {
				sim.runFor(5_000 + round * 173);
				continue;
			}
			sim.network().setGroup(leader.index(), 1);
			sim.runFor(15_000);
			sim.network().clearGroups();
			sim.runFor(15_000 + round * 173);
		}
	}

}
