package io.github.gossip.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.github.gossip.internal.config.AdvertisableAddresses;
import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.ClusterSettings;
import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.config.NodeOptionsFactory;
import io.github.gossip.internal.config.SettingsValidator;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.QuorumRule;
import io.github.gossip.internal.runtime.AppVersion;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.runtime.NodeOptions;
import io.github.gossip.internal.runtime.RoleNames;
import io.github.gossip.internal.wire.WireVersions;
import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.InvalidSettingsException;
import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.config.InvalidSettingsException.Violation;

/**
 * Builds a {@link ClusterNode}. Only the node id and the key are required; every other setting has
 * the default of the matching {@code cluster.*} property of the Spring Boot starter, and
 * {@link #build()} checks them all by the same rules, reporting every problem at once.
 * <p>
 * The instance id that tells this process apart from earlier runs of the same node id is drawn by
 * {@link #build()} from the clock and a secure random source, so that a restart draws a larger
 * one. A builder may build several nodes; each is independent.
 */
public final class ClusterNodeBuilder {

	private @Nullable String nodeId;

	private @Nullable String bindAddress = "0.0.0.0";

	private int bindPort = ClusterSettings.DEFAULT_PORT;

	private @Nullable String advertiseAddress;

	private final List<String> seeds = new ArrayList<>();

	private @Nullable String key;

	private final List<String> secondaryKeys = new ArrayList<>();

	private @Nullable String label = "";

	private GossipProfile profile = GossipProfile.LAN;

	private @Nullable Duration heartbeat;

	private @Nullable Duration probeTimeout;

	private @Nullable Integer indirectChecks;

	private @Nullable Integer suspicionMultiplier;

	private @Nullable Integer suspicionMaxMultiplier;

	private @Nullable Duration gossipInterval;

	private @Nullable Integer fanout;

	private @Nullable Integer retransmitMultiplier;

	private @Nullable Duration stateSyncInterval;

	private @Nullable Integer maxDatagramSize;

	private @Nullable Duration deadMemberRetention;

	private final List<String> roles = new ArrayList<>();

	private final List<String> excludedRoles = new ArrayList<>();

	private Map<String, String> metadata = Map.of();

	private @Nullable String appVersion;

	private final Map<String, LeadershipPolicy> policies = new LinkedHashMap<>();

	private AdvertisableAddresses localAddresses = AdvertisableAddresses.interfaces();

	ClusterNodeBuilder() {
	}

