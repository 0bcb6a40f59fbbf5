package io.github.gossip.internal.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import reactor.util.Logger;
import reactor.util.Loggers;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.runtime.NodeOptions;

/**
 * Turns validated {@link GossipSettings} into {@link NodeOptions}: draws the instance id, derives the
 * keys (once per process), resolves the bind and advertise addresses, and builds a seed resolver
 * that looks names up again on every call: the running node calls it for every join and heal attempt.
 */
public final class NodeOptionsFactory {

	private static final Logger logger = Loggers.getLogger(NodeOptionsFactory.class);

	private NodeOptionsFactory() {
	}

	/**
	 * Builds the options of a node.
	 * @param settings the validated settings
	 * @param metadata the roles this node announces, held and excluded, and its initial user metadata
	 * @param names how the front end calls the settings, for errors
	 * @param random the source of the random part of the instance id
	 * @return the options
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 */
	public static NodeOptions create(GossipSettings settings, MemberMetadata metadata, SettingNames names,
			RandomGenerator random) {
		// time-based in the high bits: a restart draws a larger instance id and supersedes its predecessor
		return create(settings, metadata, names, MemberId.newInstance(System.currentTimeMillis(), random));
	}

	/**
	 * Builds the options of a node whose instance id is drawn already (from a virtual clock, in a test).
	 * @param settings the validated settings
	 * @param metadata the roles this node announces, held and excluded, and its initial user metadata
	 * @param names how the front end calls the settings, for errors
	 * @param instance the instance id of this process ({@link MemberId#newInstance})
	 * @return the options
	 * @throws IllegalStateException if the bind or advertise host name does not resolve
	 */
	public static NodeOptions create(GossipSettings settings, MemberMetadata metadata, SettingNames names,
			long instance) {
		MemberId self = new MemberId(settings.nodeId().value(), instance);
		InetSocketAddress bind = new InetSocketAddress(
				resolve(names.of(Setting.BIND_ADDRESS), settings.bindAddress()), settings.bindPort());
		byte[] advertise = resolve(names.of(Setting.ADVERTISE_ADDRESS), settings.advertiseAddress()).getAddress();
		return new NodeOptions(self, bind, advertise, seedResolver(settings.seeds()), keyring(settings), settings.label(),
				settings.tuning(), metadata);
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

	private static InetAddress resolve(String name, HostAddress host) {
		try {
			return InetAddress.getByName(host.host());
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(name + "=" + host + " does not resolve to an address", ex);
		}
	}

	/**
	 * Every address of every seed, looked up anew on each call; a name that fails is skipped. A name
	 * with several addresses (a headless Service, one address per pod) stands for all of them. The
	 * JVM's own cache ({@code networkaddress.cache.ttl}) bounds how fast a change shows.
	 */
	public static Supplier<List<Endpoint>> seedResolver(List<SeedNode> seeds) {
		// looked up for the node's whole life: a name that keeps failing is reported once, not every time
		Set<SeedNode> failing = ConcurrentHashMap.newKeySet();
		return () -> {
			Set<Endpoint> endpoints = new LinkedHashSet<>();
			for (SeedNode seed : seeds) {
				try {
					for (InetAddress address : InetAddress.getAllByName(seed.host().host())) {
						endpoints.add(new Endpoint(address.getAddress(), seed.port()));
					}
					if (failing.remove(seed)) {
						logger.info("Seed " + seed + " resolves again");
					}
				}
				catch (UnknownHostException ex) {
					if (failing.add(seed)) {
						logger.warn("Seed " + seed + " does not resolve; looking it up again on every join and heal "
								+ "attempt");
					}
				}
			}
			return List.copyOf(endpoints);
		};
	}

}
