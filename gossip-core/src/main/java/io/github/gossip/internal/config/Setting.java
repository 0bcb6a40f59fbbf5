package io.github.gossip.internal.config;

/**
 * Every setting of a node, whatever it is called where the user writes it: each front end (the
 * {@code cluster.*} properties, the plain-Java builder) names them through its own
 * {@link SettingNames}, so that one validation reports in the user's own words.
 */
public enum Setting {

	NODE_ID, BIND_ADDRESS, ADVERTISE_ADDRESS, BIND_PORT, KEY, SECONDARY_KEYS, LABEL, SEEDS, ROLES,

	HEARTBEAT, PROBE_TIMEOUT, INDIRECT_CHECKS, SUSPICION_MULTIPLIER, SUSPICION_MAX_MULTIPLIER,
	GOSSIP_INTERVAL, FANOUT, RETRANSMIT_MULTIPLIER, STATE_SYNC_INTERVAL, MAX_DATAGRAM_SIZE, DEAD_MEMBER_RETENTION

}
