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

	/** Smallest datagram that crosses any IPv6 path without fragmentation (1280 - 40 - 8). */
	public static final int MIN_DATAGRAM_SIZE = 1232;

	/** Datagram size of every preset: fits a 1500-byte Ethernet MTU with room for a tunnel header. */
	public static final int DEFAULT_DATAGRAM_SIZE = 1400;

	/** Largest datagram a user may configure: a jumbo frame's payload. */
	public static final int MAX_CONFIGURABLE_DATAGRAM_SIZE = 9000;

	/** Largest payload of any UDP datagram (65535 - 20 - 8); anything longer cannot be ours. */
	public static final int MAX_UDP_PAYLOAD = 65507;

	/** How long every preset remembers failed members: long enough to heal typical partitions. */
	public static final Duration DEFAULT_DEAD_MEMBER_RETENTION = Duration.ofHours(1);

	/** State sync interval of a preset at a long heartbeat: at least this many probe rounds apart. */
	static final int MIN_SYNC_ROUNDS = 10;

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
		if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > MAX_UDP_PAYLOAD) {
			throw new IllegalArgumentException(
					"maxDatagramSize must be within " + MIN_DATAGRAM_SIZE + ".." + MAX_UDP_PAYLOAD);
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

	/** Defaults for a LAN, as in memberlist's LAN profile: {@link Preset#LAN} at its own heartbeat. */
	public static ProtocolConfig lan() {
		return Preset.LAN.defaults();
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

	/**
	 * The tuning presets, modelled on memberlist's {@code DefaultLANConfig}, {@code DefaultWANConfig}
	 * and {@code DefaultLocalConfig}: the one place where the default of every knob is declared. The
	 * probe timeout is a fraction of the heartbeat and the state sync keeps at least
	 * {@value ProtocolConfig#MIN_SYNC_ROUNDS} probe rounds apart, so that a user who only changes the heartbeat keeps
	 * a consistent setup.
	 */
	public enum Preset {

		/** One data centre or LAN: 1s heartbeat, 500ms probe timeout, gossip every 200ms to 3 members. */
		LAN(Duration.ofSeconds(1), 0.5, 3, 4, 6, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30)),

		/** Across data centres: slower probes and gossip, more tolerant suspicion. */
		WAN(Duration.ofSeconds(5), 0.6, 3, 6, 6, Duration.ofMillis(500), 4, 4, Duration.ofSeconds(60)),

		/** One machine (loopback): fast probes and gossip, one indirect check, fewer retransmissions. */
		LOCAL(Duration.ofSeconds(1), 0.2, 1, 3, 6, Duration.ofMillis(100), 3, 2, Duration.ofSeconds(15));

		private final Duration heartbeat;

		private final double probeTimeoutRatio;

		private final int indirectChecks;

		private final int suspicionMultiplier;

		private final int suspicionMaxMultiplier;

		private final Duration gossipInterval;

		private final int gossipFanout;

		private final int retransmitMultiplier;

		private final Duration stateSyncInterval;

		Preset(Duration heartbeat, double probeTimeoutRatio, int indirectChecks, int suspicionMultiplier,
				int suspicionMaxMultiplier, Duration gossipInterval, int gossipFanout, int retransmitMultiplier,
				Duration stateSyncInterval) {
			this.heartbeat = heartbeat;
			this.probeTimeoutRatio = probeTimeoutRatio;
			this.indirectChecks = indirectChecks;
			this.suspicionMultiplier = suspicionMultiplier;
			this.suspicionMaxMultiplier = suspicionMaxMultiplier;
			this.gossipInterval = gossipInterval;
			this.gossipFanout = gossipFanout;
			this.retransmitMultiplier = retransmitMultiplier;
			this.stateSyncInterval = stateSyncInterval;
		}

		/** The heartbeat (probe interval) of this preset. */
		public Duration heartbeat() {
			return this.heartbeat;
		}

		/** This preset at its own heartbeat. */
		public ProtocolConfig defaults() {
			return at(this.heartbeat);
		}

		/**
		 * This preset at another heartbeat: the probe timeout keeps its fraction of the heartbeat,
		 * and the state sync keeps at least {@value ProtocolConfig#MIN_SYNC_ROUNDS} heartbeats apart,
		 * so that a long heartbeat does not turn the preset's own sync interval into an error.
		 * @param heartbeat the probe interval
		 * @return the configuration
		 */
		public ProtocolConfig at(Duration heartbeat) {
			Duration probeTimeout = Duration.ofNanos(Math.round(heartbeat.toNanos() * this.probeTimeoutRatio));
			Duration minSync = heartbeat.multipliedBy(MIN_SYNC_ROUNDS);
			Duration stateSync = (this.stateSyncInterval.compareTo(minSync) >= 0) ? this.stateSyncInterval : minSync;
			return new ProtocolConfig(heartbeat, probeTimeout, this.indirectChecks, this.suspicionMultiplier,
					this.suspicionMaxMultiplier, this.gossipInterval, this.gossipFanout, this.retransmitMultiplier,
					stateSync, DEFAULT_DATAGRAM_SIZE, DEFAULT_DEAD_MEMBER_RETENTION);
		}

	}

	private static void requirePositive(Duration d, String name) {
		if (d == null || d.isNegative() || d.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}
}
