package io.github.gossip.sim;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's datagrams may arrive from an address other than the one it advertises (NAT, a
 * multi-homed host answering through another interface). Whoever first learned it from a packet's
 * source address must move to the advertised address once the member's own record arrives, and
 * must not suspect it meanwhile.
 */
@ExtendWith(SimSeedExtension.class)
class AdvertisedAddressScenarioTest {

	/** Where the translated member's datagrams seem to come from. */
	private static final Endpoint SOURCE = Endpoint.ipv4(192, 168, 77, 1, 40_000);

	@Test
	void seedBehindAnAddressThatAdmitsNoStrangerIsProbedAtItsAdvertisedAddressWithoutSuspicion() {
		Simulator sim = new Simulator(71_001L, ProtocolConfig.lan());
		List<SimNode> nodes = sim.addNodes(8);
		SimNode seed = nodes.get(0);
		sim.sourceAddress(seed, SOURCE, false);
		startThrough(sim, nodes, seed);
		assertThat(sim.runUntil(() -> sim.upNodes().size() == 8 && sim.allSeeAllAlive(), 100, 60_000)).isPositive();
		sim.runFor(60_000);
		assertAllUseAdvertisedAddressOf(sim, seed);
		long misdirected = sim.undeliverable(SOURCE);
		sim.runFor(60_000);
		assertThat(sim.undeliverable(SOURCE)).as("datagrams still sent to the source address").isEqualTo(misdirected);
		assertThat(sim.observed(Kind.SUSPECTED, seed)).isEmpty();
		assertThat(sim.observed(Kind.FAILED, seed)).isEmpty();
	}

	@Test
	void seedAnsweringThroughASecondInterfaceEndsUpKnownByItsAdvertisedAddress() {
		Simulator sim = new Simulator(71_002L, ProtocolConfig.lan());
		List<SimNode> nodes = sim.addNodes(8);
		SimNode multiHomed = nodes.get(0);
		sim.sourceAddress(multiHomed, SOURCE, true);
		startThrough(sim, nodes, multiHomed);
		assertThat(sim.runUntil(() -> sim.upNodes().size() == 8 && sim.allSeeAllAlive(), 100, 60_000)).isPositive();
		sim.runFor(60_000);
		assertAllUseAdvertisedAddressOf(sim, multiHomed);
		assertThat(sim.observed(Kind.SUSPECTED, multiHomed)).isEmpty();
		assertThat(sim.observed(Kind.FAILED, multiHomed)).isEmpty();
	}

	private static void startThrough(Simulator sim, List<SimNode> nodes, SimNode seed) {
		sim.start(seed, List.of());
		for (SimNode node : nodes) {
			if (node != seed) {
				sim.at(node.index() * 1000L / nodes.size(), () -> sim.start(node, List.of(seed)));
			}
		}
	}

	private static void assertAllUseAdvertisedAddressOf(Simulator sim, SimNode member) {
		for (SimNode node : sim.upNodes()) {
			if (node != member) {
				assertThat(node.membership().member(member.nodeId()).orElseThrow().endpoint())
					.as("address of %s at %s", member.nodeId(), node.nodeId())
					.isEqualTo(member.endpoint());
			}
		}
	}

}
