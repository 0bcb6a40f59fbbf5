package io.github.gossip.test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.NodeId;
import io.github.gossip.internal.config.RoleAssignments;
import io.github.gossip.internal.config.SettingsValidator;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.QuorumRule;
import io.github.gossip.internal.runtime.AppVersion;
import io.github.gossip.internal.time.VirtualTime;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.internal.transport.InMemoryNetwork;

/**
 * A cluster in a test: real gossip nodes, each with its real
 * {@link io.github.gossip.membership.ClusterMembership}, on one virtual clock and a simulated network.
 * Nothing happens until the test {@linkplain #advance advances} the time; then the nodes run their
 * protocol, in virtual time, as fast as the machine computes it: a minute of a three-node cluster
 * takes a fraction of a second. The test kills, pauses, restarts and partitions nodes, makes the
 * network lose datagrams, and heals it, between advances.
 * <p>
 * A run depends only on its seed: the same seed and the same steps replay it exactly, and every
 * failure this kit reports names the seed (see {@link #toString()}).
 * <pre class="code">
 * try (SimulatedCluster cluster = SimulatedCluster.builder().nodes("1", "2", "3")
 *         .role("purge.stores", "1", "2").start()) {
 *     cluster.advance(Duration.ofSeconds(10));
 *     ClusterAssertions.assertThat(cluster).hasLeader("purge.stores", "1");
 *     cluster.node("1").kill();
 *     cluster.advanceUntil((c) -> c.node("2").membership().isLeader("purge.stores"), Duration.ofMinutes(1));
 * }
 * </pre>
 * Spring Boot applications join as nodes too, each with its own context, its node on the cluster's
 * virtual time and its {@code @Scheduled} jobs with it ({@link Builder#application},
 * {@link #startApplication}); with {@link SimulatedClusterTest} the context of a
 * {@code @SpringBootTest} is one node of a cluster.
 * <p>
 * Not thread-safe: drive a cluster from one thread, the test's. With {@link Builder#realTime()} the
 * kit's own thread drives it, in step with the wall clock.
 */
public final class SimulatedCluster implements AutoCloseable {

	/** Every simulated node listens on this port, at an address of its own. */
	public static final int PORT = 1179;

	private final long seed;

	private final VirtualTime time = new VirtualTime();

	private final InMemoryNetwork network;

	private final SplittableRandom random;

	private final ProtocolConfig protocol;

	private final Keyring keyring;

	/** The keyring's key as {@code cluster.key} writes it, for the nodes that are applications. */
	private final String key;

	/** Drives the time with the wall clock, or null when the test advances it. */
	private RealTimeClock realTime;

	private final RoleAssignments roles;

	private final Map<String, QuorumRule> quorums;

	private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();

	private final List<Endpoint> seeds = new ArrayList<>();

	private boolean closed;

	private SimulatedCluster(Builder builder) {
		this.seed = builder.seed;
		this.random = new SplittableRandom(builder.seed);
		this.network = new InMemoryNetwork(this.random.nextLong(), this.time);
		this.protocol = SettingsValidator.preset(builder.profile)
			.at((builder.heartbeat != null) ? builder.heartbeat : SettingsValidator.preset(builder.profile).heartbeat());
		byte[] key = new byte[32];
		new SplittableRandom(this.random.nextLong()).nextBytes(key);
		this.keyring = Keyring.of(SealingKey.fromRawKey(key, ""));
		this.key = "base64:" + Base64.getEncoder().encodeToString(key);
		this.roles = new RoleAssignments(builder.roles);
		this.quorums = ClusterConfig.quorums(builder.policies);
	}

	/** A builder of a cluster with a random seed, which every failure names so that it can be replayed. */
	public static Builder builder() {
		return new Builder();
	}

	/** The seed of this run: {@code builder().seed(seed)} and the same steps replay it exactly. */
	public long seed() {
		return this.seed;
	}

	/** The node of {@code nodeId}. @throws IllegalArgumentException if the cluster has no such node */
	public SimulatedNode node(String nodeId) {
		SimulatedNode node = this.nodes.get(nodeId);
		if (node == null) {
			throw new IllegalArgumentException("No simulated node '" + nodeId + "'; the nodes are " + this.nodes.keySet());
		}
		return node;
	}

	/** Every node, in the order they were added; killed ones included. */
	public List<SimulatedNode> nodes() {
		return List.copyOf(this.nodes.values());
	}

	/** The nodes whose process runs (started, not killed, not left). */
	public List<SimulatedNode> runningNodes() {
		return this.nodes.values().stream().filter(SimulatedNode::isRunning).toList();
	}

