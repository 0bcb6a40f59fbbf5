package io.github.gossip.sim;

import io.github.gossip.bench.BenchReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.sim.DetectionTrials.Detection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Figures, not pass/fail: each prints {@code BENCH} lines (see {@link BenchReport}). Runs only with
 * {@code ./mvnw -B -Pbench verify}. Assertions here only guard against measuring a broken run.
 */
@Tag("bench")
@ExtendWith(SimSeedExtension.class)
class SimBenchmarkTest {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	/**
	 * Mean-case floor for push gossip with fanout f every interval T: each hop at most multiplies
	 * the informed nodes by (1 + f), so informing N nodes takes at least ceil(ln N / ln(1 + f))
	 * hops, and with unsynchronised timers a holder waits T/2 on average for its next round:
	 * floor_ms = ceil(ln N / ln(1 + f)) * T / 2. (Synchronous rounds would give twice that; the
	 * protocol can beat neither except through piggybacking on probes and join answers.)
	 */
	static long pushGossipFloorMillis(int n, int fanout, long intervalMillis) {
		return (long) Math.ceil(Math.log(n) / Math.log(1 + fanout)) * intervalMillis / 2;
	}

	@Test
	void converge() {
		for (int n : new int[] { 8, 32, 128, 1000 }) {
			for (double loss : new double[] { 0, 0.1 }) {
				int trials = (n == 1000) ? 20 : 100;
				Simulator sim = DetectionTrials.settledCluster(1000L + n, n);
				sim.network().loss(NetworkModel.LossModel.uniform(loss));
				List<Long> times = new ArrayList<>();
				int missed = 0;
				for (int t = 0; t < trials; t++) {
					SimNode newcomer = sim.addNode();
					Set<String> knownBy = new HashSet<>();
					sim.listener((o) -> {
						if (o.event().kind() == Kind.JOINED && o.event().member().id().nodeId().equals(newcomer.nodeId())) {
							knownBy.add(o.observer().nodeId());
						}
					});
					long start = sim.nowMillis();
					sim.start(newcomer, List.of(sim.node(0)));
					int others = sim.upNodes().size() - 1;
					long at = sim.runUntil(() -> knownBy.size() >= others, 10, 30_000);
					if (at < 0) {
						missed++;
					}
					else {
						times.add(at - start);
					}
					sim.listener(null);
					// keep N constant: the newcomer leaves gracefully before the next trial
					sim.leave(newcomer);
					sim.runFor(3_000);
					sim.crash(newcomer);
					sim.runFor(2_000);
				}
				BenchReport.record(String.format("sim.converge n=%d loss=%s p50_ms=%d p99_ms=%d floor_ms=%d trials=%d missed_30s=%d",
						n, loss, BenchReport.percentile(times, 50), BenchReport.percentile(times, 99),
						pushGossipFloorMillis(n, LAN.gossipFanout(), LAN.gossipInterval().toMillis()), trials, missed));
			}
		}
	}

	@Test
	void detect() {
		for (int n : new int[] { 8, 32, 128, 1000 }) {
			int trials = (n == 1000) ? 5 : 20;
			List<Long> times = new ArrayList<>();
			for (Detection d : detections(n, trials)) {
				times.add(d.checkedAt() - d.trace().crashAt);
			}
			BenchReport.record(String.format("sim.detect n=%d p50_ms=%d p99_ms=%d max_ms=%d trials=%d", n,
					BenchReport.percentile(times, 50), BenchReport.percentile(times, 99),
					BenchReport.percentile(times, 100), trials));
		}
	}

	/**
	 * {@link #detect()} for processes that exit on hosts that run on (a crash, an OOM kill, a
	 * container that died in its pod): the host refuses the port check of the first unanswered
	 * probe, so detection takes the first probe, its timeout and the spread.
	 */
	@Test
	void detectExited() {
		for (int n : new int[] { 8, 32, 128 }) {
			int trials = 20;
			List<Long> times = new ArrayList<>();
			for (Detection d : DetectionTrials.run(n, trials, Simulator::exit)) {
				times.add(d.checkedAt() - d.trace().crashAt);
			}
			BenchReport.record(String.format("sim.detect.exit n=%d p50_ms=%d p99_ms=%d max_ms=%d trials=%d", n,
					BenchReport.percentile(times, 50), BenchReport.percentile(times, 99),
					BenchReport.percentile(times, 100), trials));
		}
	}

