package io.github.gossip.internal.config;

import java.util.List;

import io.github.gossip.internal.protocol.ProtocolConfig;

/**
 * Everything a gossip node needs, validated. With the {@code cluster.*} properties it exists only when
 * gossip is enabled, that is when both {@code cluster.bind-addr} and {@code cluster.key} are set.
 *
 * @param nodeId this node's id
 * @param bindAddress the address the UDP socket binds to (may be a wildcard)
 * @param bindPort the UDP port
 * @param advertiseAddress the address other nodes reach this node at; never a wildcard
 * @param seeds the seed nodes, in configuration order, without duplicates
 * @param key the key that seals packets
 * @param secondaryKeys further keys that only open packets
 * @param label the cluster label, possibly empty
 * @param tuning the protocol tuning: the profile's values, with those set explicitly in their place
 */
public record GossipSettings(NodeId nodeId, HostAddress bindAddress, int bindPort, HostAddress advertiseAddress,
		List<SeedNode> seeds, ClusterKey key, List<ClusterKey> secondaryKeys, String label, ProtocolConfig tuning) {

	public GossipSettings {
		seeds = List.copyOf(seeds);
		secondaryKeys = List.copyOf(secondaryKeys);
	}

	@Override
	public String toString() {
		return "GossipSettings[nodeId=" + this.nodeId + ", bind=" + this.bindAddress.toUriHost() + ":" + this.bindPort
				+ ", advertise=" + this.advertiseAddress.toUriHost() + ", seeds=" + this.seeds + ", key=******, "
				+ this.secondaryKeys.size() + " secondary keys, label=" + this.label + ", tuning=" + this.tuning + "]";
	}

}
