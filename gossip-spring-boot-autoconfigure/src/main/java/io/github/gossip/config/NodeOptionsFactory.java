package io.github.gossip.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.config.ClusterKey;
import io.github.gossip.config.GossipSettings;
import io.github.gossip.config.GossipTuning;
import io.github.gossip.config.InvalidClusterPropertiesException;
import io.github.gossip.config.InvalidClusterPropertiesException.Violation;
import io.github.gossip.config.HostAddress;
import io.github.gossip.config.SeedNode;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.runtime.NodeOptions;

/**
 * Turns validated {@link GossipSettings} into {@link NodeOptions}: derives the keys (once per
 * process), resolves the bind and advertise addresses, and builds a seed resolver that looks names
 * up again on every join attempt.
 */
public final class NodeOptionsFactory {

	private static final Log logger = LogFactory.getLog(NodeOptionsFactory.class);

	private NodeOptionsFactory() {
	}

	/**
	 * Builds the options of a node.
	 * @param settings the validated settings
	 * @param random the source of the instance id
	 * @return the options
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 */
	public static NodeOptions create(GossipSettings settings, RandomGenerator random) {
		return create(settings, Set.of(), random);
	}

	/**
	 * Builds the options of a node that announces {@code roles}.
	 * @param settings the validated settings
	 * @param roles the roles this node holds, announced to every member with its ALIVE record
	 * @param random the source of the instance id
	 * @return the options
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 */
	public static NodeOptions create(GossipSettings settings, Set<String> roles, RandomGenerator random) {
		return create(settings, roles, Set.of(), random);
	}

	/**
	 * Builds the options of a node that announces the roles it holds and those it does not.
	 * @param settings the validated settings
	 * @param roles the named roles this node holds
	 * @param excludedRoles the roles its configuration names for other nodes only
	 * @param random the source of the instance id
	 * @return the options
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 * @throws InvalidClusterPropertiesException if the role names exceed the metadata budget
	 */
	public static NodeOptions create(GossipSettings settings, Set<String> roles, Set<String> excludedRoles,
			RandomGenerator random) {
		MemberMetadata metadata;
		try {
			metadata = new MemberMetadata(roles, excludedRoles, Map.of());
		}
		catch (IllegalArgumentException ex) {
			// a configuration problem like any other: reported as one, in the start-up report
			int named = roles.size() + excludedRoles.size();
			throw new InvalidClusterPropertiesException(List.of(new Violation("cluster.roles", null,
					"names " + named + " roles (the documented five included), too many for one member record, which "
							+ "carries every named role, held or excluded: " + ex.getMessage()
							+ "; name fewer or shorter roles")));
		}
		MemberId self = new MemberId(settings.nodeId().value(), MemberId.newInstance(System.currentTimeMillis(), random));
		InetSocketAddress bind = new InetSocketAddress(resolve("cluster.bind-addr", settings.bindAddress()),
				settings.bindPort());
		byte[] advertise = resolve("cluster.advertise-addr", settings.advertiseAddress()).getAddress();
		return new NodeOptions(self, bind, advertise, seedResolver(settings.seeds()), keyring(settings), settings.label(),
				protocol(settings.tuning()), metadata);
	}

	/** Derives every key; Argon2id takes tens of milliseconds per passphrase, so this runs once. */
	public static Keyring keyring(GossipSettings settings) {
		List<SealingKey> secondaries = new ArrayList<>();
		for (ClusterKey key : settings.secondaryKeys()) {
			secondaries.add(derive(key, settings.label()));
		}
		return new Keyring(derive(settings.key(), settings.label()), secondaries);
	}

	private static SealingKey derive(ClusterKey key, String label) {
		return key.isRaw() ? SealingKey.fromRawKey(key.rawKey(), label) : SealingKey.fromPassphrase(key.secret(), label);
	}

	/** Maps the validated tuning onto the protocol's own configuration. */
	public static ProtocolConfig protocol(GossipTuning tuning) {
		return new ProtocolConfig(tuning.heartbeat(), tuning.probeTimeout(), tuning.indirectChecks(),
				tuning.suspicionMultiplier(), tuning.suspicionMaxMultiplier(), tuning.gossipInterval(), tuning.fanout(),
				tuning.retransmitMultiplier(), tuning.stateSyncInterval(), tuning.maxDatagramSize(),
				tuning.deadMemberRetention());
	}

	private static InetAddress resolve(String property, HostAddress host) {
		try {
			return InetAddress.getByName(host.host());
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(property + "=" + host + " does not resolve to an address", ex);
		}
	}

	/** Every address of every seed, looked up anew on each call; a name that fails is skipped. */
	static Supplier<List<Endpoint>> seedResolver(List<SeedNode> seeds) {
		return () -> {
			Set<Endpoint> endpoints = new LinkedHashSet<>();
			for (SeedNode seed : seeds) {
				try {
					for (InetAddress address : InetAddress.getAllByName(seed.host().host())) {
						endpoints.add(new Endpoint(address.getAddress(), seed.port()));
					}
				}
				catch (UnknownHostException ex) {
					logger.warn("Seed " + seed + " does not resolve; trying it again on the next join attempt");
				}
			}
			return List.copyOf(endpoints);
		};
	}

}