	/**
	 * Where the time of a detection goes, over the clusters and victims of {@link #detect()} (its
	 * trials first, then more): (a) {@code probe}, crash until anyone first pings the victim; (b)
	 * {@code suspect}, that ping until the first SUSPECT (probe timeout, indirect round); (c)
	 * {@code suspicion}, first SUSPECT until the first FAILED, with the first member to declare it
	 * ({@code start_lag}: its own suspicion began that much after the first; {@code timeout}: its
	 * suspicion's length; the independent confirmations it counted, and when each arrived after
	 * its suspicion began); (d) {@code spread}, first FAILED until every member has it FAILED. The
	 * parts add up to {@code total}, timed exactly (sim.detect checks every 50 ms).
	 */
	@Test
	void detectBreakdown() {
		for (int n : new int[] { 8, 32, 128 }) {
			int trials = 100;
			int expected = Math.max(0, Math.min(LAN.indirectChecks(), n - 2));
			List<Long> probe = new ArrayList<>();
			List<Long> suspect = new ArrayList<>();
			List<Long> suspicion = new ArrayList<>();
			List<Long> spread = new ArrayList<>();
			List<Long> total = new ArrayList<>();
			List<Long> startLag = new ArrayList<>();
			List<Long> timeout = new ArrayList<>();
			List<Long> confirmations = new ArrayList<>();
			List<List<Long>> confirmedAfter = new ArrayList<>();
			for (int i = 0; i < expected; i++) {
				confirmedAfter.add(new ArrayList<>());
			}
			int selfAccused = 0;
			Detection worst = null;
			for (Detection d : detections(n, trials)) {
				DetectionTrace t = d.trace();
				probe.add(t.firstProbeAt - t.crashAt);
				suspect.add(t.firstSuspectAt - t.firstProbeAt);
				suspicion.add(t.firstFailedAt - t.firstSuspectAt);
				spread.add(t.lastFailedAt - t.firstFailedAt);
				total.add(t.lastFailedAt - t.crashAt);
				DetectionTrace.Observer x = t.firstFailerView();
				startLag.add(x.suspectedAt - t.firstSuspectAt);
				timeout.add(x.failedAt - x.suspectedAt);
				confirmations.add((long) x.confirmations.size());
				int i = 0;
				for (long at : x.confirmations.values()) {
					confirmedAfter.get(i++).add(at - x.suspectedAt);
				}
				if (t.firstFailer.equals(x.firstAccuser)) {
					selfAccused++;
				}
				if (worst == null || t.lastFailedAt - t.crashAt > worst.trace().lastFailedAt - worst.trace().crashAt) {
					worst = d;
				}
			}
			StringBuilder confirmed = new StringBuilder();
			for (int i = 0; i < expected; i++) {
				confirmed.append(String.format(" conf%d_p50_ms=%d conf%d_n=%d", i + 1,
						BenchReport.percentile(confirmedAfter.get(i), 50), i + 1, confirmedAfter.get(i).size()));
			}
			BenchReport.record(String.format("sim.detect.breakdown n=%d probe_p50_ms=%d probe_max_ms=%d "
					+ "suspect_p50_ms=%d suspect_max_ms=%d suspicion_p50_ms=%d suspicion_max_ms=%d "
					+ "spread_p50_ms=%d spread_max_ms=%d total_p50_ms=%d total_p99_ms=%d total_max_ms=%d "
					+ "start_lag_p50_ms=%d timeout_p50_ms=%d timeout_max_ms=%d suspicion_min_ms=%d "
					+ "confirmations_p50=%d confirmations_min=%d%s first_failer_accused_pct=%d trials=%d",
					n, BenchReport.percentile(probe, 50), BenchReport.percentile(probe, 100),
					BenchReport.percentile(suspect, 50), BenchReport.percentile(suspect, 100),
					BenchReport.percentile(suspicion, 50), BenchReport.percentile(suspicion, 100),
					BenchReport.percentile(spread, 50), BenchReport.percentile(spread, 100),
					BenchReport.percentile(total, 50), BenchReport.percentile(total, 99),
					BenchReport.percentile(total, 100), BenchReport.percentile(startLag, 50),
					BenchReport.percentile(timeout, 50), BenchReport.percentile(timeout, 100),
					LAN.suspicionMinMillis(n), BenchReport.percentile(confirmations, 50),
					BenchReport.percentile(confirmations, 0), confirmed, selfAccused * 100 / trials, trials));
			DetectionTrace w = worst.trace();
			DetectionTrace.Observer x = w.firstFailerView();
			List<Long> after = x.confirmations.values().stream().map((at) -> at - x.suspectedAt).toList();
			BenchReport.record(String.format("sim.detect.breakdown.worst n=%d total_ms=%d probe_ms=%d suspect_ms=%d "
					+ "suspicion_ms=%d spread_ms=%d start_lag_ms=%d timeout_ms=%d confirmed_after_ms=%s",
					n, w.lastFailedAt - w.crashAt, w.firstProbeAt - w.crashAt, w.firstSuspectAt - w.firstProbeAt,
					w.firstFailedAt - w.firstSuspectAt, w.lastFailedAt - w.firstFailedAt,
					x.suspectedAt - w.firstSuspectAt, x.failedAt - x.suspectedAt, after).replace(", ", ","));
		}
	}

