package io.github.gossip.autoconfigure;

import io.github.gossip.internal.config.Setting;
import io.github.gossip.internal.config.SettingNames;

/** Names every setting after the {@code cluster.*} property that sets it, for validation messages. */
final class PropertyNames implements SettingNames {

	static final PropertyNames INSTANCE = new PropertyNames();

	private PropertyNames() {
	}

	@Override
	public String of(Setting setting) {
		return switch (setting) {
			case NODE_ID -> "cluster.node-id";
			case BIND_ADDRESS -> "cluster.bind-addr";
			case ADVERTISE_ADDRESS -> "cluster.advertise-addr";
			case BIND_PORT -> "cluster.bind-port";
			case KEY -> "cluster.key";
			case SECONDARY_KEYS -> "cluster.secondary-keys";
			case LABEL -> "cluster.label";
			case SEEDS -> "cluster.seed-nodes";
			case ROLES -> "cluster.roles";
			case HEARTBEAT -> "cluster.heartbeat";
			case PROBE_TIMEOUT -> "cluster.gossip.probe-timeout";
			case INDIRECT_CHECKS -> "cluster.gossip.indirect-checks";
			case SUSPICION_MULTIPLIER -> "cluster.gossip.suspicion-multiplier";
			case SUSPICION_MAX_MULTIPLIER -> "cluster.gossip.suspicion-max-multiplier";
			case GOSSIP_INTERVAL -> "cluster.gossip.interval";
			case FANOUT -> "cluster.gossip.fanout";
			case RETRANSMIT_MULTIPLIER -> "cluster.gossip.retransmit-multiplier";
			case STATE_SYNC_INTERVAL -> "cluster.gossip.state-sync-interval";
			case MAX_DATAGRAM_SIZE -> "cluster.gossip.max-datagram-size";
			case DEAD_MEMBER_RETENTION -> "cluster.gossip.dead-member-retention";
		};
	}

	@Override
	public String ofLeadershipPolicy(String role) {
		return "cluster.leadership.policy." + role;
	}

	@Override
	public String ofLeadershipQuorum(String role) {
		return "cluster.leadership.quorum." + role;
	}

	@Override
	public String whenNodeIdIsRequired() {
		return " when gossip is enabled (cluster.bind-addr and cluster.key are set)";
	}

}
