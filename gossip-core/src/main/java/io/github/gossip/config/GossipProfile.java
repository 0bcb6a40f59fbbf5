package io.github.gossip.config;

/**
 * Presets of the protocol tuning, modelled on memberlist's LAN, WAN and local configurations. A
 * value that is not set explicitly comes from the profile; the probe timeout is a fraction of the
 * heartbeat, so a node that only changes its heartbeat keeps a consistent setup. Every profile
 * sends datagrams of up to 1400 bytes and remembers failed members for an hour.
 */
public enum GossipProfile {

	/**
	 * One data centre or LAN: 1s heartbeat, probe timeout half the heartbeat, 3 indirect checks,
	 * suspicion multipliers 4 and 6, gossip every 200ms to 3 members, retransmit multiplier 4, state
	 * sync every 30s.
	 */
	LAN,

	/**
	 * Across data centres, slower and more tolerant: 5s heartbeat, probe timeout 0.6 times the
	 * heartbeat, 3 indirect checks, suspicion multipliers 6 and 6, gossip every 500ms to 4 members,
	 * retransmit multiplier 4, state sync every 60s.
	 */
	WAN,

	/**
	 * One machine (loopback), fast: 1s heartbeat, probe timeout 0.2 times the heartbeat, 1 indirect
	 * check, suspicion multipliers 3 and 6, gossip every 100ms to 3 members, retransmit multiplier 2,
	 * state sync every 15s.
	 */
	LOCAL

}
