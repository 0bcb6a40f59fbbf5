package io.github.gossip.sim;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster started at once through one seed, a member every 2 ms as in {@code sim.bootstrap}: until
 * every member lists every other, the time must grow with the time the members take to start plus
 * the logarithm of the cluster size, not with the size itself.
 */
@ExtendWith(SimSeedExtension.class)
class BootstrapScenarioTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	private static final long START_SPACING_MILLIS = 2;

	/**
	 * Every member has started after {@code 2 (n - 1)} ms. From then the news of the last one needs
	 * about {@code log(n) / log(1 + fanout)} hops, each at most a quarter gossip interval apart while
	 * news is queued; and a member that gossip left without some of the others fills the gap by its
	 * first catch-up pull, at most three gossip intervals after its own join, from a member whose view
	 * is by then nearly whole.
	 */
	static long boundMillis(int n) {
		long gossip = LAN.gossipInterval().toMillis();
		long hops = (long) Math.ceil(Math.log(n) / Math.log(1 + LAN.gossipFanout()));
		return START_SPACING_MILLIS * (n - 1) + 3 * gossip + hops * gossip / 4;
	}

	@ParameterizedTest(name = "n={0} seed={1}")
	@CsvSource({ "64, 7000", "64, 7001", "64, 7002", "64, 7003", "64, 7004", "128, 7000", "128, 7001", "128, 7002",
			"128, 7003", "128, 7004" })
	void everyMemberListsEveryOtherWithinTheStartTimePlusLogarithmicallyManyRounds(int n, long seed) {
		Simulator sim = new Simulator(seed, LAN).recordEvents(false);
		List<SimNode> nodes = sim.addNodes(n);
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < n; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * START_SPACING_MILLIS, () -> sim.start(node, List.of(nodes.get(0))));
		}
		long bound = boundMillis(n);
		long at = sim.runUntil(() -> sim.upNodes().size() == n && sim.allSeeAllAlive(), 10, bound);
		assertThat(at).as("every one of %d members lists every other within %d ms", n, bound).isPositive();
	}

}
