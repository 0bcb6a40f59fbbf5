package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator itself: exact replay from a seed, and each network impairment doing its job. */
@ExtendWith(SimSeedExtension.class)
class SimulatorTest {

	/** A rough run: bursty loss, duplication, reordering, exponential delay and skewed clocks. */
	private static List<String> roughRun(long seed) {
		Simulator sim = new Simulator(seed, ProtocolConfig.lan());
		sim.network()
			.loss(new NetworkModel.GilbertElliott(0.01, 0.3, 0.01, 0.5))
			.delay(NetworkModel.DelayModel.exponential(300, 2_000))
			.duplicate(0.05)
			.reorder(0.05, 30_000);
		List<SimNode> nodes = sim.addNodes(16);
		for (int i = 0; i < nodes.size(); i++) {
			sim.skew(nodes.get(i), 1000L * i, 1.0 + (i % 3 - 1) * 0.001);
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < nodes.size(); i++) {
			SimNode n = nodes.get(i);
			sim.at(i * 37L, () -> sim.start(n, List.of(nodes.get(0))));
		}
		List<String> trace = new ArrayList<>();
		sim.listener((o) -> trace.add(o.atMillis() + " " + o.observer() + " " + o.event().kind() + " "
				+ o.event().member().id() + " " + o.event().member().incarnation()));
		sim.runFor(120_000);
		for (SimNode n : nodes) {
			trace.add(n.nodeId() + " tx=" + n.txPackets() + "/" + n.txBytes() + " rx=" + n.rxPackets());
		}
		assertThat(sim.decodeFailures()).isZero();
		return trace;
	}

	@Test
	void sameSeedReplaysExactlyAndAnotherSeedDoesNot() {
		List<String> first = roughRun(99L);
		List<String> again = roughRun(99L);
		List<String> other = roughRun(100L);
		assertThat(first).hasSizeGreaterThan(16 * 15);
		assertThat(again).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
	}

	@Test
	void impairedNetworkWithSkewedClocksCausesNoFalseFailures() {
		Simulator sim = new Simulator(4242L, ProtocolConfig.lan());
		sim.network()
			.loss(new NetworkModel.GilbertElliott(0.005, 0.25, 0.01, 0.6))
			.delay(NetworkModel.DelayModel.exponential(500, 5_000))
			.duplicate(0.1)
			.reorder(0.1, 50_000);
		ScenarioTest.startCluster(sim, 24);
		// skew applied after bootstrap: each clock also steps forward once, like an NTP correction
		for (SimNode n : sim.nodes()) {
			sim.skew(n, n.index() * 7919L, 1.0 + (n.index() % 5 - 2) * 0.002);
		}
		sim.runFor(600_000);
		assertThat(sim.observed(Kind.FAILED, null)).isEmpty();
		assertThat(sim.decodeFailures()).isZero();
		// duplication really happened: without it, loss would make receptions fewer than sends
		long tx = sim.nodes().stream().mapToLong(SimNode::txPackets).sum();
		long rx = sim.nodes().stream().mapToLong(SimNode::rxPackets).sum();
		assertThat(rx).isGreaterThan(tx);
	}

	@Test
	void twoWayPartitionMakesEachSideFailTheOther() {
		Simulator sim = ScenarioTest.bootstrapped(77L, 16);
		for (int i = 8; i < 16; i++) {
			sim.network().setGroup(i, 1);
		}
		sim.runFor(90_000);
		for (SimNode a : sim.nodes()) {
			for (SimNode b : sim.nodes()) {
				if (a != b) {
					boolean sameSide = (a.index() < 8) == (b.index() < 8);
					assertThat(a.stateOf(b)).as("%s sees %s", a, b)
						.isEqualTo(sameSide ? MemberState.ALIVE : MemberState.DEAD);
				}
			}
		}
	}

	@Test
	void oneWayBlockDropsOnlyThatDirection() {
		Simulator sim = ScenarioTest.bootstrapped(78L, 4);
		SimNode a = sim.node(1);
		SimNode b = sim.node(2);
		sim.network().blockOneWay(a.index(), b.index());
		long rxBefore = b.rxPackets();
		long aRxBefore = a.rxPackets();
		// a->b is cut, b->a is open: both keep receiving (b from the others), the cut is directional
		sim.runFor(20_000);
		assertThat(b.rxPackets()).isGreaterThan(rxBefore);
		assertThat(a.rxPackets()).isGreaterThan(aRxBefore);
		assertThat(sim.network().reachable(a.index(), b.index())).isFalse();
		assertThat(sim.network().reachable(b.index(), a.index())).isTrue();
	}

	@Test
	void crashedProcessSendsNothingAndRestartGetsANewerInstance() {
		Simulator sim = ScenarioTest.bootstrapped(79L, 4);
		SimNode n = sim.node(3);
		long before = n.txPackets();
		long instance = n.membership().self().instance();
		sim.crash(n);
		sim.runFor(5_000);
		assertThat(n.txPackets()).isEqualTo(before);
		sim.restart(n, List.of(sim.node(0)));
		assertThat(Long.compareUnsigned(n.membership().self().instance(), instance)).isPositive();
	}

}
