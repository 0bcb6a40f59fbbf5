package io.github.gossip.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.gossip.config.ClusterProperties.GossipProperties;
import io.github.gossip.config.InvalidClusterPropertiesException.Violation;

/**
 * Validates {@link ClusterProperties} and turns them into a {@link ClusterConfig}.
 * <p>
 * Every problem is collected before failing, and every message names the property, the value
 * (never a secret) and what is allowed. Requirements that only matter to a running gossip service
 * (a node id, a usable advertise address) apply only when gossip is enabled; every value that is
 * set is checked either way, because a wrong value is a mistake even before it is used.
 */
public final class ClusterConfigFactory {

	private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{0,64}");

	private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);

	private static final Duration MAX_HEARTBEAT = Duration.ofMinutes(10);

	private final LocalAddressResolver localAddresses;

	public ClusterConfigFactory(LocalAddressResolver localAddresses) {
		this.localAddresses = localAddresses;
	}

	/**
	 * Validates and resolves the properties.
	 * @param properties the bound properties
	 * @return the configuration
	 * @throws InvalidClusterPropertiesException listing every invalid property
	 */
	public ClusterConfig create(ClusterProperties properties) {
		return create(properties, List.of());
	}

	/**
	 * Validates and resolves the properties, reporting together with their problems those found
	 * before binding finished, such as values that could not even be converted (bound as unset).
	 * @param properties the bound properties
	 * @param bindingProblems the problems found while binding, reported first
	 * @return the configuration
	 * @throws InvalidClusterPropertiesException listing every invalid property
	 */
	public ClusterConfig create(ClusterProperties properties, List<Violation> bindingProblems) {
		Problems problems = new Problems();
		bindingProblems.forEach(problems::add);
		boolean enabled = properties.gossipEnabled();

		Optional<NodeId> nodeId = nodeId(properties, enabled, problems);
		RoleAssignments roles = roles(properties.roles(), problems);
		HostAddress bindAddress = optionalHost("cluster.bind-addr", properties.bindAddr(), problems);
		HostAddress advertise = optionalHost("cluster.advertise-addr", properties.advertiseAddr(), problems);
		if (advertise != null && advertise.isWildcard()) {
			problems.add("cluster.advertise-addr", properties.advertiseAddr(),
					"a wildcard address cannot be advertised; set the address other nodes reach this node at");
			advertise = null;
		}
		int port = properties.bindPort();
		if (port < 1 || port > 65535) {
			problems.add("cluster.bind-port", String.valueOf(port), "must be a port from 1 to 65535");
		}
		ClusterKey key = key("cluster.key", properties.key(), problems);
		List<ClusterKey> secondaryKeys = new ArrayList<>();
		for (int i = 0; i < properties.secondaryKeys().size(); i++) {
			ClusterKey secondary = key("cluster.secondary-keys[" + i + "]", properties.secondaryKeys().get(i), problems);
			if (secondary != null) {
				secondaryKeys.add(secondary);
			}
		}
		String label = (properties.label() != null) ? properties.label().strip() : "";
		if (!LABEL.matcher(label).matches()) {
			problems.add("cluster.label", properties.label(), "must be up to 64 letters, digits, '.', '_' or '-'");
		}
		List<SeedNode> seeds = seeds(properties.seedNodes(), (port >= 1 && port <= 65535) ? port : 1179, problems);
		GossipTuning tuning = tuning(properties.heartbeat(), properties.gossip(), problems);

		Optional<GossipSettings> gossip = Optional.empty();
		if (enabled && problems.isEmpty()) {
			HostAddress advertised = (advertise != null) ? advertise : advertisable(bindAddress, problems);
			if (advertised != null) {
				gossip = Optional.of(new GossipSettings(nodeId.orElseThrow(), bindAddress, port, advertised, seeds, key,
						secondaryKeys, label, tuning));
			}
		}
		problems.throwIfAny();
		return new ClusterConfig(nodeId, roles, gossip);
	}

	private Optional<NodeId> nodeId(ClusterProperties properties, boolean enabled, Problems problems) {
		String value = properties.nodeId();
		if (value == null || value.isBlank()) {
			if (enabled) {
				problems.add("cluster.node-id", null, "is required when gossip is enabled (cluster.bind-addr and "
						+ "cluster.key are set); set it to an id unique in the cluster: " + NodeId.ALLOWED);
			}
			return Optional.empty();
		}
		if (!NodeId.isValid(value.strip())) {
			problems.add("cluster.node-id", value, "is not a valid node id; allowed: " + NodeId.ALLOWED);
			return Optional.empty();
		}
		return Optional.of(new NodeId(value.strip()));
	}

	private RoleAssignments roles(Map<String, List<String>> configured, Problems problems) {
		Map<String, List<NodeId>> roles = new TreeMap<>();
		Map<String, String> spellings = new HashMap<>();
		configured.forEach((role, ids) -> {
			String earlierSpelling = spellings.putIfAbsent(RoleAssignments.normalize(role), role);
			if (earlierSpelling != null) {
				problems.add("cluster.roles." + role, null, "names the same role as cluster.roles." + earlierSpelling
						+ " (role names ignore case); keep one of them");
			}
			List<NodeId> nodeIds = new ArrayList<>();
			Map<NodeId, Integer> seen = new HashMap<>();
			for (int i = 0; i < ids.size(); i++) {
				String property = "cluster.roles." + role + "[" + i + "]";
				String id = (ids.get(i) != null) ? ids.get(i).strip() : "";
				if (!NodeId.isValid(id)) {
					problems.add(property, ids.get(i), "is not a valid node id; allowed: " + NodeId.ALLOWED);
					continue;
				}
				NodeId nodeId = new NodeId(id);
				Integer earlier = seen.putIfAbsent(nodeId, i);
				if (earlier != null) {
					problems.add(property, id, "duplicates cluster.roles." + role + "[" + earlier + "]");
					continue;
				}
				nodeIds.add(nodeId);
			}
			roles.put(role, nodeIds);
		});
		return new RoleAssignments(roles);
	}

	private static HostAddress optionalHost(String property, String value, Problems problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return HostAddress.parse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			problems.add(property, value, ex.getMessage() + "; allowed: " + HostAddress.ALLOWED);
			return null;
		}
	}

	private static ClusterKey key(String property, String value, Problems problems) {
		if (value == null || (property.equals("cluster.key") && value.isBlank())) {
			return null;
		}
		try {
			return ClusterKey.of(value);
		}
		catch (IllegalArgumentException ex) {
			problems.add(property, "(secret)", ex.getMessage());
			return null;
		}
	}

	private static List<SeedNode> seeds(List<String> configured, int defaultPort, Problems problems) {
		List<SeedNode> seeds = new ArrayList<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (int i = 0; i < configured.size(); i++) {
			String property = "cluster.seed-nodes[" + i + "]";
			String value = configured.get(i);
			if (value == null || value.isBlank()) {
				problems.add(property, "'" + (value != null ? value : "") + "'", "is blank; allowed: " + SeedNode.ALLOWED);
				continue;
			}
			SeedNode seed;
			try {
				seed = SeedNode.parse(value, defaultPort);
			}
			catch (IllegalArgumentException ex) {
				problems.add(property, value, ex.getMessage() + "; allowed: " + SeedNode.ALLOWED);
				continue;
			}
			if (seed.host().isWildcard()) {
				problems.add(property, value, "is a wildcard address, which reaches no node; write the seed's own address");
				continue;
			}
			Integer earlier = seen.putIfAbsent(seed.canonical(), i);
			if (earlier != null) {
				problems.add(property, value, "duplicates cluster.seed-nodes[" + earlier + "] (both are " + seed + ")");
				continue;
			}
			seeds.add(seed);
		}
		return seeds;
	}

	private static GossipTuning tuning(Duration configuredHeartbeat, GossipProperties gossip, Problems problems) {
		GossipProfile profile = gossip.profile();
		GossipTuning defaults = GossipTuning.of(profile);
		Duration heartbeat = (configuredHeartbeat != null) ? configuredHeartbeat : profile.heartbeat();
		boolean heartbeatValid = checkRange(problems, "cluster.heartbeat", heartbeat, MIN_HEARTBEAT, MAX_HEARTBEAT);
		if (!heartbeatValid) {
			heartbeat = profile.heartbeat();
		}
		Duration probeTimeout = or(gossip.probeTimeout(), profile.probeTimeout(heartbeat));
		if (gossip.probeTimeout() != null) {
			if (checkRange(problems, "cluster.gossip.probe-timeout", probeTimeout, Duration.ofMillis(1), MAX_HEARTBEAT)
					&& heartbeatValid && probeTimeout.compareTo(heartbeat) >= 0) {
				problems.add("cluster.gossip.probe-timeout", format(probeTimeout),
						"must be below cluster.heartbeat (" + format(heartbeat)
								+ ") so that an indirect probe fits into the same round");
			}
		}
		int indirectChecks = checkRange(problems, "cluster.gossip.indirect-checks", gossip.indirectChecks(),
				defaults.indirectChecks(), 0, 16);
		int alpha = checkRange(problems, "cluster.gossip.suspicion-multiplier", gossip.suspicionMultiplier(),
				defaults.suspicionMultiplier(), 1, 100);
		int beta = checkRange(problems, "cluster.gossip.suspicion-max-multiplier", gossip.suspicionMaxMultiplier(),
				defaults.suspicionMaxMultiplier(), 1, 100);
		Duration interval = or(gossip.interval(), defaults.gossipInterval());
		checkRange(problems, "cluster.gossip.interval", interval, Duration.ofMillis(10), Duration.ofMinutes(1));
		int fanout = checkRange(problems, "cluster.gossip.fanout", gossip.fanout(), defaults.fanout(), 1, 32);
		int lambda = checkRange(problems, "cluster.gossip.retransmit-multiplier", gossip.retransmitMultiplier(),
				defaults.retransmitMultiplier(), 1, 100);
		// Unset, the state sync keeps at least ten probe rounds between exchanges, so that a long heartbeat
		// does not turn the profile's default into an error.
		Duration stateSync = or(gossip.stateSyncInterval(), max(defaults.stateSyncInterval(), heartbeat.multipliedBy(10)));
		if (checkRange(problems, "cluster.gossip.state-sync-interval", stateSync, Duration.ofMillis(10),
				Duration.ofHours(24)) && heartbeatValid && stateSync.compareTo(heartbeat) < 0) {
			problems.add("cluster.gossip.state-sync-interval", format(stateSync),
					"must be at least cluster.heartbeat (" + format(heartbeat) + ")");
		}
		int maxDatagram = checkRange(problems, "cluster.gossip.max-datagram-size", gossip.maxDatagramSize(),
				defaults.maxDatagramSize(), GossipTuning.MIN_DATAGRAM_SIZE, GossipTuning.MAX_DATAGRAM_SIZE);
		Duration retention = or(gossip.deadMemberRetention(), defaults.deadMemberRetention());
		checkRange(problems, "cluster.gossip.dead-member-retention", retention, Duration.ofMinutes(1),
				Duration.ofDays(30));
		return new GossipTuning(profile, heartbeat, probeTimeout, indirectChecks, alpha, beta, interval, fanout, lambda,
				stateSync, maxDatagram, retention);
	}

	private HostAddress advertisable(HostAddress bindAddress, Problems problems) {
		if (!bindAddress.isWildcard()) {
			return bindAddress;
		}
		boolean ipv6 = bindAddress.kind() == HostAddress.Kind.IPV6;
		Optional<InetAddress> local = this.localAddresses.advertisable(ipv6);
		if (local.isEmpty()) {
			problems.add("cluster.advertise-addr", null,
					"is not set and cluster.bind-addr=" + bindAddress.host() + " is a wildcard address that other "
							+ "nodes cannot reach; no non-loopback local address was found to advertise instead. "
							+ "Set cluster.advertise-addr to the address other nodes reach this node at");
			return null;
		}
		return HostAddress.parse(local.get().getHostAddress());
	}

	private static boolean checkRange(Problems problems, String property, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			problems.add(property, format(value), "must be a duration from " + format(min) + " to " + format(max)
					+ " (for example 500ms or 5s)");
			return false;
		}
		return true;
	}

	private static int checkRange(Problems problems, String property, Integer value, int fallback, int min, int max) {
		if (value == null) {
			return fallback;
		}
		if (value < min || value > max) {
			problems.add(property, String.valueOf(value), "must be from " + min + " to " + max);
			return fallback;
		}
		return value;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/** Formats like the user writes durations: 500ms, 5s, 2m, rather than PT0.5S. */
	static String format(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return duration.toMillis() + "ms";
		}
		if (duration.toNanos() % 1_000_000 != 0) {
			return duration.toNanos() + "ns";
		}
		long millis = duration.toMillis();
		if (millis % 86_400_000 == 0) {
			return millis / 86_400_000 + "d";
		}
		if (millis % 3_600_000 == 0) {
			return millis / 3_600_000 + "h";
		}
		if (millis % 60_000 == 0) {
			return millis / 60_000 + "m";
		}
		if (millis % 1000 == 0) {
			return millis / 1000 + "s";
		}
		return millis + "ms";
	}

	/** Collects violations in the order they are found. */
	private static final class Problems {

		private final List<Violation> violations = new ArrayList<>();

		void add(String property, String value, String problem) {
			add(new Violation(property, value, problem));
		}

		void add(Violation violation) {
			this.violations.add(violation);
		}

		boolean isEmpty() {
			return this.violations.isEmpty();
		}

		void throwIfAny() {
			if (!this.violations.isEmpty()) {
				throw new InvalidClusterPropertiesException(this.violations);
			}
		}

	}

}
