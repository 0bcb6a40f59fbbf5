package io.github.gossip.internal.protocol;

import java.time.Duration;

/**
 * Tuning of the SWIM/Lifeguard state machine, free of Spring so the simulator and the runtime
 * share it. Names follow the SWIM and Lifeguard papers (alpha, beta, lambda).
 *
 * @param probeInterval time between two probes of this node (stretched by the local health score)
 * @param probeTimeout wait for a direct ack before asking others to probe indirectly
 * @param indirectChecks members asked for an indirect probe (k)
 * @param suspicionMultiplier alpha: min suspicion timeout = alpha * max(1, log10 N) * probeInterval
 * @param suspicionMaxMultiplier beta: max suspicion timeout = beta * min
 * @param gossipInterval time between gossip rounds that push queued news
 * @param gossipFanout members a gossip round sends to
 * @param retransmitMultiplier lambda: each update is sent lambda * ceil(log10(N + 1)) times
 * @param stateSyncInterval period of full state exchange (used by anti-entropy)
 * @param maxDatagramSize largest sealed datagram; {@link #SEALING_OVERHEAD} bytes of it are left to the crypto layer
 * @param deadMemberRetention how long DEAD and LEFT members are remembered as tombstones
 * @param leaderStabilityWindow how long the lowest live holder of a role must stay so before it is
 * announced as the role's leader
 */
public record ProtocolConfig(Duration probeInterval, Duration probeTimeout, int indirectChecks,
		int suspicionMultiplier, int suspicionMaxMultiplier, Duration gossipInterval, int gossipFanout,
		int retransmitMultiplier, Duration stateSyncInterval, int maxDatagramSize, Duration deadMemberRetention,
		Duration leaderStabilityWindow) {

	/** Clusters up to this size sync every {@code stateSyncInterval}; larger ones less often. */
	static final int SYNC_SCALE_THRESHOLD = 32;

	/**
	 * Bytes that sealing adds to each datagram: version, cluster tag, key id, timestamp, nonce
	 * (session and counter) and tag. Equal to the sealer's own figure, which a test checks.
	 */
	public static final int SEALING_OVERHEAD = 36;

	/** Smallest datagram that is safe on IPv6 without fragmentation. */
	public static final int MIN_DATAGRAM_SIZE = 1232;

	public ProtocolConfig {
		requirePositive(probeInterval, "probeInterval");
		requirePositive(probeTimeout, "probeTimeout");
		requirePositive(gossipInterval, "gossipInterval");
		requirePositive(stateSyncInterval, "stateSyncInterval");
		requirePositive(deadMemberRetention, "deadMemberRetention");
		requirePositive(leaderStabilityWindow, "leaderStabilityWindow");
		if (probeTimeout.compareTo(probeInterval) >= 0) {
			throw new IllegalArgumentException("probeTimeout must be shorter than probeInterval");
		}
		if (indirectChecks < 0 || suspicionMultiplier < 1 || suspicionMaxMultiplier < 1 || gossipFanout < 1
				|| retransmitMultiplier < 1) {
			throw new IllegalArgumentException("counts and multipliers must be positive");
		}
		if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > 65507) {
			throw new IllegalArgumentException("maxDatagramSize must be within " + MIN_DATAGRAM_SIZE + "..65507");
		}
	}

	/** With the default leader stability window of three probe intervals. */
	public ProtocolConfig(Duration probeInterval, Duration probeTimeout, int indirectChecks, int suspicionMultiplier,
			int suspicionMaxMultiplier, Duration gossipInterval, int gossipFanout, int retransmitMultiplier,
			Duration stateSyncInterval, int maxDatagramSize, Duration deadMemberRetention) {
		this(probeInterval, probeTimeout, indirectChecks, suspicionMultiplier, suspicionMaxMultiplier, gossipInterval,
				gossipFanout, retransmitMultiplier, stateSyncInterval, maxDatagramSize, deadMemberRetention,
				(probeInterval == null) ? null : probeInterval.multipliedBy(3));
	}

	/** Defaults for a LAN, as in memberlist's LAN profile. */
	public static ProtocolConfig lan() {
		return new ProtocolConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 3, 4, 6, Duration.ofMillis(200), 3, 4,
				Duration.ofSeconds(30), 1400, Duration.ofHours(1));
	}

	/** Bytes available to the plaintext packet. */
	public int packetBudget() {
		return this.maxDatagramSize - SEALING_OVERHEAD;
	}

	/** Lifeguard minimum suspicion timeout for a cluster of {@code n} live members, in millis. */
	public long suspicionMinMillis(int n) {
		double scale = Math.max(1.0, Math.log10(Math.max(1, n)));
		return (long) (this.suspicionMultiplier * scale * this.probeInterval.toMillis());
	}

	/** Lifeguard maximum suspicion timeout, where a fresh suspicion starts. */
	public long suspicionMaxMillis(int n) {
		return this.suspicionMaxMultiplier * suspicionMinMillis(n);
	}

	/** How often one update is piggybacked before it is dropped from the queue. */
	public int retransmitLimit(int n) {
		return this.retransmitMultiplier * (int) Math.ceil(Math.log10(n + 1));
	}

	/**
	 * Period of anti-entropy with a random live member in a cluster of {@code n}: the base interval
	 * up to {@value #SYNC_SCALE_THRESHOLD} members, then one more base interval per doubling, as
	 * in memberlist. A sync costs one datagram each way when views agree, and the digest grows with
	 * n up to a cap, so this keeps the steady-state cost per member flat.
	 */
	public long syncIntervalMillis(int n) {
		long base = this.stateSyncInterval.toMillis();
		if (n <= SYNC_SCALE_THRESHOLD) {
			return base;
		}
		int doublings = (int) Math.ceil(Math.log((double) n / SYNC_SCALE_THRESHOLD) / Math.log(2));
		return base * (1 + doublings);
	}

	/**
	 * Period, for one member in a view of {@code n} live members, of the attempts to reach failed
	 * members and seeds missing from the view: a third of the base sync interval, stretched in
	 * proportion beyond {@value #SYNC_SCALE_THRESHOLD} members. Every member of the smaller side of
	 * a split tries each period (it holds at least as many failed as live, so the failed / live
	 * probability of an attempt reaches one), so a partition of any size above that threshold makes
	 * its first contact about as soon (about {@value #SYNC_SCALE_THRESHOLD} attempts per period
	 * between them), while a few tombstones in a large cluster cost almost nothing and a dead
	 * address is not flooded. A member that lost everyone tries at the base rate.
	 */
	public long reconnectIntervalMillis(int n) {
		long base = Math.max(1, this.stateSyncInterval.toMillis() / 3);
		return (n <= SYNC_SCALE_THRESHOLD) ? base : base * n / SYNC_SCALE_THRESHOLD;
	}

	/** Spacing of the follow-up syncs after a member joined or came back: the base reconnect period. */
	public long followUpSpacingMillis() {
		return reconnectIntervalMillis(1);
	}

	private static void requirePositive(Duration d, String name) {
		if (d == null || d.isNegative() || d.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}
}
