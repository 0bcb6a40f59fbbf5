package io.github.gossip.internal.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.InvalidSettingsException.Violation;
import io.github.gossip.config.LeadershipPolicy;

/**
 * Validates {@link ClusterSettings} and turns them into a {@link ClusterConfig}: the one set of rules
 * for the {@code cluster.*} properties and for the plain-Java builder alike.
 * <p>
 * Every problem is collected before failing, and every message names the setting (as the front end
 * calls it), the value (never a secret) and what is allowed. Requirements that only matter to a
 * running node (a node id, a key, a usable advertise address) apply only when it is enabled; every
 * value that is set is checked either way, because a wrong value is a mistake even before it is used.
 */
public final class SettingsValidator {

	private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{0,64}");

	private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);

	private static final Duration MAX_HEARTBEAT = Duration.ofMinutes(10);

	private final SettingNames names;

	private final AdvertisableAddresses localAddresses;

	/**
	 * @param names how the front end calls each setting
	 * @param localAddresses what to advertise when the bind address is a wildcard
	 */
	public SettingsValidator(SettingNames names, AdvertisableAddresses localAddresses) {
		this.names = names;
		this.localAddresses = localAddresses;
	}

	/**
	 * Validates and resolves the settings.
	 * @param settings the settings as written
	 * @param enabled whether a node is to run on them, which requires its id, key and addresses
	 * @param earlier problems found before, such as values that could not even be converted (and are
	 * left unset); reported first
	 * @param failure makes the exception thrown for the problems found
	 * @return the configuration, with gossip settings when {@code enabled}
	 * @throws RuntimeException made by {@code failure}, listing every problem
	 */
	public ClusterConfig validate(ClusterSettings settings, boolean enabled, List<Violation> earlier,
			Function<List<Violation>, ? extends RuntimeException> failure) {
		Problems problems = new Problems();
		earlier.forEach(problems::add);

		Optional<NodeId> nodeId = nodeId(settings.nodeId(), enabled, problems);
		RoleAssignments roles = roles(settings.roles(), problems);
		Map<String, LeadershipPolicy> policies = leadership(settings.leadership(), settings.roles(), roles, problems);
		HostAddress bindAddress = optionalHost(Setting.BIND_ADDRESS, settings.bindAddress(), problems);
		HostAddress advertise = optionalHost(Setting.ADVERTISE_ADDRESS, settings.advertiseAddress(), problems);
		if (advertise != null && advertise.isWildcard()) {
			problems.add(name(Setting.ADVERTISE_ADDRESS), settings.advertiseAddress(),
					"a wildcard address cannot be advertised; set the address other nodes reach this node at");
			advertise = null;
		}
		int port = settings.bindPort();
		boolean portValid = port >= 1 && port <= 65535;
		if (!portValid) {
			problems.add(name(Setting.BIND_PORT), String.valueOf(port), "must be a port from 1 to 65535");
		}
		ClusterKey key = key(name(Setting.KEY), settings.key(), true, problems);
		if (enabled && isBlank(settings.key())) {
			problems.add(name(Setting.KEY), null, "is required; " + ClusterKey.HINT);
		}
		List<ClusterKey> secondaryKeys = new ArrayList<>();
		for (int i = 0; i < settings.secondaryKeys().size(); i++) {
			ClusterKey secondary = key(this.names.of(Setting.SECONDARY_KEYS, i), settings.secondaryKeys().get(i), false,
					problems);
			if (secondary != null) {
				secondaryKeys.add(secondary);
			}
		}
		String label = (settings.label() != null) ? settings.label().strip() : "";
		if (!LABEL.matcher(label).matches()) {
			problems.add(name(Setting.LABEL), settings.label(), "must be up to 64 letters, digits, '.', '_' or '-'");
		}
		List<SeedNode> seeds = seeds(settings.seeds(), portValid ? port : ClusterSettings.DEFAULT_PORT, problems);
		ProtocolConfig tuning = tuning(settings.tuning(), problems);

		// what a running node needs besides valid values is checked with everything else, so that
		// one report lists every problem
		HostAddress advertised = null;
		if (enabled) {
			if (isBlank(settings.bindAddress())) {
				problems.add(name(Setting.BIND_ADDRESS), null, "is required; allowed: " + HostAddress.ALLOWED);
			}
			else if (bindAddress != null) {
				advertised = (advertise != null) ? advertise
						: isBlank(settings.advertiseAddress()) ? advertisable(bindAddress, problems) : null;
			}
		}
		Optional<GossipSettings> gossip = Optional.empty();
		if (enabled && problems.isEmpty() && advertised != null) {
			gossip = Optional.of(new GossipSettings(nodeId.orElseThrow(), bindAddress, port, advertised, seeds, key,
					secondaryKeys, label, tuning));
		}
		if (!problems.isEmpty()) {
			throw failure.apply(problems.violations());
		}
		return new ClusterConfig(nodeId, roles, gossip, policies);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private String name(Setting setting) {
		return this.names.of(setting);
	}

	private Optional<NodeId> nodeId(String value, boolean enabled, Problems problems) {
		if (isBlank(value)) {
			if (enabled) {
				problems.add(name(Setting.NODE_ID), null, "is required" + this.names.whenNodeIdIsRequired()
						+ "; set it to an id unique in the cluster: " + NodeId.ALLOWED);
			}
			return Optional.empty();
		}
		if (!NodeId.isValid(value.strip())) {
			problems.add(name(Setting.NODE_ID), value, "is not a valid node id; allowed: " + NodeId.ALLOWED);
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
				problems.add(this.names.ofRole(role), null, "names the same role as " + this.names.ofRole(earlierSpelling)
						+ " (role names ignore case); keep one of them");
			}
			List<NodeId> nodeIds = new ArrayList<>();
			Map<NodeId, Integer> seen = new HashMap<>();
			for (int i = 0; i < ids.size(); i++) {
				String property = this.names.ofRole(role) + "[" + i + "]";
				String id = (ids.get(i) != null) ? ids.get(i).strip() : "";
				if (!NodeId.isValid(id)) {
					problems.add(property, ids.get(i), "is not a valid node id; allowed: " + NodeId.ALLOWED);
					continue;
				}
				NodeId nodeId = new NodeId(id);
				Integer earlier = seen.putIfAbsent(nodeId, i);
				if (earlier != null) {
					problems.add(property, id, "duplicates " + this.names.ofRole(role) + "[" + earlier + "]");
					continue;
				}
				nodeIds.add(nodeId);
			}
			roles.put(role, nodeIds);
		});
		return new RoleAssignments(roles);
	}

	/**
	 * The majority-policy roles. The voters of such a role are its list in the role assignments, so
	 * that one list says both who holds the role and who votes; a role without a list (every node
	 * holds it) has no fixed voters and needs a quorum instead. No upper bound of a quorum is known
	 * before the cluster runs, so none is checked.
	 */
	private Map<String, LeadershipPolicy> leadership(ClusterSettings.Leadership leadership,
			Map<String, List<String>> configuredRoles, RoleAssignments roles, Problems problems) {
		// the role lists as written, by normalized role: an invalid id is reported with its list
		Map<String, String> listSpellings = new HashMap<>();
		Map<String, List<String>> lists = new HashMap<>();
		new TreeMap<>(configuredRoles).forEach((role, ids) -> {
			if (listSpellings.putIfAbsent(RoleAssignments.normalize(role), role) == null) {
				lists.put(RoleAssignments.normalize(role), ids);
			}
		});
		Map<String, Written<String>> policies = written(leadership.policies(), this.names::ofLeadershipPolicy, problems);
		Map<String, Written<Integer>> quorums = written(leadership.quorums(), this.names::ofLeadershipQuorum, problems);

		Map<String, LeadershipPolicy.Mode> modes = new TreeMap<>();
		policies.forEach((role, policy) -> {
			switch (policy.value().strip().toLowerCase(Locale.ROOT)) {
				case "available" -> modes.put(role, LeadershipPolicy.Mode.AVAILABLE);
				case "majority" -> modes.put(role, LeadershipPolicy.Mode.MAJORITY);
				default -> problems.add(policy.property(), "'" + policy.value() + "'",
						"is not a leadership policy; allowed: available (the default: a leader on every side of a "
								+ "network split) or majority (a leader only where a strict majority of the role's "
								+ "holders is reachable)");
			}
		});
		Map<String, LeadershipPolicy> majorities = new TreeMap<>();
		quorums.forEach((role, quorum) -> {
			String value = String.valueOf(quorum.value());
			String policy = this.names.ofLeadershipPolicy(policies.containsKey(role) ? policies.get(role).spelling() : role);
			if (quorum.value() < 1) {
				problems.add(quorum.property(), value,
						"must be a whole number of at least 1: how many holders of the role must grant its leader");
			}
			else if (policies.containsKey(role) && !modes.containsKey(role)) {
				// the policy is reported as unreadable; whether a quorum belongs here depends on what was meant
			}
			else if (modes.get(role) != LeadershipPolicy.Mode.MAJORITY) {
				problems.add(quorum.property(), value, "applies to the majority policy only, but " + policy
						+ (modes.containsKey(role) ? " is available" : " is not set (available)") + "; set " + policy
						+ "=majority, or remove the quorum");
			}
			else if (!lists.getOrDefault(role, List.of()).isEmpty()) {
				problems.add(quorum.property(), value, "is set together with " + this.names.ofRole(listSpellings.get(role))
						+ ", whose node ids are the voters (a leader needs a strict majority of them); set one of the "
						+ "two: the list, or the quorum for a role that every node holds");
			}
			else {
				majorities.put(role, LeadershipPolicy.majority(quorum.value()));
			}
		});
		modes.forEach((role, mode) -> {
			if (mode != LeadershipPolicy.Mode.MAJORITY || quorums.containsKey(role)) {
				return; // available, or decided (or reported) with its quorum
			}
			List<NodeId> voters = roles.listed(role);
			if (lists.getOrDefault(role, List.of()).isEmpty()) {
				Written<String> policy = policies.get(role);
				problems.add(policy.property(), policy.value(), "needs the role's voters: set "
						+ this.names.ofRole(listSpellings.getOrDefault(role, policy.spelling()))
						+ " to the node ids that hold the role (a leader then needs a strict majority of them), or, for "
						+ "a role that every node holds, " + this.names.ofLeadershipQuorum(policy.spelling())
						+ " to how many holders must grant the leader (more than half of the cluster's intended size)");
			}
			else if (!voters.isEmpty()) {
				// an id that is not valid is reported with the list: the start fails anyway
				Set<String> ids = new TreeSet<>();
				voters.forEach((id) -> ids.add(id.value()));
				majorities.put(role, LeadershipPolicy.majorityOf(ids));
			}
		});
		return majorities;
	}

	/**
	 * A map of role-keyed settings by normalized role, in the order of the names as written; a role
	 * written twice in different case is reported, and its later spelling ignored.
	 */
	private static <V> Map<String, Written<V>> written(Map<String, V> configured, Function<String, String> name,
			Problems problems) {
		Map<String, Written<V>> written = new TreeMap<>();
		new TreeMap<>(configured).forEach((role, value) -> {
			Written<V> earlier = written.putIfAbsent(RoleAssignments.normalize(role),
					new Written<>(role, name.apply(role), value));
			if (earlier != null) {
				problems.add(name.apply(role), String.valueOf(value), "names the same role as " + earlier.property()
						+ " (role names ignore case); keep one of them");
			}
		});
		return written;
	}

	/** One role's setting as written: the role as spelled, the setting's name, its value. */
	private record Written<V>(String spelling, String property, V value) {
	}

	private HostAddress optionalHost(Setting setting, String value, Problems problems) {
		if (isBlank(value)) {
			return null;
		}
		try {
			return HostAddress.parse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			problems.add(name(setting), value, ex.getMessage() + "; allowed: " + HostAddress.ALLOWED);
			return null;
		}
	}

	/** A blank primary key means unset (gossip stays off); a blank secondary key is a mistake. */
	private static ClusterKey key(String name, String value, boolean primary, Problems problems) {
		if (value == null || (primary && value.isBlank())) {
			return null;
		}
		try {
			return ClusterKey.of(value);
		}
		catch (IllegalArgumentException ex) {
			problems.add(name, "(secret)", ex.getMessage());
			return null;
		}
	}

	private List<SeedNode> seeds(List<String> configured, int defaultPort, Problems problems) {
		List<SeedNode> seeds = new ArrayList<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (int i = 0; i < configured.size(); i++) {
			String name = this.names.of(Setting.SEEDS, i);
			String value = configured.get(i);
			if (isBlank(value)) {
				problems.add(name, "'" + ((value != null) ? value : "") + "'", "is blank; allowed: " + SeedNode.ALLOWED);
				continue;
			}
			SeedNode seed;
			try {
				seed = SeedNode.parse(value, defaultPort);
			}
			catch (IllegalArgumentException ex) {
				problems.add(name, value, ex.getMessage() + "; allowed: " + SeedNode.ALLOWED);
				continue;
			}
			if (seed.host().isWildcard()) {
				problems.add(name, value, "is a wildcard address, which reaches no node; write the seed's own address");
				continue;
			}
			Integer earlier = seen.putIfAbsent(seed.canonical(), i);
			if (earlier != null) {
				problems.add(name, value,
						"duplicates " + this.names.of(Setting.SEEDS, earlier) + " (both are " + seed + ")");
				continue;
			}
			seeds.add(seed);
		}
		return seeds;
	}

	/** The protocol configuration, or {@code null} when a tuning value is invalid. */
	private ProtocolConfig tuning(ClusterSettings.Tuning tuning, Problems problems) {
		int before = problems.size();
		ProtocolConfig.Preset preset = preset(tuning.profile());
		Duration heartbeat = (tuning.heartbeat() != null) ? tuning.heartbeat() : preset.heartbeat();
		boolean heartbeatValid = checkRange(problems, Setting.HEARTBEAT, heartbeat, MIN_HEARTBEAT, MAX_HEARTBEAT);
		if (!heartbeatValid) {
			heartbeat = preset.heartbeat();
		}
		// the preset at this heartbeat: a derived probe timeout and state sync follow it
		ProtocolConfig defaults = preset.at(heartbeat);
		String heartbeatName = name(Setting.HEARTBEAT);
		Duration probeTimeout = or(tuning.probeTimeout(), defaults.probeTimeout());
		if (tuning.probeTimeout() != null) {
			if (checkRange(problems, Setting.PROBE_TIMEOUT, probeTimeout, Duration.ofMillis(1), MAX_HEARTBEAT)
					&& heartbeatValid && probeTimeout.compareTo(heartbeat) >= 0) {
				problems.add(name(Setting.PROBE_TIMEOUT), format(probeTimeout), "must be below " + heartbeatName + " ("
						+ format(heartbeat) + ") so that an indirect probe fits into the same round");
			}
		}
		int indirectChecks = checkRange(problems, Setting.INDIRECT_CHECKS, tuning.indirectChecks(),
				defaults.indirectChecks(), 0, 16);
		int alpha = checkRange(problems, Setting.SUSPICION_MULTIPLIER, tuning.suspicionMultiplier(),
				defaults.suspicionMultiplier(), 1, 100);
		int beta = checkRange(problems, Setting.SUSPICION_MAX_MULTIPLIER, tuning.suspicionMaxMultiplier(),
				defaults.suspicionMaxMultiplier(), 1, 100);
		Duration interval = or(tuning.gossipInterval(), defaults.gossipInterval());
		checkRange(problems, Setting.GOSSIP_INTERVAL, interval, Duration.ofMillis(10), Duration.ofMinutes(1));
		int fanout = checkRange(problems, Setting.FANOUT, tuning.fanout(), defaults.gossipFanout(), 1, 32);
		int lambda = checkRange(problems, Setting.RETRANSMIT_MULTIPLIER, tuning.retransmitMultiplier(),
				defaults.retransmitMultiplier(), 1, 100);
		Duration stateSync = or(tuning.stateSyncInterval(), defaults.stateSyncInterval());
		if (checkRange(problems, Setting.STATE_SYNC_INTERVAL, stateSync, Duration.ofMillis(10), Duration.ofHours(24))
				&& heartbeatValid && stateSync.compareTo(heartbeat) < 0) {
			problems.add(name(Setting.STATE_SYNC_INTERVAL), format(stateSync),
					"must be at least " + heartbeatName + " (" + format(heartbeat) + ")");
		}
		int maxDatagram = checkRange(problems, Setting.MAX_DATAGRAM_SIZE, tuning.maxDatagramSize(),
				defaults.maxDatagramSize(), ProtocolConfig.MIN_DATAGRAM_SIZE,
				ProtocolConfig.MAX_CONFIGURABLE_DATAGRAM_SIZE);
		Duration retention = or(tuning.deadMemberRetention(), defaults.deadMemberRetention());
		checkRange(problems, Setting.DEAD_MEMBER_RETENTION, retention, Duration.ofMinutes(1), Duration.ofDays(30));
		if (problems.size() > before) {
			return null;
		}
		return new ProtocolConfig(heartbeat, probeTimeout, indirectChecks, alpha, beta, interval, fanout, lambda,
				stateSync, maxDatagram, retention);
	}

	/** The protocol's preset of each public profile. */
	public static ProtocolConfig.Preset preset(GossipProfile profile) {
		return switch (profile) {
			case LAN -> ProtocolConfig.Preset.LAN;
			case WAN -> ProtocolConfig.Preset.WAN;
			case LOCAL -> ProtocolConfig.Preset.LOCAL;
		};
	}

	private HostAddress advertisable(HostAddress bindAddress, Problems problems) {
		if (!bindAddress.isWildcard()) {
			return bindAddress;
		}
		boolean ipv6 = bindAddress.kind() == HostAddress.Kind.IPV6;
		Optional<InetAddress> local = this.localAddresses.advertisable(ipv6);
		if (local.isEmpty()) {
			problems.add(name(Setting.ADVERTISE_ADDRESS), null,
					"is not set and " + name(Setting.BIND_ADDRESS) + "=" + bindAddress.host() + " is a wildcard address "
							+ "that other nodes cannot reach; no non-loopback local address was found to advertise "
							+ "instead. Set " + name(Setting.ADVERTISE_ADDRESS)
							+ " to the address other nodes reach this node at");
			return null;
		}
		return HostAddress.parse(local.get().getHostAddress());
	}

	private boolean checkRange(Problems problems, Setting setting, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			problems.add(name(setting), format(value), "must be a duration from " + format(min) + " to " + format(max)
					+ " (for example 500ms or 5s)");
			return false;
		}
		return true;
	}

	private int checkRange(Problems problems, Setting setting, Integer value, int fallback, int min, int max) {
		if (value == null) {
			return fallback;
		}
		if (value < min || value > max) {
			problems.add(name(setting), String.valueOf(value), "must be from " + min + " to " + max);
			return fallback;
		}
		return value;
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/** Formats like the user writes durations: 500ms, 5s, 2m, rather than PT0.5S. */
	public static String format(Duration duration) {
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

		void add(String name, String value, String problem) {
			add(new Violation(name, value, problem));
		}

		void add(Violation violation) {
			this.violations.add(violation);
		}

		int size() {
			return this.violations.size();
		}

		boolean isEmpty() {
			return this.violations.isEmpty();
		}

		List<Violation> violations() {
			return List.copyOf(this.violations);
		}

	}

}