	/**
	 * Adds a node and starts it: it joins through the nodes of the builder as its seeds.
	 * @param nodeId the new node's id
	 * @return the running node
	 * @throws IllegalArgumentException if a node of that id exists
	 */
	public SimulatedNode addNode(String nodeId) {
		SimulatedNode node = createNode(nodeId);
		node.start();
		return node;
	}

	/**
	 * Adds a node that runs a Spring Boot application and starts it, as {@link #addNode} does: the
	 * application's context starts now, at this cluster time, and joins through the builder's nodes.
	 * @param nodeId the new node's id, which the kit sets as {@code cluster.node-id}
	 * @param application the application's configuration, typically its {@code @SpringBootApplication}
	 * @param properties {@code name=value} pairs that win over the application's configuration
	 * @return the running node; its {@link SimulatedNode#applicationContext()} is the application's
	 * @throws IllegalArgumentException if a node of that id exists
	 * @see Builder#application
	 */
	public SimulatedNode startApplication(String nodeId, Class<?> application, String... properties) {
		SimulatedApplication app = new SimulatedApplication(application, properties);
		SimulatedNode node = createNode(nodeId);
		node.runs(app);
		node.start();
		return node;
	}

	private SimulatedNode createNode(String nodeId) {
		checkOpen();
		new NodeId(Objects.requireNonNull(nodeId, "nodeId")); // an id an application could be given, or a clear error
		if (this.nodes.containsKey(nodeId)) {
			throw new IllegalArgumentException("A simulated node '" + nodeId + "' exists already");
		}
		int index = this.nodes.size() + 1;
		Endpoint endpoint = new Endpoint(new byte[] { 10, 0, (byte) (index >> 8), (byte) index }, PORT);
		SimulatedNode node = new SimulatedNode(this, nodeId, endpoint, this.random.split());
		this.nodes.put(nodeId, node);
		return node;
	}

	/** Lets {@code duration} of cluster time pass: every node runs what falls due meanwhile. */
	public SimulatedCluster advance(Duration duration) {
		checkOpen();
		this.time.advance(duration);
		return this;
	}

	/**
	 * Lets cluster time pass until {@code condition} holds, checked after every step of any node, or
	 * {@code limit} has passed.
	 * @return whether the condition holds
	 */
	public boolean advanceUntil(Predicate<SimulatedCluster> condition, Duration limit) {
		checkOpen();
		return this.time.advanceUntil(() -> condition.test(this), limit);
	}

	/**
	 * Lets cluster time pass until {@code condition} holds, as {@link #advanceUntil}, and fails with the
	 * seed and {@code description} if it does not within {@code limit}.
	 * @return this cluster, at the moment the condition first held
	 * @throws AssertionError if it did not hold within {@code limit}
	 */
	public SimulatedCluster awaitUntil(String description, Predicate<SimulatedCluster> condition, Duration limit) {
		if (!advanceUntil(condition, limit)) {
			throw new AssertionError("Expected " + description + " within " + limit + ", but it did not happen; " + this);
		}
		return this;
	}

	/** The cluster time passed since the cluster started. */
	public Duration elapsed() {
		return this.time.elapsed();
	}

	/** A wall clock on the cluster's time. */
	public Clock clock() {
		return this.time.clock();
	}

	/**
	 * Splits the network into {@code groups}: a node reaches only the nodes of its own group. Nodes
	 * named in no group form one more group together. Replaces no earlier cut: {@link #heal()} ends all.
	 * @param groups node ids, a collection per side
	 */
	@SafeVarargs
	public final SimulatedCluster partition(Collection<String>... groups) {
		checkOpen();
		for (Collection<String> group : groups) {
			this.network.isolate(group.stream().map((id) -> node(id).endpoint()).toList());
		}
		return this;
	}

	/** Cuts {@code nodeIds} off from every other node, both ways: a partition of those against the rest. */
	public SimulatedCluster isolate(String... nodeIds) {
		return partition(List.of(nodeIds));
	}

	/** Cuts the link from {@code from} to {@code to} only: {@code to} still reaches {@code from}. */
	public SimulatedCluster block(String from, String to) {
		checkOpen();
		this.network.block(node(from).endpoint(), node(to).endpoint());
		return this;
	}

	/** Loses {@code rate} of the datagrams sent from now on, at random (drawn from the seed). */
	public SimulatedCluster loss(double rate) {
		checkOpen();
		this.network.lossRate(rate);
		return this;
	}

	/** Delays every datagram sent from now on by between {@code min} and {@code max}, drawn from the seed. */
	public SimulatedCluster delay(Duration min, Duration max) {
		checkOpen();
		this.network.delay(min, max);
		return this;
	}

