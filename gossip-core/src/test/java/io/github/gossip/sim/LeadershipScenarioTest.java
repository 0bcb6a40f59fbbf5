package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.wire.WireVersions;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata dissemination and per-role leadership on top of it. */
@ExtendWith(SimSeedExtension.class)
class LeadershipScenarioTest {

	static final String ROLE = "purge.accounts";

	static final ProtocolConfig LAN = ProtocolConfig.lan();

	/**
	 * Starts {@code n} members through node 0, staggered over a second; members in {@code holders}
	 * hold {@link #ROLE} and the others exclude it (every configuration lists the holders), every
	 * member holds "all" and tells its index in its metadata.
	 */
	static Simulator cluster(long seed, int n, Set<Integer> holders) {
		Simulator sim = new Simulator(seed, LAN);
		List<SimNode> nodes = sim.addNodes(n);
		for (SimNode node : nodes) {
			boolean holder = holders.contains(node.index());
			node.metadata = new MemberMetadata(holder ? Set.of(ROLE, "all") : Set.of("all"),
					holder ? Set.of() : Set.of(ROLE), Map.of("index", Integer.toString(node.index())));
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / n, () -> sim.start(node, List.of(nodes.get(0))));
		}
		assertThat(sim.runUntil(() -> sim.upNodes().size() == n && sim.allSeeAllAlive(), 100, 60_000)).isPositive();
		return sim;
	}

	/**
	 * Starts {@code n} members through node 0, {@code staggerMillis} apart, all holding {@link #ROLE},
	 * and runs until all run and everyone sees node 0 lead it.
	 */
	static List<SimNode> allHolding(Simulator sim, int n, long staggerMillis) {
		List<SimNode> nodes = sim.addNodes(n);
		for (SimNode node : nodes) {
			node.metadata = new MemberMetadata(Set.of(ROLE), Map.of());
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * staggerMillis, () -> sim.start(node, List.of(nodes.get(0))));
		}
		assertThat(sim.runUntil(() -> sim.upNodes().size() == n && everyoneSeesLeader(sim, ROLE, nodes.get(0)), 100,
				30_000)).isPositive();
		return nodes;
	}

	static boolean everyoneSeesLeader(Simulator sim, String role, SimNode leader) {
		for (SimNode n : sim.upNodes()) {
			Member m = n.membership().leaders().get(role);
			if (m == null || !m.id().nodeId().equals(leader.nodeId())) {
				return false;
			}
		}
		return true;
	}

	static List<SimNode.Observed> leaderEvents(Simulator sim, String role) {
		List<SimNode.Observed> result = new ArrayList<>();
		for (SimNode n : sim.nodes()) {
			for (SimNode.Observed o : n.events()) {
				if (o.event().kind() == Kind.LEADER_CHANGED && role.equals(o.event().role())) {
					result.add(o);
				}
			}
		}
		return result;
	}

	@Test
	void everyMemberKnowsEveryRoleAndMetadataChangesReachEveryone() {
		Simulator sim = cluster(16_301L, 16, Set.of(3, 5, 8));
		sim.runFor(5_000);
		for (SimNode a : sim.nodes()) {
			for (SimNode b : sim.nodes()) {
				if (a != b) {
					// the claims and the wire versions are the protocol's own part of the record: the roles'
					// leaders add their claims, every member its versions
					MemberMetadata seen = a.membership().member(b.nodeId()).orElseThrow().metadata();
					assertThat(seen.withClaims(java.util.Map.of())).as("%s as seen by %s", b, a)
						.isEqualTo(WireVersions.THIS_RELEASE.announce(b.metadata));
				}
			}
		}
		SimNode changer = sim.node(11);
		MemberMetadata changed = new MemberMetadata(Set.of("all", "metrics.push"), Map.of("index", "11", "zone", "b"));
		long incarnation = changer.membership().incarnation();
		changer.membership().updateMetadata(sim.nowMillis(), changed);
		assertThat(changer.membership().localMember().metadata()).isEqualTo(changed);
		assertThat(changer.membership().incarnation()).isEqualTo(incarnation + 1);
		sim.runFor(10_000);
		// every member, the changer included, hears of the change exactly once
		assertThat(sim.observed(Kind.UPDATED, changer)).hasSize(16)
			.allSatisfy((o) -> assertThat(o.event().member().metadata()).isEqualTo(changed));
		assertThat(sim.observed(Kind.UPDATED, changer)).extracting((o) -> o.observer().nodeId()).doesNotHaveDuplicates();
		for (SimNode a : sim.nodes()) {
			if (a != changer) {
				assertThat(a.membership().member(changer.nodeId()).orElseThrow().metadata()).isEqualTo(changed);
			}
		}
		assertThat(sim.observed(Kind.SUSPECTED, null)).isEmpty();
	}

	@Test
	void lowestHolderLeadsAfterTheStabilityWindowWithOneAnnouncementPerMember() {
		Simulator sim = cluster(16_302L, 16, Set.of(4, 7, 12));
		SimNode leader = sim.node(4);
		long at = sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, leader), 100, 10_000);
		assertThat(at).isPositive();
		sim.runFor(30_000);
		// the cluster started node by node, yet nobody announced an interim leader
		assertThat(leaderEvents(sim, ROLE)).hasSize(16)
			.allSatisfy((o) -> assertThat(o.event().member().id().nodeId()).isEqualTo(leader.nodeId()));
		for (SimNode n : sim.nodes()) {
			assertThat(n.membership().leaders()).containsOnlyKeys(ROLE, "all");
			assertThat(n.membership().leaders().get("all").id().nodeId()).isEqualTo(sim.node(0).nodeId());
		}
	}

	@Test
	void leaderCrashHandsOverToTheNextLowestHolder() {
		Simulator sim = cluster(32_303L, 32, Set.of(6, 9, 20));
		SimNode leader = sim.node(6);
		SimNode next = sim.node(9);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, leader), 100, 10_000)).isPositive();
		long crashedAt = sim.nowMillis();
		sim.crash(leader);
		long bound = ScenarioTest.detectionBoundMillis(32) + LAN.leaderStabilityWindow().toMillis();
		long at = sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, next), 100, bound);
		assertThat(at).as("hand-over within detection + window (%d ms)", bound).isPositive();
		sim.runFor(30_000);
		List<SimNode.Observed> after = leaderEvents(sim, ROLE).stream().filter((o) -> o.atMillis() >= crashedAt).toList();
		assertThat(after).hasSize(31).allSatisfy((o) -> {
			assertThat(o.event().member().id().nodeId()).isEqualTo(next.nodeId());
			assertThat(o.atMillis()).isGreaterThanOrEqualTo(crashedAt + LAN.leaderStabilityWindow().toMillis());
		});
	}

	@Test
	void leaderLeavingStepsDownAtOnceAndTheNextTakesOver() {
		Simulator sim = cluster(16_304L, 16, Set.of(2, 10));
		SimNode leader = sim.node(2);
		SimNode next = sim.node(10);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, leader), 100, 10_000)).isPositive();
		int before = leader.events().size();
		sim.leave(leader);
		// the leaver stops leading immediately: its role jobs must stop before it goes
		assertThat(leader.events().subList(before, leader.events().size()))
			.extracting(SimNode.Observed::event)
			.filteredOn((e) -> e.kind() == Kind.LEADER_CHANGED && ROLE.equals(e.role()))
			.singleElement()
			.satisfies((e) -> assertThat(e.member().id().nodeId()).isEqualTo(next.nodeId()));
		sim.runFor(2_000);
		sim.crash(leader);
		long at = sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, next), 100, 10_000);
		assertThat(at).isPositive();
	}

	@Test
	void lastHolderGoneLeavesTheRoleWithoutLeader() {
		Simulator sim = cluster(8_305L, 8, Set.of(5));
		SimNode leader = sim.node(5);
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, leader), 100, 10_000)).isPositive();
		sim.crash(leader);
		long at = sim.runUntil(() -> sim.upNodes().stream().noneMatch((n) -> n.membership().leaders().containsKey(ROLE)),
				100, ScenarioTest.detectionBoundMillis(8) + 5_000);
		assertThat(at).isPositive();
		assertThat(leaderEvents(sim, ROLE)).filteredOn((o) -> o.event().member() == null).hasSize(7);
	}

	@Test
	void eachSideOfASplitElectsItsOwnLeaderAndOneRemainsAfterTheHeal() {
		Simulator sim = new Simulator(16_306L, HealingScenarioTest.SHORT_RETENTION);
		List<SimNode> nodes = allHolding(sim, 16, 50);
		List<SimNode> a = nodes.subList(0, 8);
		List<SimNode> b = nodes.subList(8, 16);
		b.forEach((n) -> sim.network().setGroup(n.index(), 1));
		sim.runFor(120_000);
		// split brain, documented: each side follows its own lowest id
		assertThat(a).allSatisfy((n) -> assertThat(n.membership().leaders().get(ROLE).id().nodeId())
			.isEqualTo(nodes.get(0).nodeId()));
		assertThat(b).allSatisfy((n) -> assertThat(n.membership().leaders().get(ROLE).id().nodeId())
			.isEqualTo(nodes.get(8).nodeId()));
		sim.network().clearGroups();
		long at = sim.runUntil(() -> sim.allSeeAllAlive() && everyoneSeesLeader(sim, ROLE, nodes.get(0)), 100, 60_000);
		assertThat(at).isPositive();
		sim.runFor(30_000);
		assertThat(everyoneSeesLeader(sim, ROLE, nodes.get(0))).isTrue();
		// side a never changed leader. Side b followed node 0, then, as it failed side a's members
		// one by one (seconds apart), possibly some of them in turn, then its own lowest id; after the
		// heal node 0 again
		for (SimNode n : a) {
			assertThat(n.events())
				.filteredOn((o) -> o.event().kind() == Kind.LEADER_CHANGED && ROLE.equals(o.event().role()))
				.hasSize(1);
		}
		for (SimNode n : b) {
			List<String> seen = n.events().stream()
				.filter((o) -> o.event().kind() == Kind.LEADER_CHANGED && ROLE.equals(o.event().role()))
				.map((o) -> o.event().member().id().nodeId())
				.toList();
			assertThat(seen).first().isEqualTo(nodes.get(0).nodeId());
			assertThat(seen).endsWith(nodes.get(8).nodeId(), nodes.get(0).nodeId());
			assertThat(seen.subList(0, seen.size() - 1)).isSorted().doesNotHaveDuplicates();
		}
		// roles nobody names follow the same lowest live member
		assertThat(sim.upNodes()).allSatisfy((n) -> assertThat(n.membership().unnamedRolesLeader())
			.hasValueSatisfying((m) -> assertThat(m.id().nodeId()).isEqualTo(nodes.get(0).nodeId())));
	}


	static boolean everyoneSeesLeaderOf(Simulator sim, String role, SimNode leader) {
		return sim.upNodes().stream().allMatch((n) -> n.membership().leader(role)
			.map((m) -> m.id().nodeId().equals(leader.nodeId()))
			.orElse(false));
	}

	@Test
	void aRoleNoMemberNamesIsLedByTheLowestLiveMemberAndMovesWhenItFails() {
		Simulator sim = cluster(8_307L, 8, Set.of(3));
		String unnamed = "reports.daily";
		assertThat(sim.runUntil(() -> everyoneSeesLeaderOf(sim, unnamed, sim.node(0)), 100, 10_000)).isPositive();
		for (SimNode n : sim.nodes()) {
			assertThat(n.membership().leaders()).doesNotContainKey(unnamed);
			assertThat(n.membership().namedRoles()).containsExactlyInAnyOrder("all", ROLE);
		}
		sim.crash(sim.node(0));
		long bound = ScenarioTest.detectionBoundMillis(8) + LAN.leaderStabilityWindow().toMillis();
		assertThat(sim.runUntil(() -> everyoneSeesLeaderOf(sim, unnamed, sim.node(1)), 100, bound))
			.as("hand-over within detection + window (%d ms)", bound)
			.isPositive();
	}

	@Test
	void duringARollingRoleChangeTheNodeThatHoldsTheRoleByItsOwnConfigurationLeadsItEverywhere() {
		// node 0 and node 2 run the new configuration, acme.renew: [node 1]; node 1 still runs the
		// old one, which names no acme.renew at all: node 1 holds the role by either configuration
		String role = "acme.renew";
		Simulator sim = new Simulator(4_308L, LAN);
		List<SimNode> nodes = sim.addNodes(4);
		nodes.get(0).metadata = new MemberMetadata(Set.of(), Set.of(role), Map.of());
		nodes.get(2).metadata = new MemberMetadata(Set.of(), Set.of(role), Map.of());
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < 4; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 250L, () -> sim.start(node, List.of(nodes.get(0))));
		}
		assertThat(sim.runUntil(() -> sim.upNodes().size() == 4 && sim.allSeeAllAlive()
				&& everyoneSeesLeaderOf(sim, role, nodes.get(1)), 100, 30_000)).isPositive();
		sim.runFor(10_000);
		for (SimNode n : sim.nodes()) {
			assertThat(n.membership().leaders()).as("as %s sees it", n).containsKey(role);
			assertThat(n.membership().leaders().get(role).id().nodeId()).as("as %s sees it", n)
				.isEqualTo(nodes.get(1).nodeId());
		}
		// nobody ever announced another leader of the role, so its job ran on node 1 only
		assertThat(leaderEvents(sim, role)).isNotEmpty()
			.allSatisfy((o) -> assertThat(o.event().member().id().nodeId()).isEqualTo(nodes.get(1).nodeId()));
		// the role nobody else names is led by node 0, which excludes only acme.renew
		assertThat(sim.nodes()).allSatisfy((n) -> assertThat(n.membership().leader("purge.stores"))
			.hasValueSatisfying((m) -> assertThat(m.id().nodeId()).isEqualTo(nodes.get(0).nodeId())));
	}

	@Test
	void aLowerMemberThatNamesNoRoleTakesOverTheUnnamedRolesWhenItJoinsLate() {
		// members that name no role at all (plain-Java nodes): one leads alone, then a lower id joins
		Simulator sim = new Simulator(4_309L, LAN);
		List<SimNode> nodes = sim.addNodes(2);
		SimNode lower = nodes.get(0);
		SimNode first = nodes.get(1);
		sim.start(first, List.of());
		assertThat(sim.runUntil(() -> everyoneSeesLeaderOf(sim, "reports.daily", first), 100, 10_000)).isPositive();
		sim.start(lower, List.of(first));
		assertThat(sim.runUntil(() -> sim.upNodes().size() == 2 && sim.allSeeAllAlive(), 100, 10_000)).isPositive();
		long window = LAN.leaderStabilityWindow().toMillis();
		assertThat(sim.runUntil(() -> everyoneSeesLeaderOf(sim, "reports.daily", lower), 100, 2 * window))
			.as("the lower member leads on both within the stability window")
			.isPositive();
	}

	@Test
	void aNewLeaderOfAnAvailableRoleTakesAnEpochAboveItsPredecessors() {
		// the available policy: the checker only watches that no member's known epoch falls
		LeaseChecker epochs = new LeaseChecker(ROLE, false);
		Simulator sim = new Simulator(16_310L, LAN).afterStep(epochs);
		List<SimNode> nodes = allHolding(sim, 8, 100);
		long first = nodes.get(0).membership().term(ROLE, sim.nowMillis()).orElseThrow().epoch();
		assertThat(first).isPositive();
		sim.crash(nodes.get(0));
		long bound = ScenarioTest.detectionBoundMillis(8) + LAN.leaderStabilityWindow().toMillis();
		assertThat(sim.runUntil(() -> everyoneSeesLeader(sim, ROLE, nodes.get(1)), 100, bound)).isPositive();
		sim.runFor(5_000);
		long second = nodes.get(1).membership().term(ROLE, sim.nowMillis()).orElseThrow().epoch();
		assertThat(second).isGreaterThan(first);
		// everyone learns the new leader's epoch from its record
		assertThat(sim.upNodes()).allSatisfy((n) -> assertThat(n.membership().epoch(ROLE)).isEqualTo(second));
		assertThat(epochs.violations()).isEmpty();
	}

	@Test
	void afterASplitHealsTheSurvivingLeaderOutbidsBothSidesEpochs() {
		LeaseChecker epochs = new LeaseChecker(ROLE, false);
		Simulator sim = new Simulator(16_311L, HealingScenarioTest.SHORT_RETENTION).afterStep(epochs);
		List<SimNode> nodes = allHolding(sim, 8, 100);
		nodes.subList(4, 8).forEach((n) -> sim.network().setGroup(n.index(), 1));
		assertThat(sim.runUntil(() -> nodes.get(4).membership().term(ROLE, sim.nowMillis()).isPresent(), 100, 60_000))
			.isPositive();
		long sideA = nodes.get(0).membership().term(ROLE, sim.nowMillis()).orElseThrow().epoch();
		long sideB = nodes.get(4).membership().term(ROLE, sim.nowMillis()).orElseThrow().epoch();
		// split brain, documented for the available policy; but the two sides' tokens differ
		assertThat(sideB).isGreaterThan(sideA);
		sim.network().clearGroups();
		assertThat(sim.runUntil(() -> sim.allSeeAllAlive() && everyoneSeesLeader(sim, ROLE, nodes.get(0))
				&& nodes.get(4).membership().term(ROLE, sim.nowMillis()).isEmpty(), 100, 60_000)).isPositive();
		sim.runFor(10_000);
		// node 0 led all along, but a store that saw side b's token refuses anything lower: node 0
		// claims again above it
		long after = nodes.get(0).membership().term(ROLE, sim.nowMillis()).orElseThrow().epoch();
		assertThat(after).isGreaterThan(sideB);
		assertThat(sim.upNodes()).allSatisfy((n) -> assertThat(n.membership().epoch(ROLE)).isEqualTo(after));
		assertThat(epochs.violations()).isEmpty();
	}

}
