package io.github.gossip.internal.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.gossip.config.GossipProfile;

/**
 * The settings of a node as the user wrote them, before validation: text as written, tuning values
 * {@code null} where unset. Both front ends produce one, {@code ClusterProperties} and the builder,
 * so that {@link SettingsValidator} checks both by the same rules.
 *
 * @param nodeId the node id, or {@code null}
 * @param bindAddress the address to bind, or {@code null}
 * @param advertiseAddress the address to advertise, or {@code null} for the bind address
 * @param bindPort the UDP port
 * @param key the primary key, or {@code null}
 * @param secondaryKeys keys that only open packets
 * @param label the cluster label, or {@code null} for none
 * @param seeds the seeds, each {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}
 * @param roles role name to the node ids assigned it ({@code cluster.roles.*}); empty for the builder,
 * which names the roles held and excluded directly
 * @param tuning the protocol tuning
 * @param leadership the leadership policy of each role ({@code cluster.leadership.*}); none for the
 * builder, which takes {@code LeadershipPolicy} values that need no validation
 */
public record ClusterSettings(String nodeId, String bindAddress, String advertiseAddress, int bindPort, String key,
		List<String> secondaryKeys, String label, List<String> seeds, Map<String, List<String>> roles, Tuning tuning,
		Leadership leadership) {

	/** The port of a node, and of a seed written without one, unless set otherwise. */
	public static final int DEFAULT_PORT = 1179;

	public ClusterSettings {
		secondaryKeys = (secondaryKeys != null) ? List.copyOf(secondaryKeys) : List.of();
		seeds = (seeds != null) ? List.copyOf(seeds) : List.of();
		roles = (roles != null) ? Map.copyOf(roles) : Map.of();
		leadership = (leadership != null) ? leadership : Leadership.NONE;
	}

	/** Settings without leadership policies: every role is available. */
	public ClusterSettings(String nodeId, String bindAddress, String advertiseAddress, int bindPort, String key,
			List<String> secondaryKeys, String label, List<String> seeds, Map<String, List<String>> roles,
			Tuning tuning) {
		this(nodeId, bindAddress, advertiseAddress, bindPort, key, secondaryKeys, label, seeds, roles, tuning,
				Leadership.NONE);
	}

	/**
	 * The leadership policies as written, each map keyed by the role name as written.
	 *
	 * @param policies role to {@code available} or {@code majority} (any case)
	 * @param quorums role to how many holders must grant a majority-policy leader; an entry whose
	 * value is {@code null} (written blank) counts as unset
	 */
	public record Leadership(Map<String, String> policies, Map<String, Integer> quorums) {

		/** No policy set: every role is available. */
		public static final Leadership NONE = new Leadership(Map.of(), Map.of());

		public Leadership {
			policies = withoutNulls(policies);
			quorums = withoutNulls(quorums);
		}

		private static <V> Map<String, V> withoutNulls(Map<String, V> map) {
			Map<String, V> copy = new LinkedHashMap<>();
			if (map != null) {
				map.forEach((key, value) -> {
					if (value != null) {
						copy.put(key, value);
					}
				});
			}
			return Collections.unmodifiableMap(copy);
		}

	}

	/**
	 * The protocol tuning as written: each {@code null} value comes from the profile.
	 *
	 * @param profile the preset of every unset value
	 * @param heartbeat the probe interval
	 * @param probeTimeout the wait for a direct ack
	 * @param indirectChecks the members asked to probe indirectly
	 * @param suspicionMultiplier alpha
	 * @param suspicionMaxMultiplier beta
	 * @param gossipInterval the interval between gossip rounds
	 * @param fanout the members per gossip round
	 * @param retransmitMultiplier lambda
	 * @param stateSyncInterval the base interval of the full state exchange
	 * @param maxDatagramSize the largest datagram
	 * @param deadMemberRetention how long failed and departed members are remembered
	 */
	public record Tuning(GossipProfile profile, Duration heartbeat, Duration probeTimeout, Integer indirectChecks,
			Integer suspicionMultiplier, Integer suspicionMaxMultiplier, Duration gossipInterval, Integer fanout,
			Integer retransmitMultiplier, Duration stateSyncInterval, Integer maxDatagramSize,
			Duration deadMemberRetention) {

		public Tuning {
			profile = (profile != null) ? profile : GossipProfile.LAN;
		}

		/** Every value from {@code profile}. */
		public static Tuning of(GossipProfile profile) {
			return new Tuning(profile, null, null, null, null, null, null, null, null, null, null, null);
		}

	}

}
