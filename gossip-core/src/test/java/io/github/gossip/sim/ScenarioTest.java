package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-cluster scenarios on fixed seeds, drawn from failure modes of real SWIM deployments. Each
 * asserts exact outcomes of the real state machine exchanging real encoded packets; a failure
 * message carries the seed (see {@link SimSeedExtension}).
 */
@ExtendWith(SimSeedExtension.class)
class ScenarioTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	/** Starts {@code n} nodes, each joining through node 0, staggered over the first second. */
	static Simulator bootstrapped(long seed, int n) {
		Simulator sim = new Simulator(seed, LAN);
		startCluster(sim, n);
		return sim;
	}

	static void startCluster(Simulator sim, int n) {
		List<SimNode> nodes = sim.addNodes(n);
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / n, () -> sim.start(node, List.of(nodes.get(0))));
		}
		long at = sim.runUntil(() -> sim.upNodes().size() == n && sim.allSeeAllAlive(), 100, 120_000);
		assertThat(at).as("cluster of %d converged", n).isPositive();
	}

	/**
	 * Upper bound on the time from a crash until every live member has marked it failed: every
	 * member probes every other once per round-robin cycle of n-1 intervals, the round itself
	 * takes one more interval, the suspicion of a lone accuser lasts at most the Lifeguard maximum,
	 * and the DEAD news then needs a few gossip rounds.
	 */
	static long detectionBoundMillis(int n) {
		long interval = LAN.probeInterval().toMillis();
		return n * interval + LAN.suspicionMaxMillis(n) + 5_000;
	}

	/** Crashes {@code victim} and runs until every live member of the {@code n} has marked it failed. */
	static void crashAndAwaitFailedEverywhere(Simulator sim, SimNode victim, int n) {
		sim.crash(victim);
		assertThat(sim.runUntil(() -> sim.allSee(victim, MemberState.DEAD), 100, detectionBoundMillis(n)))
			.as("%s failed everywhere within the detection bound", victim)
			.isPositive();
	}

	@Test
	void sixtyFourMembersBootstrapThroughOneSeedWithoutSuspicion() {
		Simulator sim = bootstrapped(64_001L, 64);
		sim.runFor(30_000);
		assertThat(sim.allSeeAllAlive()).isTrue();
		for (SimNode node : sim.nodes()) {
			assertThat(node.membership().liveCount()).isEqualTo(64);
		}
		assertThat(sim.observed(Kind.JOINED, null)).hasSize(64 * 63);
		assertThat(sim.observed(Kind.SUSPECTED, null)).isEmpty();
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		assertThat(sim.decodeFailures()).isZero();
	}

	/**
	 * The time from a crash to its first probe is bounded: members agree on a schedule (see
	 * {@code ProbeOrder}) under which, with a stable view, every member of {@code n} is probed by
	 * someone at most {@code 1 + 2/n} probe intervals after the last time. Random phases left gaps
	 * of up to two intervals, independently shuffled orders gaps of four to five.
	 */
	@Test
	void everyMemberOfAStableClusterIsProbedAboutOncePerProbeInterval() {
		long interval = LAN.probeInterval().toMillis();
		for (int n : new int[] { 5, 32, 100 }) {
			Simulator sim = bootstrapped(36_000L + n, n);
			sim.runFor(10_000);
			Map<String, Long> lastProbed = new HashMap<>();
			long start = sim.nowMillis();
			for (SimNode node : sim.nodes()) {
				lastProbed.put(node.nodeId(), start);
			}
			long[] longestGap = { 0 };
			sim.tap(new Simulator.PacketTap() {
				@Override
				public void sent(SimNode from, Endpoint to, Packet packet) {
					if (packet.message() instanceof Message.Ping ping) {
						long previous = lastProbed.put(ping.target().nodeId(), sim.nowMillis());
						longestGap[0] = Math.max(longestGap[0], sim.nowMillis() - previous);
					}
				}
			});
			sim.runFor(120_000);
			for (long at : lastProbed.values()) {
				longestGap[0] = Math.max(longestGap[0], sim.nowMillis() - at);
			}
			// a tick runs on time in the simulator, so the bound is exact but for rounding to the millisecond
			assertThat(longestGap[0]).as("longest time a member of %d went unprobed", n)
				.isLessThanOrEqualTo(interval + 2 * interval / n + 2);
			assertThat(sim.observed(Kind.SUSPECTED, null)).isEmpty();
		}
	}

	@Test
	void crashedMemberIsMarkedFailedByEveryoneWithinLifeguardBound() {
		Simulator sim = bootstrapped(32_002L, 32);
		sim.runFor(10_000);
		SimNode victim = sim.node(17);
		long crashedAt = sim.nowMillis();
		sim.crash(victim);
		long bound = detectionBoundMillis(32);
		long doneAt = sim.runUntil(() -> sim.allSee(victim, MemberState.DEAD), 100, bound);
		assertThat(doneAt).as("all 31 marked the crashed member DEAD within %d ms", bound).isPositive();
		Set<String> observers = new HashSet<>();
		for (SimNode.Observed o : sim.observed(Kind.FAILED, null)) {
			assertThat(o.event().member().id().nodeId()).isEqualTo(victim.nodeId());
			assertThat(o.atMillis() - crashedAt).isLessThanOrEqualTo(bound);
			observers.add(o.observer().nodeId());
		}
		assertThat(observers).hasSize(31);
		// nobody else was even suspected on a loss-free network
		assertThat(sim.observed(Kind.SUSPECTED, null))
			.allSatisfy((o) -> assertThat(o.event().member().id().nodeId()).isEqualTo(victim.nodeId()));
	}

	@Test
	void tenPercentLossForAnHourDeclaresNoHealthyMemberFailed() {
		Simulator sim = bootstrapped(32_003L, 32);
		sim.network().loss(NetworkModel.LossModel.uniform(0.10));
		sim.runFor(3_600_000);
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		assertThat(sim.observed(Kind.LEFT, null)).isEmpty();
		sim.runFor(30_000);
		// suspicions may come and go under loss, but they are all refuted
		for (SimNode a : sim.nodes()) {
			for (SimNode b : sim.nodes()) {
				if (a != b) {
					assertThat(a.stateOf(b)).isIn(MemberState.ALIVE, MemberState.SUSPECT);
				}
			}
		}
	}

	/**
	 * In a cluster smaller than the retransmit limit an update can never reach the limit (there are
	 * too few members to send it to) and stays queued: gossip rounds must not turn that into a
	 * stream of empty packets. Idle, a member sends its probe and answers one, about two datagrams
	 * a second, whatever the size.
	 */
	@Test
	void anIdleSmallClusterSendsAboutTwoDatagramsPerMemberPerSecond() {
		for (int n = 2; n <= 5; n++) {
			Simulator sim = bootstrapped(34_000L + n, n);
			sim.runFor(60_000);
			long before = 0;
			for (SimNode node : sim.nodes()) {
				before += node.txPackets;
			}
			sim.runFor(60_000);
			long sent = -before;
			for (SimNode node : sim.nodes()) {
				sent += node.txPackets;
			}
			assertThat(sent / (60.0 * n)).as("datagrams per member per second, %d members", n).isLessThan(2.5);
		}
	}

	/**
	 * The same queued updates that can go nowhere must not hold back real news: a member that joins
	 * an idle cluster of three is passed on by the seed at once, not at its next gossip tick.
	 */
	@Test
	void aJoinerOfAnIdleSmallClusterIsListedEverywhereWithinAFewNetworkHops() {
		for (long seed = 0; seed < 20; seed++) {
			Simulator sim = bootstrapped(35_000L + seed, 3);
			sim.runFor(60_000 + seed * 37);
			SimNode joiner = sim.addNode();
			long start = sim.nowMillis();
			sim.start(joiner, List.of(sim.node(0)));
			long at = sim.runUntil(() -> sim.allSee(joiner, MemberState.ALIVE), 1, 10_000);
			assertThat(at - start).as("joiner listed by every member, seed %d", seed)
				.isLessThan(LAN.gossipInterval().toMillis() / 4);
		}
	}

	/**
	 * Small clusters are where heavy loss bites: there are few members to ask for indirect probes,
	 * and gossip sends a suspicion to each member at most once, so the suspect could miss it while
	 * the accuser waits. Ten hours per size at 20 % loss, ten seeds of an hour each.
	 */
	@Test
	void twentyPercentLossInSmallClustersDeclaresNoHealthyMemberFailed() {
		for (int n : new int[] { 3, 5, 8 }) {
			for (long seed = 0; seed < 10; seed++) {
				Simulator sim = new Simulator(33_000L + n * 100 + seed, LAN).recordEvents(false);
				startCluster(sim, n);
				sim.network().loss(NetworkModel.LossModel.uniform(0.20));
				List<String> failed = new ArrayList<>();
				long s = sim.seed();
				sim.listener((o) -> {
					if (o.event().kind() == Kind.FAILED || o.event().kind() == Kind.LEFT) {
						failed.add("seed " + s + " at " + o.atMillis() + " ms: " + o.observer().nodeId() + " "
								+ o.event().kind() + " " + o.event().member().id().nodeId());
					}
				});
				sim.runFor(3_600_000);
				assertThat(failed).as("%d members at 20 %% loss", n).isEmpty();
			}
		}
	}

	@Test
	void memberStalledFiveSecondsIsNotFailedAndAccusesNobodyAfterwards() {
		Simulator sim = new Simulator(32_004L, LAN);
		// WAN-like latency keeps a probe in flight a good part of each round, so some of the pauses
		// begin while the sleeper waits for an ack it will only read after its round expired
		sim.network().delay(NetworkModel.DelayModel.uniform(40_000, 120_000));
		startCluster(sim, 32);
		sim.runFor(10_000);
		SimNode sleeper = sim.node(9);
		long firstPause = sim.nowMillis();
		for (int i = 0; i < 10; i++) {
			sim.at(firstPause + i * 30_000L + i * 97L, () -> sim.stall(sleeper, 5_000));
		}
		sim.runFor(10 * 30_000 + 60_000);
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		assertThat(sim.allSeeAllAlive()).isTrue();
		// the sleeper itself raised no suspicion about the members it could not hear while frozen
		assertThat(sleeper.events()).noneMatch((o) -> o.atMillis() >= firstPause
				&& (o.event().kind() == Kind.SUSPECTED || o.event().kind() == Kind.FAILED));
		// whoever suspected anyone suspected the sleeper, and it refuted every time
		for (SimNode.Observed o : sim.observed(Kind.SUSPECTED, null)) {
			assertThat(o.event().member().id().nodeId()).isEqualTo(sleeper.nodeId());
		}
	}

	@Test
	void aMemberThatHearsLittleCannotGetHealthyMembersFailed() {
		Simulator sim = bootstrapped(32_009L, 32);
		SimNode deaf = sim.node(4);
		// 70% of the datagrams sent to this member are lost: it misses acks and nacks, so it keeps
		// suspecting healthy members; Lifeguard must keep those accusations from sticking
		sim.network().loss((from, to, random) -> to == deaf.index() && random.nextDouble() < 0.7);
		sim.runFor(1_800_000);
		assertThat(deaf.events()).anyMatch((o) -> o.event().kind() == Kind.SUSPECTED);
		for (SimNode.Observed o : sim.observed(Kind.FAILED, null)) {
			// at worst the deaf member fails someone in its own view; nobody else ever believes it
			assertThat(o.observer().nodeId()).isEqualTo(deaf.nodeId());
		}
		assertThat(deaf.membership().health()).isPositive();
		sim.network().loss(NetworkModel.LossModel.none());
		sim.runFor(60_000);
		assertThat(sim.allSeeAllAlive()).isTrue();
	}

	@Test
	void oneWayReachabilityKeepsPacketRateBoundedAndViewsSettle() {
		Simulator sim = bootstrapped(16_005L, 16);
		sim.runFor(5_000);
		SimNode a = sim.node(3);
		SimNode b = sim.node(11);
		// A reaches B, B cannot reach A
		sim.network().blockOneWay(b.index(), a.index());
		sim.runFor(60_000);
		long[] tx = new long[16];
		for (SimNode n : sim.nodes()) {
			tx[n.index()] = n.txPackets();
		}
		int suspicionsBefore = sim.observed(Kind.SUSPECTED, null).size();
		sim.runFor(120_000);
		for (SimNode n : sim.nodes()) {
			double perSecond = (n.txPackets() - tx[n.index()]) / 120.0;
			// a healthy member sends ~2 probe packets a second plus relays; a storm would be far above
			assertThat(perSecond).as("packets/s sent by %s", n).isLessThan(12.0);
		}
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		assertThat(sim.observed(Kind.SUSPECTED, null)).hasSize(suspicionsBefore);
		assertThat(sim.allSeeAllAlive()).isTrue();
	}

	@Test
	void gracefulLeaveIsSeenAsLeftNotFailed() {
		Simulator sim = bootstrapped(32_006L, 32);
		sim.runFor(5_000);
		SimNode leaver = sim.node(5);
		sim.leave(leaver);
		sim.runFor(2_000);
		sim.crash(leaver);
		sim.runFor(60_000);
		assertThat(sim.allSee(leaver, MemberState.LEFT)).isTrue();
		assertThat(sim.observed(Kind.LEFT, leaver)).hasSize(31);
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		for (SimNode n : sim.upNodes()) {
			assertThat(n.membership().liveCount()).isEqualTo(31);
		}
	}

	@Test
	void restartWithSameIdReplacesOldInstanceForGood() {
		Simulator sim = bootstrapped(32_007L, 32);
		sim.runFor(5_000);
		SimNode phoenix = sim.node(7);
		long oldInstance = phoenix.membership().self().instance();
		sim.crash(phoenix);
		sim.runFor(2_000);
		sim.start(phoenix, List.of(sim.node(0)));
		long newInstance = phoenix.membership().self().instance();
		assertThat(Long.compareUnsigned(newInstance, oldInstance)).isPositive();
		long at = sim.runUntil(sim::allSeeAllAlive, 100, 60_000);
		assertThat(at).as("everyone sees the new process alive").isPositive();
		List<Long> instancesSeen = new ArrayList<>();
		sim.listener((o) -> {
			if (o.event().member().id().nodeId().equals(phoenix.nodeId())) {
				instancesSeen.add(o.event().member().id().instance());
			}
		});
		sim.runFor(120_000);
		assertThat(sim.allSeeAllAlive()).isTrue();
		assertThat(instancesSeen).doesNotContain(oldInstance);
		for (SimNode n : sim.upNodes()) {
			if (n != phoenix) {
				assertThat(n.instanceOf(phoenix)).isEqualTo(newInstance);
			}
		}
		assertThat(sim.observed(Kind.FAILED, phoenix))
			.allSatisfy((o) -> assertThat(o.event().member().id().instance()).isEqualTo(oldInstance));
		assertThat(phoenix.membership().isSuperseded()).isFalse();
	}

	@Test
	void tenOfOneHundredTwentyEightCrashAtOnceAndAllAreMarkedFailedEverywhere() {
		Simulator sim = bootstrapped(128_008L, 128);
		sim.runFor(10_000);
		List<SimNode> victims = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			victims.add(sim.node(5 + i * 12));
		}
		victims.forEach(sim::crash);
		long bound = detectionBoundMillis(128);
		long doneAt = sim.runUntil(() -> victims.stream().allMatch((v) -> sim.allSee(v, MemberState.DEAD)), 200,
				bound);
		assertThat(doneAt).as("all 10 marked DEAD by all 118 within %d ms", bound).isPositive();
		for (SimNode n : sim.upNodes()) {
			assertThat(n.membership().liveCount()).isEqualTo(118);
		}
		assertThat(sim.observed(Kind.FAILED, null)).hasSize(10 * 118);
	}

}