	/** The crashes of {@link #detect()}: hosts that answer nothing. */
	private static List<Detection> detections(int n, int trials) {
		return DetectionTrials.run(n, trials, Simulator::crash);
	}

	/**
	 * The README's detection time for Stalwart's example: three members, a 5 s heartbeat and what
	 * the lan profile derives from it (probe timeout 2.5 s, state sync ten heartbeats). Each trial
	 * crashes one member at a different point of the probe cycle and times the first SUSPECTED and
	 * the FAILED of both survivors.
	 */
	@Test
	void detectWithAFiveSecondHeartbeat() {
		ProtocolConfig fiveSeconds = new ProtocolConfig(Duration.ofSeconds(5), Duration.ofMillis(2500), 3, 4, 6,
				Duration.ofMillis(200), 3, 4, Duration.ofSeconds(50), 1400, Duration.ofHours(1));
		int trials = 200;
		List<Long> suspected = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (int t = 0; t < trials; t++) {
			Simulator sim = new Simulator(9000L + t, fiveSeconds).recordEvents(false);
			ScenarioTest.startCluster(sim, 3);
			sim.runFor(30_000 + (t * 7919L) % 10_000);
			SimNode victim = sim.node(1 + t % 2);
			Set<String> failedBy = new HashSet<>();
			long[] firstSuspected = { -1 };
			sim.listener((o) -> {
				if (o.event().member().id().nodeId().equals(victim.nodeId())) {
					if (o.event().kind() == Kind.SUSPECTED && firstSuspected[0] < 0) {
						firstSuspected[0] = sim.nowMillis();
					}
					if (o.event().kind() == Kind.FAILED) {
						failedBy.add(o.observer().nodeId());
					}
				}
			});
			long start = sim.nowMillis();
			sim.crash(victim);
			long at = sim.runUntil(() -> failedBy.size() == 2, 50, 600_000);
			assertThat(at).as("detection of %s", victim).isPositive();
			suspected.add(firstSuspected[0] - start);
			failed.add(at - start);
		}
		BenchReport.record(String.format(
				"sim.detect.heartbeat5s n=3 suspected_min_ms=%d suspected_p50_ms=%d suspected_max_ms=%d "
						+ "failed_min_ms=%d failed_p50_ms=%d failed_p99_ms=%d failed_max_ms=%d trials=%d",
				BenchReport.percentile(suspected, 0), BenchReport.percentile(suspected, 50),
				BenchReport.percentile(suspected, 100), BenchReport.percentile(failed, 0),
				BenchReport.percentile(failed, 50), BenchReport.percentile(failed, 99),
				BenchReport.percentile(failed, 100), trials));
	}

	@Test
	void falsePositives() {
		for (double loss : new double[] { 0.05, 0.1, 0.2 }) {
			Simulator sim = DetectionTrials.settledCluster(3000L + (long) (loss * 100), 32);
			sim.network().loss(NetworkModel.LossModel.uniform(loss));
			int[] failed = { 0 };
			sim.listener((o) -> {
				if (o.event().kind() == Kind.FAILED) {
					failed[0]++;
				}
			});
			sim.runFor(3_600_000);
			BenchReport.record(String.format("sim.falsepos n=32 loss=%s hours=1 count=%d", loss, failed[0]));
		}
	}

