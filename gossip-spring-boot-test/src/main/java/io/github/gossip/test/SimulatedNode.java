package io.github.gossip.test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import reactor.core.Disposable;

import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.runtime.AppVersion;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.runtime.NodeOptions;
import io.github.gossip.internal.runtime.NodeRuntime;
import io.github.gossip.internal.transport.Endpoints;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMembership;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node of a {@link SimulatedCluster}: a process, at a fixed address, that the test can kill,
 * pause, restart or make leave. Its {@link #membership()} is the real one, as an application sees
 * it; {@link #events()} is every event its processes saw, in order.
 * <p>
 * A node may run a Spring Boot application as its process ({@link SimulatedCluster#startApplication},
 * {@link SimulatedCluster.Builder#application}, {@link SimulatedClusterTest}): then its membership is
 * the application's, {@link #applicationContext()} is the context of its current process, and its
 * {@code @Scheduled} jobs run on the cluster's virtual time and pause, crash and restart with it.
 */
public final class SimulatedNode {

	private final SimulatedCluster cluster;

	private final String nodeId;

	private final Endpoint endpoint;

	private final SplittableRandom random;

	private final List<ClusterEvent> events = new ArrayList<>();

	private NodeClusterMembership membership;

	private PausableLoop loop;

	/** The jobs of {@link #every}, run in every process of this node. */
	private final List<Job> periodicJobs = new ArrayList<>();

	private Disposable recording;

	private int processes;

	/** The Spring application of each process, or null: a node of the kit's own. */
	private SimulatedApplication application;

	/** Whether the node is the application context under test, which the kit neither starts nor stops. */
	private boolean underTest;

	/** The context of the current (or last) application process. */
	private ConfigurableApplicationContext context;

	/** Whether the membership of the current application process has been handed over. */
	private boolean attached;

	/** The scheduler of the jobs of the current application process. */
	private VirtualTaskScheduler jobs;

	/** The application version the next processes announce, or null for none (or, for an application, its own). */
	private String appVersion;

	SimulatedNode(SimulatedCluster cluster, String nodeId, Endpoint endpoint, SplittableRandom random) {
		this.cluster = cluster;
		this.nodeId = nodeId;
		this.endpoint = endpoint;
		this.random = random;
	}

	/** The node's id. */
	public String id() {
		return this.nodeId;
	}

	/** The address the node listens and is reached at. */
	public InetSocketAddress address() {
		return Endpoints.toSocketAddress(this.endpoint);
	}

	/**
	 * The membership of the node's current (or last) process, as the application on it sees it:
	 * after {@link #kill()} it shows this node LEFT and leading nothing, as a stopped node does.
	 */
	public ClusterMembership membership() {
		return this.membership;
	}

	/** Whether the node's process runs: started, and neither killed nor left since. */
	public boolean isRunning() {
		return this.membership != null && this.membership.isRunning();
	}

	/** Whether the node is paused now. */
	public boolean isPaused() {
		return this.loop != null && this.loop.isPaused();
	}

	/** Every event the node's processes saw, in order, from its first start on. */
	public List<ClusterEvent> events() {
		return List.copyOf(this.events);
	}

	/** How many processes of this node started: 1, and one more for each {@link #restart()}. */
	public int processes() {
		return this.processes;
	}

	/**
	 * Whether the node runs a Spring application: one the kit starts, or the application context under
	 * test.
	 */
	public boolean isApplication() {
		return this.application != null || this.underTest;
	}

	/**
	 * The application context of the node's current (or last) process: the test reads the beans of the
	 * application on this node from it. Closed once the process was killed or left.
	 * @throws IllegalStateException if the node runs no Spring application
	 */
	public ApplicationContext applicationContext() {
		if (this.context == null) {
			throw new IllegalStateException("Simulated node '" + this.nodeId + "' runs no Spring application; "
					+ "start one with SimulatedCluster.startApplication or Builder.application");
		}
		return this.context;
	}

	/**
	 * The bean of {@code type} in the application of the node's current process.
	 * @throws IllegalStateException if the node runs no Spring application, or its process has stopped
	 */
	public <T> T getBean(Class<T> type) {
		ApplicationContext current = applicationContext();
		if (current instanceof ConfigurableApplicationContext configurable && !configurable.isActive()) {
			throw new IllegalStateException("The application of simulated node '" + this.nodeId
					+ "' has stopped; keep a reference to the bean to read it afterwards");
		}
		return current.getBean(type);
	}

	/**
	 * Stops the process at once, as a crash does: nobody is told, the others will find it failed. An
	 * application's node stops first, then its scheduled jobs and its context (the context under test
	 * stays open: only its node and jobs stop).
	 */
	public void kill() {
		if (this.membership != null) {
			this.membership.close();
		}
		if (this.jobs != null) {
			this.jobs.stop();
		}
		if (this.application != null && this.context != null) {
			this.context.close();
		}
	}

	/**
	 * Leaves gracefully, as an application that shuts down does: announces it, lets the cluster time of
	 * {@value NodeClusterMembership#LEAVE_ROUNDS} gossip rounds pass for the news to spread (the whole
	 * cluster runs meanwhile), then stops.
	 */
	public void leave() {
		if (isRunning() && this.application != null) {
			this.context.close(); // the application's own lifecycle leaves, after its jobs stopped
		}
		else if (isRunning() && this.underTest) {
			this.membership.leave(this.context.getBean(GossipSettings.class).tuning().gossipInterval()
				.multipliedBy(NodeClusterMembership.LEAVE_ROUNDS));
		}
		else if (isRunning()) {
			this.membership.leave(this.cluster.protocol().gossipInterval().multipliedBy(NodeClusterMembership.LEAVE_ROUNDS));
		}
	}

	/**
	 * Pauses the process for {@code duration} of cluster time from now, as SIGSTOP or a long garbage
	 * collection would: it neither runs timers nor reads datagrams until then, and then finds its clock
	 * jumped. Datagrams that reach it meanwhile wait, as in a socket's buffer.
	 */
	public void pause(Duration duration) {
		if (!isRunning()) {
			throw new IllegalStateException("Simulated node '" + this.nodeId + "' is not running; " + this.cluster);
		}
		this.loop.pause(duration);
		if (this.jobs != null) {
			this.jobs.pause(duration);
		}
	}

	/**
	 * Starts a new process of this node, with the same id and address: killed first, if it still runs.
	 * The new process has a new instance, so the cluster takes it as the node restarted.
	 */
	public void restart() {
		kill();
		start();
	}

	/**
	 * Runs {@code task} every {@code period} of cluster time in this node's process, as a scheduled
	 * job of the application on it, with a fixed delay (as {@code @Scheduled(fixedDelay = ...)}): the
	 * first run one period from now, or from the start of a later process. It runs in every process
	 * of the node, so again after a {@link #restart()}; never while the node is killed or has left;
	 * and late while it is paused: a run due during a pause happens when the pause ends, when the
	 * process finds its clock jumped, as a job's thread does after SIGSTOP. A role-gated job:
	 * <pre class="code">
	 * node.every(Duration.ofSeconds(10), () -&gt; node.membership().runIfLeader("purge.stores", purge));
	 * </pre>
	 * What the task throws fails the {@link SimulatedCluster#advance advance} during which it ran.
	 * @param period the delay from the end of one run to the next; positive
	 * @param task the job
	 * @return this node
	 */
	public SimulatedNode every(Duration period, Runnable task) {
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("period must be positive: " + period);
		}
		Job job = new Job(period, Objects.requireNonNull(task, "task"));
		this.periodicJobs.add(job);
		if (isRunning()) {
			schedule(job, this.loop);
		}
		return this;
	}

	/** Schedules the next run of {@code job} on the loop of one process; none once that process stopped. */
	private void schedule(Job job, PausableLoop processLoop) {
		try {
			processLoop.schedule(() -> {
				job.task().run();
				schedule(job, processLoop);
			}, job.period().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException stopped) {
			// the process stopped during the run: its jobs stop with it
		}
	}

	SimulatedCluster cluster() {
		return this.cluster;
	}

	/**
	 * The application version this node's processes announce from the next start on, as a rolling
	 * upgrade deploys it: the running process keeps its own, so {@link #restart()} to take it. A
	 * node of the kit announces it in its metadata; an application is given it as
	 * {@code cluster.app-version}, which wins over its own configuration.
	 * @param version 1 to 64 printable ASCII characters without spaces, or {@code null} for none (an
	 * application then announces the version of its own configuration or build, if any)
	 * @return this node
	 * @throws IllegalArgumentException if {@code version} is not of that form
	 */
	public SimulatedNode appVersion(String version) {
		if (version != null && !AppVersion.isValid(version)) {
			throw new IllegalArgumentException(
					"Application version '" + version + "' of node '" + this.nodeId + "'; allowed: " + AppVersion.ALLOWED);
		}
		this.appVersion = version;
		return this;
	}

	/** The version set by {@link #appVersion(String)}, or null. */
	String configuredAppVersion() {
		return this.appVersion;
	}

	/** Sets the user metadata of the running process, as {@link ClusterMembership#updateMetadata} does. */
	public void updateMetadata(Map<String, String> metadata) {
		this.membership.updateMetadata(metadata);
	}

	void start() {
		if (this.application != null) {
			this.application.run((started) -> join(started));
			return;
		}
		if (this.underTest) {
			if (this.processes > 0) {
				throw new UnsupportedOperationException("Simulated node '" + this.nodeId
						+ "' is the application context under test: the kit cannot start it again");
			}
			return; // the test's context starts its node
		}
		RandomGenerator protocolRandom = this.random.split();
		MemberId self = new MemberId(this.nodeId, MemberId.newInstance(this.cluster.time().wallMillis(), protocolRandom));
		MemberMetadata metadata = new MemberMetadata(this.cluster.heldRoles(this.nodeId),
				this.cluster.excludedRoles(this.nodeId), AppVersion.withUserMetadata(Map.of(), this.appVersion));
		NodeOptions options = new NodeOptions(self, Endpoints.toSocketAddress(this.endpoint), null,
				() -> this.cluster.seedsFor(this.endpoint), this.cluster.keyring(), "", this.cluster.protocol(), metadata,
				this.cluster.quorums());
		PausableLoop nodeLoop = new PausableLoop(this.cluster.time());
		this.loop = nodeLoop;
		NodeClusterMembership created = new NodeClusterMembership(options, protocolRandom,
				NodeClusterMembership.DEFAULT_SUBSCRIBER_CAPACITY,
				NodeRuntime.virtual(this.cluster.time(), this.cluster.network()).withLoops((nodeOptions) -> nodeLoop));
		attach(created);
		created.start();
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	/** Makes each process of this node the Spring application {@code app}. */
	void runs(SimulatedApplication app) {
		this.application = app;
	}

	/** Makes this node the application context under test, which joins it as it refreshes. */
	void underTest() {
		this.underTest = true;
	}

	/**
	 * Joins {@code started}, before it refreshes, as this node's new process: its node runs on a
	 * pausable loop of the cluster's time with draws from this node's seed, its jobs on another.
	 */
	void join(ConfigurableApplicationContext started) {
		this.context = started;
		this.attached = false;
		PausableLoop protocolLoop = new PausableLoop(this.cluster.time());
		this.loop = protocolLoop;
		this.jobs = new VirtualTaskScheduler(new PausableLoop(this.cluster.time()), this.cluster.clock());
		NodeRuntime runtime = NodeRuntime.virtual(this.cluster.time(), this.cluster.network(), this.random.split())
			.withLoops((options) -> protocolLoop);
		NodeContextJoin.join(started, this, this.cluster.applicationProperties(this), runtime, this.jobs);
	}

	/**
	 * Takes the membership of the process that is starting (the kit's, or an application's), before it
	 * starts: its events are recorded from the first, and the node's periodic jobs run on its loop.
	 */
	void attach(NodeClusterMembership started) {
		if (this.recording != null) {
			this.recording.dispose();
		}
		this.processes++;
		this.membership = started;
		this.attached = true;
		this.recording = started.events(false).subscribe(this.events::add);
		PausableLoop processLoop = this.loop;
		this.periodicJobs.forEach((job) -> schedule(job, processLoop));
	}

	boolean attachedTo(ApplicationContext candidate) {
		return this.context == candidate && this.attached;
	}

	@Override
	public String toString() {
		return "SimulatedNode[" + this.nodeId + (isRunning() ? ", running" : ", stopped") + "]";
	}

	private record Job(Duration period, Runnable task) {
	}

}