	/** Heals the network: every cut ends, and no datagram is lost at random any more. */
	public SimulatedCluster heal() {
		checkOpen();
		this.network.heal();
		this.network.lossRate(0);
		return this;
	}

	/** Stops every node at once and the network; the cluster cannot be used afterwards. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Throwable clockFailure = (this.realTime != null) ? this.realTime.stop() : null;
		this.nodes.values().forEach(SimulatedNode::kill);
		this.network.close();
		if (clockFailure != null) {
			throw new AssertionError("A task failed while the clock ran in step with the wall clock; " + this, clockFailure);
		}
	}

	/** Names the seed and the cluster time, so that a failure that prints the cluster can be replayed. */
	@Override
	public String toString() {
		return "SimulatedCluster[seed=" + this.seed + ", at " + this.time.elapsed() + ", nodes=" + this.nodes.keySet()
				+ "; replay with SimulatedCluster.builder().seed(" + this.seed + "L)]";
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("The simulated cluster is closed");
		}
	}

	VirtualTime time() {
		return this.time;
	}

	InMemoryNetwork network() {
		return this.network;
	}

	ProtocolConfig protocol() {
		return this.protocol;
	}

	Keyring keyring() {
		return this.keyring;
	}

	Map<String, QuorumRule> quorums() {
		return this.quorums;
	}

	/**
	 * The {@code cluster.*} properties of an application on {@code node}: its id and simulated address,
	 * the cluster's key (no label: the simulated nodes have none) and the builder's nodes as seeds.
	 * The application's own roles, policies and tuning stay its own.
	 */
	Map<String, Object> applicationProperties(SimulatedNode node) {
		String host = node.address().getAddress().getHostAddress();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("cluster.node-id", node.id());
		properties.put("cluster.bind-addr", host);
		properties.put("cluster.advertise-addr", host);
		properties.put("cluster.bind-port", Integer.toString(node.address().getPort()));
		properties.put("cluster.key", this.key);
		properties.put("cluster.label", "");
		if (node.configuredAppVersion() != null) {
			properties.put("cluster.app-version", node.configuredAppVersion());
		}
		properties.put("cluster.seed-nodes", seedsFor(node.endpoint()).stream()
			.map(Endpoints::toSocketAddress)
			.map((address) -> address.getAddress().getHostAddress() + ":" + address.getPort())
			.collect(Collectors.joining(",")));
		return properties;
	}

	/** Every node's address, except {@code self}'s: a node's seeds are the cluster's first nodes. */
	List<Endpoint> seedsFor(Endpoint self) {
		return this.seeds.stream().filter((seed) -> !seed.equals(self)).toList();
	}

	/**
	 * The roles {@code nodeId} announces as held and as excluded, by the rule of {@code cluster.roles.*}
	 * (the same code): a role the configuration lists is held by the nodes it lists, every other role
	 * by all.
	 */
	Set<String> heldRoles(String nodeId) {
		return this.roles.heldNamedRoles(Optional.of(new NodeId(nodeId)));
	}

	Set<String> excludedRoles(String nodeId) {
		return this.roles.excludedNamedRoles(Optional.of(new NodeId(nodeId)));
	}

	/** A cluster to start: its nodes, their roles, the timing, and the seed. */
	public static final class Builder {

		private long seed = new SplittableRandom().nextLong();

		private final Set<String> nodeIds = new LinkedHashSet<>();

		private final Map<String, List<NodeId>> roles = new LinkedHashMap<>();

		private final Map<String, LeadershipPolicy> policies = new LinkedHashMap<>();

		private GossipProfile profile = GossipProfile.LAN;

		private Duration heartbeat;

		private final Map<String, SimulatedApplication> applications = new LinkedHashMap<>();

		private final Map<String, String> appVersions = new LinkedHashMap<>();

		private String underTest;

		private boolean realTime;

		private Builder() {
		}

		/** The seed that decides every random choice of the run: loss, delays, the protocol's draws. */
		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/** The nodes that start with the cluster; they are also every node's seeds. */
		public Builder nodes(String... nodeIds) {
			for (String nodeId : nodeIds) {
				if (!this.nodeIds.add(Objects.requireNonNull(nodeId, "nodeId"))) {
					throw new IllegalArgumentException("Node id '" + nodeId + "' is given twice");
				}
			}
			return this;
		}

		/** Nodes "1" to {@code count}. */
		public Builder nodes(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("count must be at least 1: " + count);
			}
			for (int i = 1; i <= count; i++) {
				nodes(Integer.toString(i));
			}
			return this;
		}

		/**
		 * Which nodes hold {@code role}, as {@code cluster.roles.<role>} says it in an application (the
		 * same rule): a role listed here is held by these nodes only; a role listed nowhere, or with no
		 * node, is held by every node.
		 * @throws IllegalArgumentException if a node id is not one an application could be given
		 */
		public Builder role(String role, String... nodeIds) {
			this.roles.put(RoleAssignments.normalize(role), Stream.of(nodeIds).map(NodeId::new).toList());
			return this;
		}

		/**
		 * The application version these nodes announce, as {@code cluster.app-version} says it in an
		 * application; {@link SimulatedNode#appVersion} changes it for a node's later processes, as a
		 * rolling upgrade does.
		 * @param version 1 to 64 printable ASCII characters without spaces
		 * @param nodeIds nodes given with {@link #nodes} or {@link #application}
		 * @throws IllegalArgumentException if {@code version} is not of that form; at {@link #start()},
		 * if a node id is not one of the nodes
		 */
		public Builder appVersion(String version, String... nodeIds) {
			if (!AppVersion.isValid(version)) {
				throw new IllegalArgumentException(
						"Application version '" + version + "'; allowed: " + AppVersion.ALLOWED);
			}
			for (String nodeId : nodeIds) {
				this.appVersions.put(Objects.requireNonNull(nodeId, "nodeId"), version);
			}
			return this;
		}

		/** How {@code role} picks its leader across a split, as {@code cluster.leadership.policy.<role>}. */
		public Builder leadershipPolicy(String role, LeadershipPolicy policy) {
			this.policies.put(RoleAssignments.normalize(role), Objects.requireNonNull(policy, "policy"));
			return this;
		}

		/** The timing preset, {@code LAN} unless set. */
		public Builder profile(GossipProfile profile) {
			this.profile = Objects.requireNonNull(profile, "profile");
			return this;
		}

		/** The probe period, as {@code cluster.heartbeat}; the preset's unless set. */
		public Builder heartbeat(Duration heartbeat) {
			this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
			return this;
		}

		/**
		 * A node that runs a Spring Boot application, one of the nodes that start with the cluster (and
		 * so a seed of every node), in the order given with {@link #nodes}. The kit sets its
		 * {@code cluster.node-id}, address, key and seeds; its roles, leadership policies and tuning are
		 * the application's own configuration. Each process of the node is a new context of it.
		 * @param nodeId the node's id
		 * @param application the application's configuration, typically its {@code @SpringBootApplication}
		 * @param properties {@code name=value} pairs that win over the application's configuration
		 */
		public Builder application(String nodeId, Class<?> application, String... properties) {
			SimulatedApplication app = new SimulatedApplication(application, properties);
			nodes(nodeId);
			this.applications.put(nodeId, app);
			return this;
		}

		/**
		 * Lets the cluster's time pass by itself, in step with the wall clock, on a daemon thread of the
		 * kit's: for tests that wait with Awaitility or sleeps rather than advance the time. Every task
		 * still runs on that one thread, in the same order; only when they run depends on the machine,
		 * so a run no longer replays exactly. {@link SimulatedCluster#advance} still jumps ahead.
		 */
		public Builder realTime() {
			this.realTime = true;
			return this;
		}

		/** The node of the application context under test: one of the nodes, started by that context. */
		Builder underTest(String nodeId) {
			nodes(nodeId);
			this.underTest = nodeId;
			return this;
		}

		/**
		 * Builds the cluster and starts its nodes at cluster time zero; the time stands until advanced
		 * (unless it runs in {@linkplain #realTime() real time}). Application nodes start their contexts
		 * here, in order.
		 */
		public SimulatedCluster start() {
			SimulatedCluster cluster = new SimulatedCluster(this);
			for (String nodeId : this.nodeIds) {
				cluster.seeds.add(cluster.createNode(nodeId).endpoint());
			}
			this.applications.forEach((nodeId, app) -> cluster.node(nodeId).runs(app));
			this.appVersions.forEach((nodeId, version) -> cluster.node(nodeId).appVersion(version));
			if (this.underTest != null) {
				cluster.node(this.underTest).underTest();
			}
			try {
				cluster.nodes.values().forEach(SimulatedNode::start);
			}
			catch (RuntimeException | Error ex) {
				cluster.close(); // applications started before the one that failed
				throw ex;
			}
			StartedClusters.started(cluster);
			if (this.realTime) {
				cluster.realTime = RealTimeClock.start(cluster.time);
			}
			return cluster;
		}

	}

}