	@Test
	void stall() {
		int falseFailures = 0;
		int accusedByPaused = 0;
		int trials = 10;
		for (int t = 0; t < trials; t++) {
			Simulator sim = new Simulator(4000L + t, LAN).recordEvents(false);
			// WAN-like latency: probes are often in flight when the pause begins (see ScenarioTest)
			sim.network().delay(NetworkModel.DelayModel.uniform(40_000, 120_000));
			ScenarioTest.startCluster(sim, 32);
			sim.runFor(5_000);
			SimNode sleeper = sim.node(1 + t);
			int[] counts = new int[2];
			long pausedAt = sim.nowMillis();
			sim.listener((o) -> {
				if (o.event().kind() == Kind.FAILED) {
					counts[0]++;
				}
				if (o.observer().nodeId().equals(sleeper.nodeId()) && o.atMillis() >= pausedAt
						&& (o.event().kind() == Kind.SUSPECTED || o.event().kind() == Kind.FAILED)) {
					counts[1]++;
				}
			});
			sim.stall(sleeper, 5_000);
			sim.runFor(60_000);
			falseFailures += counts[0];
			accusedByPaused += counts[1];
		}
		BenchReport.record(String.format("sim.stall pause_ms=5000 false_failures=%d accused_by_paused=%d trials=%d",
				falseFailures, accusedByPaused, trials));
	}

	/**
	 * One member's network is cut for 10 s out of every 20 s, for 10 minutes; flips_per_min is the
	 * number of events about it (SUSPECTED, FAILED, ALIVE_AGAIN, ...) per observer per minute.
	 */
	@Test
	void flap() {
		Simulator sim = DetectionTrials.settledCluster(5000L, 32);
		SimNode flapper = sim.node(13);
		int[] changes = { 0 };
		sim.listener((o) -> {
			if (o.event().member().id().nodeId().equals(flapper.nodeId())) {
				changes[0]++;
			}
		});
		long start = sim.nowMillis();
		for (int cycle = 0; cycle < 30; cycle++) {
			sim.at(start + cycle * 20_000L, () -> sim.network().setGroup(flapper.index(), 1));
			sim.at(start + cycle * 20_000L + 10_000, () -> sim.network().setGroup(flapper.index(), 0));
		}
		sim.runFor(600_000);
		double perObserverPerMinute = changes[0] / 31.0 / 10.0;
		BenchReport.record(String.format("sim.flap n=32 period_s=20 flips_per_min=%.2f", perObserverPerMinute));
	}

	@Test
	void bandwidth() {
		for (int n : new int[] { 3, 8, 32, 128, 1000 }) {
			Simulator sim = DetectionTrials.settledCluster(6000L + n, n);
			sim.runFor(30_000);
			long tx0 = 0, rx0 = 0;
			for (SimNode node : sim.nodes()) {
				tx0 += wireBytes(node.txBytes(), node.txPackets());
				rx0 += wireBytes(node.rxBytes(), node.rxPackets());
			}
			int seconds = 60;
			sim.runFor(seconds * 1000L);
			long tx = -tx0, rx = -rx0;
			for (SimNode node : sim.nodes()) {
				tx += wireBytes(node.txBytes(), node.txPackets());
				rx += wireBytes(node.rxBytes(), node.rxPackets());
			}
			BenchReport.record(String.format("sim.bandwidth n=%d tx_bytes_per_node_s=%d rx_bytes_per_node_s=%d", n,
					tx / n / seconds, rx / n / seconds));
		}
	}

	/**
	 * State-sync bytes per member per second over the ten minutes after a member of 32 crashed and
	 * was failed everywhere, against the same ten minutes of the same cluster without the crash.
	 * rx counts the sync datagrams live members received (the anti-entropy exchanges); tx also
	 * counts the digests sent to the dead address, the partition-healing attempts of
	 * {@code reconnectIntervalMillis}, which no live member receives; reconnects_per_period is
	 * their number, cluster-wide, per reconnect period.
	 */
	@Test
	void syncAfterFailure() {
		long[] none = syncBytesOverTenMinutes(false);
		long[] crash = syncBytesOverTenMinutes(true);
		// tx_to_live_members leaves out the digests sent to the failed member's address: those are
		// the cluster's reconnect attempts (healing, about one per period), not sync among members
		BenchReport.record(String.format("sim.sync.after_failure n=32 minutes=10 rx_bytes_per_member_s=%.2f"
				+ " rx_no_crash=%.2f tx_bytes_per_member_s=%.2f tx_no_crash=%.2f tx_to_live_members=%.2f"
				+ " pushes=%d pushes_no_crash=%d reconnects_per_period=%.2f",
				crash[0] / 31.0 / 600, none[0] / 31.0 / 600, crash[1] / 31.0 / 600, none[1] / 31.0 / 600,
				(crash[1] - crash[4]) / 31.0 / 600, crash[2], none[2],
				crash[3] / (600_000.0 / LAN.reconnectIntervalMillis(31))));
	}

