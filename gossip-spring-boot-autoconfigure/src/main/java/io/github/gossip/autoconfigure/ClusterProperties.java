package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.gossip.config.GossipProfile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The "cluster.*" properties exactly as bound from the environment.
 * <p>
 * Binding is deliberately lenient (strings, nullable tuning values) so that every mistake can be
 * reported together, with the property name, by the validation that the plain-Java builder shares;
 * the rest of the application only sees the validated configuration.
 *
 * @param nodeId Identifier of this node, unique in the cluster: 1 to 64 letters, digits, '.', '_' or '-',
 * starting with a letter or digit (for example "1" or "node-a"). Required when gossip is enabled.
 * @param bindAddr Address the gossip UDP socket binds to: an IPv4 or IPv6 address ("0.0.0.0",
 * "::" or "[::]" for every interface) or a host name. Gossip starts only when both this and
 * "cluster.key" are set.
 * @param advertiseAddr Address other nodes use to reach this node. Defaults to the bind address; a wildcard
 * bind address is replaced by a usable local address.
 * @param bindPort UDP port of the gossip service, 1 to 65535.
 * @param key Shared secret that seals every packet: a passphrase of at least 16 characters, or a raw
 * 256-bit key written "base64:..." or "hex:...". Gossip starts only when both this and
 * "cluster.bind-addr" are set.
 * @param secondaryKeys Further keys that open packets but never seal them, used while rotating
 * "cluster.key" across the cluster.
 * @param label Optional cluster label, mixed into key derivation and packet authentication so that two
 * clusters sharing a key and network never merge: up to 64 letters, digits, '.', '_' or '-'.
 * @param appVersion Application version this node announces to the cluster, shown for every member
 * (so that a rolling upgrade's progress can be followed): 1 to 64 printable ASCII characters without
 * spaces. Defaults to the version of the build info (BuildProperties), else the Implementation-Version
 * of the application's jar (spring.application.version), else none.
 * @param heartbeat Interval between failure-detection probes; defaults to 1s (5s with the wan profile).
 * @param seedNodes Nodes contacted to join the cluster: "host", "host:port", "[v6]" or
 * "[v6]:port"; the port defaults to "cluster.bind-port".
 * @param roles Role assignments, "cluster.roles.{group}.{name}" = list of node ids. A node holds a
 * role when the list contains its node id, or when the list is absent or empty.
 * @param leadership How each role chooses its leader when the network splits.
 * @param gossip Advanced tuning of the membership protocol.
 * @param allowNearMissPrefix Whether to start although properties under a prefix one typo away from
 * "cluster" (such as "cluste.roles.purge.stores") would set roles, keys or leadership policies; set
 * it to true only when such a prefix is your own. Without it, start-up stops and names the corrected
 * properties: ignored, a misspelled role would be held by every node, a misspelled key would leave
 * gossip off and a misspelled policy would give a role a leader on every side of a split.
 */
@ConfigurationProperties("cluster")
public record ClusterProperties(
		String nodeId,
		String bindAddr,
		String advertiseAddr,
		@DefaultValue("1179") int bindPort,
		String key,
		List<String> secondaryKeys,
		@DefaultValue("") String label,
		String appVersion,
		Duration heartbeat,
		List<String> seedNodes,
		Map<String, List<String>> roles,
		@DefaultValue LeadershipProperties leadership,
		@DefaultValue GossipProperties gossip,
		@DefaultValue("false") boolean allowNearMissPrefix) {

	public ClusterProperties {
		secondaryKeys = (secondaryKeys != null) ? List.copyOf(secondaryKeys) : List.of();
		seedNodes = (seedNodes != null) ? List.copyOf(seedNodes) : List.of();
		roles = (roles != null) ? Map.copyOf(roles) : Map.of();
		leadership = (leadership != null) ? leadership : LeadershipProperties.unset();
		gossip = (gossip != null) ? gossip : GossipProperties.unset();
	}

	/** Whether both properties that switch gossip on are present. */
	public boolean gossipEnabled() {
		return hasText(this.bindAddr) && hasText(this.key);
	}

	static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/** Never shows a key; shows only how many are set. */
	@Override
	public String toString() {
		return "ClusterProperties[nodeId=" + this.nodeId + ", bindAddr=" + this.bindAddr + ", advertiseAddr="
				+ this.advertiseAddr + ", bindPort=" + this.bindPort + ", key=" + (hasText(this.key) ? "******" : "<unset>")
				+ ", secondaryKeys=" + this.secondaryKeys.size() + " set, label=" + this.label + ", appVersion=" + this.appVersion
				+ ", heartbeat="
				+ this.heartbeat + ", seedNodes=" + this.seedNodes + ", roles=" + this.roles + ", leadership=" + this.leadership + ", gossip=" + this.gossip
				+ ", allowNearMissPrefix=" + this.allowNearMissPrefix
				+ "]";
	}

	/**
	 * Leadership policies by role, keyed like "cluster.roles": "cluster.leadership.policy.{group}.{name}".
	 *
	 * @param policy Leadership policy of a role, "cluster.leadership.policy.{group}.{name}": "available"
	 * (the default: a leader on every side of a network split, so the role's jobs keep running
	 * everywhere) or "majority" (a leader only while a strict majority of the role's voters grants it
	 * a lease: at most one leader at a time, none on a minority side). The voters are the node ids of
	 * "cluster.roles.{group}.{name}"; a role without that list needs "cluster.leadership.quorum".
	 * @param quorum How many holders of a majority-policy role must grant its leader,
	 * "cluster.leadership.quorum.{group}.{name}", at least 1; only for a role without a
	 * "cluster.roles" list (every node holds it): choose more than half of the cluster's intended
	 * size.
	 */
	public record LeadershipProperties(Map<String, String> policy, Map<String, Integer> quorum) {

		public LeadershipProperties {
			// not Map.copyOf: a blank quorum binds as null, which validation reads as unset
			policy = (policy != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(policy)) : Map.of();
			quorum = (quorum != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(quorum)) : Map.of();
		}

		static LeadershipProperties unset() {
			return new LeadershipProperties(Map.of(), Map.of());
		}

	}

	/**
	 * Advanced protocol tuning. Each value left unset comes from the "profile"; durations marked
	 * "derived" scale with "cluster.heartbeat".
	 *
	 * @param profile Preset for the unset values: "lan" (one data centre), "wan" (across data
	 * centres, slower and more tolerant) or "local" (one machine, fast).
	 * @param probeTimeout How long to wait for a direct probe's ack before asking other members to probe
	 * indirectly; must be below the heartbeat. Derived: lan 0.5, wan 0.6, local 0.2 times the heartbeat.
	 * @param indirectChecks How many members are asked to probe indirectly when a direct probe fails, 0 to 16.
	 * @param suspicionMultiplier Alpha: the minimum suspicion timeout is alpha * max(1, log10(N)) * heartbeat,
	 * 1 to 100.
	 * @param suspicionMaxMultiplier Beta: the suspicion timeout starts at beta times its minimum and shrinks
	 * as other members confirm the suspicion, 1 to 100.
	 * @param interval Interval between gossip rounds that push queued membership news, 10ms to 1m.
	 * @param fanout How many random members receive each gossip round, 1 to 32.
	 * @param retransmitMultiplier Lambda: each piece of news is sent lambda * ceil(log10(N+1)) times,
	 * 1 to 100.
	 * @param stateSyncInterval Base interval of the full state exchange (anti-entropy) with one random
	 * member; it grows with the cluster size. At least the heartbeat, at most 24h. Unset: the profile's value
	 * (lan 30s, wan 60s, local 15s) or ten heartbeats, whichever is longer.
	 * @param maxDatagramSize Largest UDP payload sent, in bytes, 1232 (safe on any IPv6 path) to 9000.
	 * @param deadMemberRetention How long failed and departed members are remembered (to heal partitions
	 * and refuse stale news), 1m to 30d.
	 */
	public record GossipProperties(
			@DefaultValue("lan") GossipProfile profile,
			Duration probeTimeout,
			Integer indirectChecks,
			Integer suspicionMultiplier,
			Integer suspicionMaxMultiplier,
			Duration interval,
			Integer fanout,
			Integer retransmitMultiplier,
			Duration stateSyncInterval,
			Integer maxDatagramSize,
			Duration deadMemberRetention) {

		public GossipProperties {
			profile = (profile != null) ? profile : GossipProfile.LAN;
		}

		static GossipProperties unset() {
			return new GossipProperties(GossipProfile.LAN, null, null, null, null, null, null, null, null, null, null);
		}

	}

}
