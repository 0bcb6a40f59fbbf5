package io.github.gossip.config;

import java.time.Duration;

/**
 * Presets for the protocol tuning, modelled on memberlist's {@code DefaultLANConfig},
 * {@code DefaultWANConfig} and {@code DefaultLocalConfig}. The probe timeout is a fraction of the
 * heartbeat so that a user who only changes {@code cluster.heartbeat} keeps a consistent setup.
 */
public enum GossipProfile {

	/** One data centre or LAN: 1s heartbeat, 500ms probe timeout, gossip every 200ms to 3 members. */
	LAN(Duration.ofSeconds(1), 0.5, 3, 4, 6, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30)),

	/** Across data centres: slower probes and gossip, more tolerant suspicion. */
	WAN(Duration.ofSeconds(5), 0.6, 3, 6, 6, Duration.ofMillis(500), 4, 4, Duration.ofSeconds(60)),

	/** One machine (loopback): fast probes and gossip, one indirect check, fewer retransmissions. */
	LOCAL(Duration.ofSeconds(1), 0.2, 1, 3, 6, Duration.ofMillis(100), 3, 2, Duration.ofSeconds(15));

	/** Every profile remembers failed members for an hour; long enough to heal typical partitions. */
	static final Duration DEAD_MEMBER_RETENTION = Duration.ofHours(1);

	static final int MAX_DATAGRAM_SIZE = 1400;

	private final Duration heartbeat;

	private final double probeTimeoutRatio;

	private final int indirectChecks;

	private final int suspicionMultiplier;

	private final int suspicionMaxMultiplier;

	private final Duration gossipInterval;

	private final int fanout;

	private final int retransmitMultiplier;

	private final Duration stateSyncInterval;

	GossipProfile(Duration heartbeat, double probeTimeoutRatio, int indirectChecks, int suspicionMultiplier,
			int suspicionMaxMultiplier, Duration gossipInterval, int fanout, int retransmitMultiplier,
			Duration stateSyncInterval) {
		this.heartbeat = heartbeat;
		this.probeTimeoutRatio = probeTimeoutRatio;
		this.indirectChecks = indirectChecks;
		this.suspicionMultiplier = suspicionMultiplier;
		this.suspicionMaxMultiplier = suspicionMaxMultiplier;
		this.gossipInterval = gossipInterval;
		this.fanout = fanout;
		this.retransmitMultiplier = retransmitMultiplier;
		this.stateSyncInterval = stateSyncInterval;
	}

	/** The heartbeat used when {@code cluster.heartbeat} is not set. */
	public Duration heartbeat() {
		return this.heartbeat;
	}

	Duration probeTimeout(Duration heartbeat) {
		return Duration.ofNanos(Math.round(heartbeat.toNanos() * this.probeTimeoutRatio));
	}

	int indirectChecks() {
		return this.indirectChecks;
	}

	int suspicionMultiplier() {
		return this.suspicionMultiplier;
	}

	int suspicionMaxMultiplier() {
		return this.suspicionMaxMultiplier;
	}

	Duration gossipInterval() {
		return this.gossipInterval;
	}

	int fanout() {
		return this.fanout;
	}

	int retransmitMultiplier() {
		return this.retransmitMultiplier;
	}

	Duration stateSyncInterval() {
		return this.stateSyncInterval;
	}

}