	/**
	 * rx bytes, tx bytes and record-push datagrams of sync among the 31 members other than node 17,
	 * and the digests sent to node 17's address and their bytes.
	 */
	private static long[] syncBytesOverTenMinutes(boolean crash) {
		Simulator sim = DetectionTrials.settledCluster(6500L, 32);
		sim.runFor(10_000);
		SimNode victim = sim.node(17);
		if (crash) {
			sim.crash(victim);
			assertThat(sim.runUntil(() -> sim.allSee(victim, MemberState.DEAD), 100, 120_000)).isPositive();
		}
		else {
			sim.runFor(30_000);
		}
		long[] start = syncCounts(sim, victim);
		long digestsToVictim = sim.digestsSentTo(victim.endpoint());
		long digestBytesToVictim = sim.digestBytesSentTo(victim.endpoint());
		sim.runFor(600_000);
		long[] end = syncCounts(sim, victim);
		return new long[] { end[0] - start[0], end[1] - start[1], end[2] - start[2],
				sim.digestsSentTo(victim.endpoint()) - digestsToVictim,
				sim.digestBytesSentTo(victim.endpoint()) - digestBytesToVictim };
	}

	private static long[] syncCounts(Simulator sim, SimNode except) {
		long[] counts = new long[3];
		for (SimNode node : sim.nodes()) {
			if (node != except) {
				counts[0] += node.syncRxBytes();
				counts[1] += node.syncTxBytes();
				counts[2] += node.syncPushTxPackets();
			}
		}
		return counts;
	}

	/** Bytes on the wire: payload plus 28 bytes of IPv4/UDP headers and 45 bytes of sealing per datagram. */
	private static long wireBytes(long payload, long datagrams) {
		return payload + datagrams * (28 + ProtocolConfig.SEALING_OVERHEAD);
	}

	/**
	 * A cluster starting at once through one seed (a member every 2 ms): until every member lists
	 * every other alive, by size, over three seeds.
	 */
	@Test
	void bootstrapBySize() {
		for (int n : new int[] { 16, 32, 64, 128, 256, 500 }) {
			List<Long> times = new ArrayList<>();
			for (long seed = 0; seed < 3; seed++) {
				Simulator sim = new Simulator(7000L + seed, LAN).recordEvents(false);
				List<SimNode> nodes = sim.addNodes(n);
				sim.start(nodes.get(0), List.of());
				for (int i = 1; i < n; i++) {
					SimNode node = nodes.get(i);
					sim.at(i * 2L, () -> sim.start(node, List.of(nodes.get(0))));
				}
				int size = n;
				times.add(sim.runUntil(() -> sim.upNodes().size() == size && sim.everyUpNodeCountsLive(size), 10, 300_000));
			}
			Collections.sort(times);
			BenchReport.record(String.format("sim.bootstrap n=%d ms_p50=%d ms_max=%d trials=3", n, times.get(1),
					times.get(2)));
		}
	}