	/**
	 * This node's id, unique in the cluster: 1 to 64 letters, digits, '.', '_' or '-', starting with a
	 * letter or digit, such as {@code 1} or {@code node-a}. Required.
	 */
	public ClusterNodeBuilder nodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
		return this;
	}

	/**
	 * The address the UDP socket binds to: an IPv4 or IPv6 address or a host name; default
	 * {@code 0.0.0.0} (every interface), in which case a non-loopback local address is advertised
	 * unless {@link #advertiseAddress} is set.
	 */
	public ClusterNodeBuilder bindAddress(@Nullable String host) {
		this.bindAddress = host;
		return this;
	}

	/** The UDP port, 1 to 65535; default 1179. Also the port of a seed written without one. */
	public ClusterNodeBuilder bindPort(int port) {
		this.bindPort = port;
		return this;
	}

	/** The bind address and port together; see {@link #bindAddress} and {@link #bindPort}. */
	public ClusterNodeBuilder bind(String host, int port) {
		return bindAddress(host).bindPort(port);
	}

	/** The address other nodes reach this node at, if not the bind address (behind NAT, say). */
	public ClusterNodeBuilder advertiseAddress(@Nullable String host) {
		this.advertiseAddress = host;
		return this;
	}

	/**
	 * The seeds contacted to join, replacing those set before: each {@code host}, {@code host:port},
	 * {@code [v6]} or {@code [v6]:port}; the port defaults to the bind port. A host name with several
	 * addresses (a headless Service) stands for all of them, and names are looked up again for every
	 * join attempt and every heal attempt, so seeds' addresses may change while the node runs. A node
	 * without seeds starts a cluster of its own, which others join.
	 */
	public ClusterNodeBuilder seeds(String... seeds) {
		return seeds(List.of(seeds));
	}

	/** The seeds, replacing those set before; see {@link #seeds(String...)}. */
	public ClusterNodeBuilder seeds(Collection<String> seeds) {
		this.seeds.clear();
		this.seeds.addAll(seeds);
		return this;
	}

	/** Adds one seed by host (a name or an IPv4 or IPv6 address, without brackets) and port. */
	public ClusterNodeBuilder seed(String host, int port) {
		boolean bareIpv6 = host != null && host.indexOf(':') >= 0 && !host.startsWith("[");
		this.seeds.add((bareIpv6 ? "[" + host + "]" : host) + ":" + port);
		return this;
	}

	/**
	 * The shared secret that seals every packet: a passphrase of at least 16 characters, or a raw
	 * 256-bit key written {@code base64:...} or {@code hex:...}. Required. Never shown in a message.
	 */
	public ClusterNodeBuilder key(@Nullable String key) {
		this.key = key;
		return this;
	}

	/** A raw 256-bit key (32 bytes) that seals every packet; see {@link #key(String)}. */
	public ClusterNodeBuilder key(byte[] rawKey) {
		return key(raw(rawKey));
	}

	/**
	 * Further keys that open packets but never seal them, replacing those set before: used while a
	 * key rotates across the cluster (add the new key everywhere, make it primary, drop the old).
	 */
	public ClusterNodeBuilder secondaryKeys(String... keys) {
		this.secondaryKeys.clear();
		this.secondaryKeys.addAll(List.of(keys));
		return this;
	}

	/** Adds a raw 256-bit key that only opens packets; see {@link #secondaryKeys}. */
	public ClusterNodeBuilder secondaryKey(byte[] rawKey) {
		this.secondaryKeys.add(raw(rawKey));
		return this;
	}

	/**
	 * The cluster label, mixed into key derivation and packet authentication so that two clusters
	 * sharing a key and a network never merge: up to 64 letters, digits, '.', '_' or '-'; default none.
	 */
	public ClusterNodeBuilder label(@Nullable String label) {
		this.label = label;
		return this;
	}

	/** The preset of every tuning value not set explicitly; default {@link GossipProfile#LAN}. */
	public ClusterNodeBuilder profile(GossipProfile profile) {
		this.profile = Objects.requireNonNull(profile, "profile");
		return this;
	}

	/** The interval between failure-detection probes, 10ms to 10m; default the profile's (1s, or 5s for WAN). */
	public ClusterNodeBuilder heartbeat(@Nullable Duration heartbeat) {
		this.heartbeat = heartbeat;
		return this;
	}

	/**
	 * How long to wait for a direct probe's ack before asking other members to probe indirectly; below
	 * the heartbeat. Default: a fraction of the heartbeat (LAN 0.5, WAN 0.6, LOCAL 0.2).
	 */
	public ClusterNodeBuilder probeTimeout(@Nullable Duration probeTimeout) {
		this.probeTimeout = probeTimeout;
		return this;
	}

	/** How many members are asked to probe indirectly when a direct probe fails, 0 to 16. */
	public ClusterNodeBuilder indirectChecks(int indirectChecks) {
		this.indirectChecks = indirectChecks;
		return this;
	}

	/** Alpha: the minimum suspicion timeout is alpha * max(1, log10(N)) * heartbeat, 1 to 100. */
	public ClusterNodeBuilder suspicionMultiplier(int suspicionMultiplier) {
		this.suspicionMultiplier = suspicionMultiplier;
		return this;
	}

	/** Beta: a suspicion starts at beta times its minimum timeout and shrinks with confirmations, 1 to 100. */
	public ClusterNodeBuilder suspicionMaxMultiplier(int suspicionMaxMultiplier) {
		this.suspicionMaxMultiplier = suspicionMaxMultiplier;
		return this;
	}

	/** The interval between gossip rounds that push queued membership news, 10ms to 1m. */
	public ClusterNodeBuilder gossipInterval(@Nullable Duration gossipInterval) {
		this.gossipInterval = gossipInterval;
		return this;
	}

	/** How many random members receive each gossip round, 1 to 32. */
	public ClusterNodeBuilder fanout(int fanout) {
		this.fanout = fanout;
		return this;
	}

	/** Lambda: each piece of news is sent lambda * ceil(log10(N+1)) times, 1 to 100. */
	public ClusterNodeBuilder retransmitMultiplier(int retransmitMultiplier) {
		this.retransmitMultiplier = retransmitMultiplier;
		return this;
	}

	/**
	 * The base interval of the full state exchange with one random member, at least the heartbeat, at
	 * most 24h; default the profile's (LAN 30s, WAN 60s, LOCAL 15s) or ten heartbeats, whichever is longer.
	 */
	public ClusterNodeBuilder stateSyncInterval(@Nullable Duration stateSyncInterval) {
		this.stateSyncInterval = stateSyncInterval;
		return this;
	}

	/** The largest UDP payload sent, in bytes, 1232 (safe on any IPv6 path) to 9000; default 1400. */
	public ClusterNodeBuilder maxDatagramSize(int maxDatagramSize) {
		this.maxDatagramSize = maxDatagramSize;
		return this;
	}

	/** How long failed and departed members are remembered, 1m to 30d; default 1h. */
	public ClusterNodeBuilder deadMemberRetention(@Nullable Duration deadMemberRetention) {
		this.deadMemberRetention = deadMemberRetention;
		return this;
	}

	/**
	 * The roles this node holds and names, replacing those set before, such as {@code acme.renew}.
	 * Role names ignore case. A node holds every role it does not {@linkplain #excludedRoles exclude}:
	 * naming the roles it holds tells people, and role leadership treats it as a holder either way.
	 */
	public ClusterNodeBuilder roles(String... roles) {
		this.roles.clear();
		this.roles.addAll(List.of(roles));
		return this;
	}

	/**
	 * The roles this node does not hold, replacing those set before: those the cluster's
	 * configuration assigns to other nodes only. It never leads them.
	 */
	public ClusterNodeBuilder excludedRoles(String... roles) {
		this.excludedRoles.clear();
		this.excludedRoles.addAll(List.of(roles));
		return this;
	}

	/**
	 * The user metadata this node starts with, gossiped with its membership; together with the role
	 * names and the {@linkplain #appVersion application version} at most 512 bytes.
	 * {@link ClusterNode#updateMetadata} changes it later.
	 */
	public ClusterNodeBuilder metadata(Map<String, String> metadata) {
		this.metadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * The application version this node announces, such as {@code 1.4.2}: 1 to 64 printable ASCII
	 * characters without spaces; by default none. Every member sees it as
	 * {@link io.github.gossip.membership.ClusterMember#appVersion()}, so that an operator can follow a
	 * rolling upgrade. It is announced in the metadata under
	 * {@link io.github.gossip.membership.ClusterMember#APP_VERSION_KEY}, which {@link #metadata} and
	 * {@link ClusterNode#updateMetadata} may not set to another value.
	 * @param version the version, or {@code null} for none
	 */
	public ClusterNodeBuilder appVersion(@Nullable String version) {
		this.appVersion = version;
		return this;
	}

	/**
	 * How {@code role} chooses its leader when the network splits; every role not set here is
	 * {@linkplain LeadershipPolicy#available() available}. Every member that holds the role must be
	 * given the same policy.
	 * @param role a role name; role names ignore case
	 * @param policy the policy
	 */
	public ClusterNodeBuilder leadershipPolicy(String role, LeadershipPolicy policy) {
		this.policies.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(policy, "policy"));
		return this;
	}

	/** Chooses the address to advertise for a wildcard bind; tests only. */
	ClusterNodeBuilder localAddresses(AdvertisableAddresses localAddresses) {
		this.localAddresses = localAddresses;
		return this;
	}

	/**
	 * Validates the settings, derives the keys (a passphrase takes tens of milliseconds) and builds the
	 * node, which binds nothing until {@link ClusterNode#start()}.
	 * @return the node
	 * @throws InvalidSettingsException listing every invalid setting, each with its value (never a
	 * key) and what is allowed
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 */
	public ClusterNode build() {
		List<Violation> problems = new ArrayList<>();
		MemberMetadata announced = metadata(problems);
		ClusterSettings settings = new ClusterSettings(this.nodeId, this.bindAddress, this.advertiseAddress,
				this.bindPort, this.key, this.secondaryKeys, this.label, this.seeds, Map.of(),
				new ClusterSettings.Tuning(this.profile, this.heartbeat, this.probeTimeout, this.indirectChecks,
						this.suspicionMultiplier, this.suspicionMaxMultiplier, this.gossipInterval, this.fanout,
						this.retransmitMultiplier, this.stateSyncInterval, this.maxDatagramSize,
						this.deadMemberRetention));
		GossipSettings gossip = new SettingsValidator(BuilderSettingNames.INSTANCE, this.localAddresses)
			.validate(settings, true, problems, InvalidSettingsException::new)
			.gossip()
			.orElseThrow();
		NodeOptions options = NodeOptionsFactory.create(gossip, announced, BuilderSettingNames.INSTANCE,
				new SecureRandom())
			.withQuorums(quorums());
		NodeClusterMembership membership = new NodeClusterMembership(options, RandomGenerator.of("L64X128MixRandom"),
				Clock.systemUTC(), NodeClusterMembership.DEFAULT_SUBSCRIBER_CAPACITY);
		return new ClusterNode(membership, options.seeds(), !gossip.seeds().isEmpty(), options.bindAddress(),
				gossip.tuning().gossipInterval());
	}

	/** The roles and metadata to announce, checked as the protocol checks them; null if invalid. */
	private @Nullable MemberMetadata metadata(List<Violation> problems) {
		Set<String> held = roleNames("roles", this.roles, problems);
		Set<String> excluded = roleNames("excludedRoles", this.excludedRoles, problems);
		if (held == null || excluded == null) {
			return null;
		}
		MemberMetadata roleNames;
		try {
			roleNames = new MemberMetadata(held, excluded, Map.of());
		}
		catch (IllegalArgumentException ex) {
			problems.add(new Violation("roles", null, ex.getMessage()));
			return null;
		}
		if (this.appVersion != null && !AppVersion.isValid(this.appVersion)) {
			problems.add(new Violation("appVersion", "'" + this.appVersion + "'",
					"is not a valid application version; allowed: " + AppVersion.ALLOWED));
			return null;
		}
		try {
			MemberMetadata announced = roleNames
				.withValues(AppVersion.withUserMetadata(WireVersions.checkUserKeys(this.metadata), this.appVersion));
			WireVersions.THIS_RELEASE.announce(announced); // fits with what the node adds to it
			return announced;
		}
		catch (IllegalArgumentException ex) {
			problems.add(new Violation("metadata", null, ex.getMessage()));
			return null;
		}
	}

	/** The majority-policy roles, by normalized name. */
	private Map<String, QuorumRule> quorums() {
		return ClusterConfig.quorums(this.policies);
	}

	private static @Nullable Set<String> roleNames(String setting, List<String> names, List<Violation> problems) {
		Set<String> normalized = new TreeSet<>();
		boolean valid = true;
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || name.isBlank()) {
				problems.add(new Violation(setting + "[" + i + "]", "'" + ((name != null) ? name : "") + "'",
						"is blank; allowed: a role name such as acme.renew"));
				valid = false;
				continue;
			}
			normalized.add(RoleNames.normalize(name));
		}
		return valid ? normalized : null;
	}

	private static String raw(byte[] rawKey) {
		return "base64:" + Base64.getEncoder().encodeToString(Objects.requireNonNull(rawKey, "rawKey"));
	}

}
