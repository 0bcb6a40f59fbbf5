package io.github.gossip.node;

import io.github.gossip.internal.config.Setting;
import io.github.gossip.internal.config.SettingNames;

/** Names every setting after the {@link ClusterNodeBuilder} method that sets it. */
final class BuilderSettingNames implements SettingNames {

	static final BuilderSettingNames INSTANCE = new BuilderSettingNames();

	private BuilderSettingNames() {
	}

	@Override
	public String of(Setting setting) {
		return switch (setting) {
			case NODE_ID -> "nodeId";
			case BIND_ADDRESS -> "bindAddress";
			case ADVERTISE_ADDRESS -> "advertiseAddress";
			case BIND_PORT -> "bindPort";
			case KEY -> "key";
			case SECONDARY_KEYS -> "secondaryKeys";
			case LABEL -> "label";
			case SEEDS -> "seeds";
			case ROLES -> "roles";
			case HEARTBEAT -> "heartbeat";
			case PROBE_TIMEOUT -> "probeTimeout";
			case INDIRECT_CHECKS -> "indirectChecks";
			case SUSPICION_MULTIPLIER -> "suspicionMultiplier";
			case SUSPICION_MAX_MULTIPLIER -> "suspicionMaxMultiplier";
			case GOSSIP_INTERVAL -> "gossipInterval";
			case FANOUT -> "fanout";
			case RETRANSMIT_MULTIPLIER -> "retransmitMultiplier";
			case STATE_SYNC_INTERVAL -> "stateSyncInterval";
			case MAX_DATAGRAM_SIZE -> "maxDatagramSize";
			case DEAD_MEMBER_RETENTION -> "deadMemberRetention";
		};
	}

}