	@Test
	void bootstrapAndSpeedAtOneThousand() {
		long wallStart = System.nanoTime();
		Simulator sim = new Simulator(7000L, LAN).recordEvents(false);
		List<SimNode> nodes = sim.addNodes(1000);
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < 1000; i++) {
			SimNode node = nodes.get(i);
			sim.at(i, () -> sim.start(node, List.of(nodes.get(0))));
		}
		long at = sim.runUntil(() -> sim.upNodes().size() == 1000 && sim.everyUpNodeCountsLive(1000), 250, 300_000);
		BenchReport.record(String.format("sim.bootstrap n=1000 ms=%d", at));
		sim.runUntil(600_000);
		long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
		int failed = 0;
		for (SimNode n : nodes) {
			for (SimNode m : nodes) {
				if (n != m && n.stateOf(m) != MemberState.ALIVE) {
					failed++;
				}
			}
		}
		BenchReport.record(String.format("sim.speed n=1000 virtual_s=600 wall_ms=%d events=%d not_alive_pairs=%d", wallMs,
				sim.eventsProcessed(), failed));
	}

	/**
	 * 64 members split 32/32 for 10 minutes, then healed: time from the heal until every member
	 * sees all 64 alive. With a 3-minute retention the tombstones are gone and the seed is the way
	 * back; with the default hour they are still held. {@code -Dsim.heal.trials} and
	 * {@code -Dsim.heal.seed} (the first trial's seed) run other and more trials, to tell a moved
	 * figure from moved trajectories.
	 */
	@Test
	void heal() {
		int trials = Integer.getInteger("sim.heal.trials", 20);
		long firstSeed = Long.getLong("sim.heal.seed", 8000L);
		for (ProtocolConfig config : new ProtocolConfig[] { HealingScenarioTest.SHORT_RETENTION, LAN }) {
			List<Long> times = new ArrayList<>();
			int missed = 0;
			for (int t = 0; t < trials; t++) {
				Simulator sim = new Simulator(firstSeed + t, config).recordEvents(false);
				ScenarioTest.startCluster(sim, 64);
				sim.runFor(5_000);
				for (int i = 32; i < 64; i++) {
					sim.network().setGroup(i, 1);
				}
				sim.runFor(600_000);
				sim.network().clearGroups();
				long healedAt = sim.nowMillis();
				long at = sim.runUntil(sim::allSeeAllAlive, 50, 300_000);
				if (at < 0) {
					missed++;
				}
				else {
					times.add(at - healedAt);
				}
			}
			BenchReport.record(String.format("sim.heal n=64 split_s=600 retention_s=%d p50_ms=%d p99_ms=%d max_ms=%d"
					+ " trials=%d missed_300s=%d",
					config.deadMemberRetention().toSeconds(), BenchReport.percentile(times, 50),
					BenchReport.percentile(times, 99), BenchReport.percentile(times, 100), trials, missed));
		}
	}

	/** A thousand random fault schedules, each followed by a heal; see {@link FaultSweep}. */
	@Test
	void sweep() {
		int seeds = 1000;
		int violations = 0;
		List<Long> times = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (long seed = 1; seed <= seeds; seed++) {
			FaultSweep.Outcome outcome = FaultSweep.run(seed);
			if (outcome.ok()) {
				times.add(outcome.healMillis());
			}
			else {
				violations++;
				failed.add(seed);
				System.out.println("sweep seed " + seed + ": " + outcome.problem());
			}
		}
		BenchReport.record(String.format("sim.sweep seeds=%d violations=%d bound_ms=%d p50_ms=%d p99_ms=%d max_ms=%d"
				+ " failed_seeds=%s",
				seeds, violations, FaultSweep.BOUND_MILLIS, BenchReport.percentile(times, 50),
				BenchReport.percentile(times, 99), BenchReport.percentile(times, 100), failed));
	}

	/**
	 * Every member of 32 holds one role; the leader (lowest id) crashes: time until every live
	 * member has announced the next lowest as leader. The crashed member restarts between trials
	 * and takes the role back.
	 */
	@Test
	void leader() {
		leaderHandover(false);
	}

	/**
	 * As {@link #leader}, with the majority policy and five voters (nodes 0 to 4): the next voter must
	 * wait out the promises the crashed one held, then win two more grants.
	 */
	@Test
	void majorityLeader() {
		leaderHandover(true);
	}

	private void leaderHandover(boolean majority) {
		String role = "metrics.push";
		Simulator sim = new Simulator(9000L, LAN).recordEvents(false);
		if (majority) {
			sim.quorums(java.util.Map.of(role, io.github.gossip.internal.protocol.QuorumRule
				.majorityOf(Set.of("node-0000", "node-0001", "node-0002", "node-0003", "node-0004"))));
		}
		List<SimNode> nodes = sim.addNodes(32);
		for (SimNode node : nodes) {
			node.metadata = new io.github.gossip.internal.protocol.MemberMetadata(Set.of(role), java.util.Map.of());
		}
		sim.start(nodes.get(0), List.of());
		for (int i = 1; i < 32; i++) {
			SimNode node = nodes.get(i);
			sim.at(i * 1000L / 32, () -> sim.start(node, List.of(nodes.get(0))));
		}
		assertThat(sim.runUntil(() -> leaderEverywhere(sim, role, nodes.get(0)), 100, 60_000)).isPositive();
		List<Long> times = new ArrayList<>();
		int trials = 20;
		for (int t = 0; t < trials; t++) {
			sim.runFor(5_000 + t * 337L);
			SimNode leader = nodes.get(0);
			long crashedAt = sim.nowMillis();
			sim.crash(leader);
			long at = sim.runUntil(() -> leaderEverywhere(sim, role, nodes.get(1)), 10, 120_000);
			assertThat(at).as("hand-over in trial %d", t).isPositive();
			times.add(at - crashedAt);
			sim.start(leader, List.of(nodes.get(1)));
			assertThat(sim.runUntil(() -> sim.allSeeAllAlive() && leaderEverywhere(sim, role, leader), 100, 60_000))
				.isPositive();
		}
		BenchReport.record(String.format("sim.leader n=32 policy=%s handover_p50_ms=%d handover_p99_ms=%d window_ms=%d"
				+ " trials=%d", majority ? "majority voters=5" : "available", BenchReport.percentile(times, 50),
				BenchReport.percentile(times, 99), LAN.leaderStabilityWindow().toMillis(), trials));
	}

	/**
	 * A thousand random fault schedules with one role of the majority policy and drifting clocks
	 * (see {@link MajoritySweep}): overlapping terms and falling epochs (both must be 0), the share of
	 * the fault time without a leader, and the time from the heal to a leader.
	 */
	@Test
	void majoritySweep() {
		int seeds = 1000;
		long violations = 0;
		long leaderless = 0;
		long faultTime = 0;
		long terms = 0;
		int noLeader = 0;
		List<Long> times = new ArrayList<>();
		for (long seed = 1; seed <= seeds; seed++) {
			MajoritySweep.Outcome outcome = MajoritySweep.run(seed);
			violations += outcome.violations().size();
			outcome.violations().forEach((v) -> System.out.println("majority sweep seed " + outcome.seed() + ": " + v));
			leaderless += outcome.leaderlessDuringMillis();
			faultTime += outcome.faultMillis();
			terms += outcome.terms();
			if (outcome.leaderlessMillis() < 0) {
				noLeader++;
			}
			else {
				times.add(outcome.leaderlessMillis());
			}
		}
		BenchReport.record(String.format("sim.jobs policy=majority seeds=%d violations=%d terms=%d"
				+ " leaderless_during_faults_pct=%.1f heal_to_leader_p50_ms=%d heal_to_leader_p99_ms=%d"
				+ " no_leader_after_heal=%d", seeds, violations, terms, 100.0 * leaderless / faultTime,
				BenchReport.percentile(times, 50), BenchReport.percentile(times, 99), noLeader));
	}

	/**
	 * The same schedules with the available policy: how long two members led at once, episode by
	 * episode (every one during a fault or its detection), and after the heal.
	 */
	@Test
	void availableSweep() {
		int seeds = 1000;
		List<Long> episodes = new ArrayList<>();
		long overlapTime = 0;
		long faultTime = 0;
		long afterHeal = 0;
		for (long seed = 1; seed <= seeds; seed++) {
			MajoritySweep.Outcome outcome = MajoritySweep.run(seed, false);
			episodes.addAll(outcome.overlapMillis());
			overlapTime += outcome.overlapMillis().stream().mapToLong(Long::longValue).sum();
			faultTime += outcome.faultMillis();
			afterHeal = Math.max(afterHeal, outcome.overlapAfterHealMillis());
		}
		BenchReport.record(String.format("sim.jobs policy=available seeds=%d overlaps=%d overlap_ms_p50=%d"
				+ " overlap_ms_p99=%d overlap_ms_max=%d overlap_pct_of_fault_time=%.1f max_overlap_after_heal_ms=%d",
				seeds, episodes.size(), BenchReport.percentile(episodes, 50), BenchReport.percentile(episodes, 99),
				BenchReport.percentile(episodes, 100), 100.0 * overlapTime / faultTime, afterHeal));
	}

	private static boolean leaderEverywhere(Simulator sim, String role, SimNode leader) {
		for (SimNode n : sim.upNodes()) {
			io.github.gossip.internal.protocol.Member m = n.membership().leader(role).orElse(null);
			if (m == null || !m.id().nodeId().equals(leader.nodeId())) {
				return false;
			}
		}
		return true;
	}

}
