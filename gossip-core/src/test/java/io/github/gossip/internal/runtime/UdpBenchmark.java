package io.github.gossip.internal.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.gossip.bench.BenchReport;
import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.ProtocolConfig;

import static org.awaitility.Awaitility.await;

/**
 * Real nodes on real loopback sockets, sealed, with the LAN profile's timing, all in this JVM: how
 * fast news of a join, a crash and a leave reaches everyone, what an idle member costs, and whether a
 * starved CPU makes live members look dead. Every figure is for N members of one cluster, formed
 * afresh for each N through one seed.
 * <p>
 * Every line carries {@code load=}, the machine's one-minute load average when it was printed:
 * absolute times move with what else runs on the machine. Sizes and repetitions are system
 * properties, so that a quick run is possible: {@code -Dudp.sizes=8,32}, {@code -Dudp.trials=3}
 * (joins and crashes per size; by default 10 joins and 5 crashes, 5 and 3 from 500 members on),
 * {@code -Dudp.load.seconds=60}, {@code -Dudp.starved.n=200}, {@code -Dudp.starved.seconds=60};
 * {@code -Dudp.only=converge} stops each cluster after {@code udp.converge}, to profile its forming;
 * {@code -Dudp.warmup=0} skips the warm-up cluster (see {@link #warmUp}).
 */
@Tag("bench")
class UdpBenchmark {

	private static final ProtocolConfig LAN = ProtocolConfig.lan();

	/** What a leaving member spends gossiping its leave, as {@code ClusterNode} does. */
	private static final Duration LEAVE_SPREAD = LAN.gossipInterval().multipliedBy(NodeClusterMembership.LEAVE_ROUNDS);

	/** The window before and after a leave in which the cluster's datagrams are counted. */
	private static final Duration LEAVE_WINDOW = Duration.ofSeconds(5);

	static Stream<Integer> sizes() {
		return Arrays.stream(System.getProperty("udp.sizes", "8,32,128,500").split(","))
			.map(String::trim)
			.map(Integer::valueOf);
	}

	/**
	 * One cluster of {@code n} per run: its forming is {@code udp.converge}; once it is quiet, 60 s
	 * of idling are {@code udp.load}, a graceful leave {@code udp.leave}; then joins and crashes
	 * alternate, so that the cluster keeps about {@code n} members, each measured from the moment
	 * it happens until the last member's listener reported it.
	 */
	@ParameterizedTest(name = "n={0}")
	@MethodSource("sizes")
	void cluster(int n) throws Exception {
		warmUp();
		long heapBefore = heapAfterGc();
		try (BenchCluster cluster = new BenchCluster(LAN, n)) {
			converge(cluster, n);
			if ("converge".equals(System.getProperty("udp.only"))) {
				return;
			}
			// each member's second catch-up pull (a whole view from a random member) comes 4-12 probe
			// intervals after it joined: members that started together pull in the same stretch, which
			// looked steady to settle() and was most of what a 20 s window of "idle" traffic carried
			Thread.sleep(LAN.probeInterval().multipliedBy(12).toMillis());
			settle(cluster);
			load(cluster, n, heapBefore);
			leave(cluster, n);
			settle(cluster);
			joinAndDetect(cluster, n);
		}
	}

	/**
	 * Members that start at the same moment in {@code udp.converge}: a few per core, as on separate
	 * hosts; {@code -Dudp.converge.threads=1} starts them one by one.
	 */
	private static final int STARTING_THREADS = Integer.getInteger("udp.converge.threads", 8);

	private static List<String> memberIds(String prefix, int n) {
		return java.util.stream.IntStream.range(0, n).mapToObj((i) -> prefix + i).toList();
	}

	private static boolean warm;

	/**
	 * Forms and closes one cluster as large as the largest size ({@code -Dudp.warmup=} another size, 0
	 * for none) before the first figure, and prints what it took as {@code udp.warmup}: the first
	 * cluster a fresh JVM forms is the JIT compiler's and the heap's figure more than the protocol's.
	 * Measured at 500 members: the first forming took 38-51 s of CPU and 600 datagrams per member
	 * (starting the members slowly stretched the forming, so each member probed and synced for
	 * longer), the next ones 10-23 s and about 300; after a warm-up of 128 members the first still
	 * took 31 s. Each member of a real cluster runs in a JVM of its own, which compiles its share of
	 * this work, not all of it.
	 */
	private static void warmUp() throws InterruptedException {
		int n = Integer.getInteger("udp.warmup", sizes().mapToInt(Integer::intValue).max().orElse(0));
		if (warm || n < 2) {
			return;
		}
		warm = true;
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long start = System.nanoTime();
		try (BenchCluster cluster = new BenchCluster(LAN, n)) {
			// one after another: started together, a cold JVM's members took minutes to form
			cluster.startAll(memberIds("warm", n), 1);
			long done = cluster.awaitAllAlive(Duration.ofMinutes(5));
			BenchReport.print("udp.warmup", "n", n, "ms", millis(done - start), "cpu_ms",
					millis(os.getProcessCpuTime() - cpuBefore), "datagrams_per_member", cluster.datagramsOut() / n,
					"load", loadAverage());
		}
	}

	/** All start through the first node: the time until every one holds every other ALIVE. */
	private void converge(BenchCluster cluster, int n) throws InterruptedException {
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long dropsBefore = kernelReceiveDrops();
		long start = System.nanoTime();
		long datagramsBefore = cluster.datagramsOut();
		if (COUNT_FORMING_KINDS) {
			cluster.countKinds();
		}
		cluster.startAll(memberIds("m", n), STARTING_THREADS);
		long started = System.nanoTime();
		long done = cluster.awaitAllAlive(Duration.ofMinutes(5));
		long cpu = os.getProcessCpuTime() - cpuBefore;
		BenchReport.print("udp.converge", "n", n, "ms", millis(done - start), "start_all_ms", millis(started - start),
				"cpu_ms", millis(cpu), "datagrams_per_member", (cluster.datagramsOut() - datagramsBefore) / n,
				"views_per_member", cluster.views() / n, "joined_per_member", cluster.count(Kind.JOINED) / n,
				"kernel_drops", since(dropsBefore), "load", loadAverage());
		if (COUNT_FORMING_KINDS) {
			BenchReport.record("udp.converge.kinds n=" + n + " bytes_by_kind=" + cluster.kinds() + " datagrams_by_kind="
					+ cluster.datagramKinds());
		}
	}

	/**
	 * Whether {@code udp.converge} also prints what its datagrams carried, {@code udp.converge.kinds}
	 * ({@code -Dudp.converge.kinds=true}): each one is decoded once more on its sender's thread, which
	 * the forming's CPU and time then include.
	 */
	private static final boolean COUNT_FORMING_KINDS = Boolean.getBoolean("udp.converge.kinds");

	private void load(BenchCluster cluster, int n, long heapBefore) throws InterruptedException {
		double seconds = Double.parseDouble(System.getProperty("udp.load.seconds", "60"));
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long suspectedBefore = cluster.count(Kind.SUSPECTED);
		long failedBefore = cluster.count(Kind.FAILED);
		long unhealthyBefore = cluster.unhealthy();
		long datagramsBefore = cluster.datagramsOut();
		long bytesBefore = cluster.bytesOut();
		long cpuBefore = os.getProcessCpuTime();
		String differBefore = cluster.disagreements();
		cluster.countKinds();
		long wallBefore = System.nanoTime();
		Thread.sleep((long) (seconds * 1000));
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long wall = System.nanoTime() - wallBefore;
		double wallSeconds = wall / 1e9;
		long datagrams = cluster.datagramsOut() - datagramsBefore;
		long bytes = cluster.bytesOut() - bytesBefore;
		long heap = heapAfterGc() - heapBefore;
		BenchReport.print("udp.load", "n", n, "seconds", seconds, "msgs_per_node_s",
				format("%.2f", datagrams / wallSeconds / n), "bytes_per_node_s", Math.round(bytes / wallSeconds / n),
				"cpu_pct_per_node", format("%.3f", 100.0 * cpu / wall / n), "heap_kb_per_node", heap / 1024 / n,
				"false_suspected", cluster.count(Kind.SUSPECTED) - suspectedBefore, "false_failed",
				cluster.count(Kind.FAILED) - failedBefore, "unhealthy_before", unhealthyBefore, "unhealthy_after",
				cluster.unhealthy(), "differ_before", differBefore, "differ_after", cluster.disagreements(),
				"bytes_by_kind", cluster.kinds(), "load", loadAverage());
	}

	/**
	 * The cluster's datagrams per second in the window after the last member started its graceful
	 * leave, over the rate in the window just before; the leaver's own datagrams count.
	 */
	private void leave(BenchCluster cluster, int n) throws Exception {
		long before = cluster.datagramsOut();
		Thread.sleep(LEAVE_WINDOW.toMillis());
		long atLeave = cluster.datagramsOut();
		GossipNode leaver = cluster.nodes().get(cluster.size() - 1);
		BenchCluster.Watch left = cluster.watch(BenchCluster.about(leaver.self().nodeId(), Kind.LEFT));
		cluster.forget(leaver);
		long start = System.nanoTime();
		CompletableFuture<Void> leaving = CompletableFuture.runAsync(() -> leaver.leave(LEAVE_SPREAD));
		Thread.sleep(LEAVE_WINDOW.toMillis());
		long after = cluster.datagramsOut() + leaver.transportStats().datagramsOut() - atLeave;
		long done = left.await(cluster.nodes(), Duration.ofMinutes(1));
		leaving.join();
		double window = LEAVE_WINDOW.toMillis() / 1000.0;
		double steadyRate = (atLeave - before) / window;
		double afterRate = after / window;
		BenchReport.print("udp.leave", "n", n, "ratio", format("%.2f", afterRate / steadyRate), "steady_msgs_s",
				Math.round(steadyRate), "after_msgs_s", Math.round(afterRate), "all_left_ms", millis(done - start),
				"load", loadAverage());
	}

	/**
	 * Joins and failures in turn, so that the cluster stays near {@code n}: a join once every member
	 * holds the newcomer ALIVE ({@code udp.join1}); a crash once every other member reported it FAILED
	 * ({@code udp.detect}: its socket closes, as a crashed process's does, so its host refuses the
	 * port checks); a hang likewise ({@code udp.detect.hung}: its protocol thread blocks for good
	 * while its socket stays bound, so nothing answers, as for a hung process or a vanished host),
	 * after which a new member takes its place. A join that has no failure to follow it leaves again
	 * gracefully.
	 */
	private void joinAndDetect(BenchCluster cluster, int n) throws InterruptedException {
		int joins = trials(n, 10, 5);
		int crashes = trials(n, 5, 3);
		Random random = new Random(n);
		List<Long> joinMillis = new ArrayList<>();
		List<Detection> detections = new ArrayList<>();
		List<Detection> hangs = new ArrayList<>();
		long joinDrops = 0;
		String slowestSpread = "";
		long slowest = -1;
		for (int trial = 0; trial < Math.max(joins, crashes); trial++) {
			GossipNode joined = null;
			if (trial < joins) {
				String id = "join" + trial;
				List<GossipNode> observers = List.copyOf(cluster.nodes());
				BenchCluster.Watch alive = cluster.watch(BenchCluster.aliveAbout(id));
				long dropsBefore = kernelReceiveDrops();
				long start = System.nanoTime();
				joined = cluster.start(id);
				long joinedMillis = millis(alive.await(observers, Duration.ofMinutes(2)) - start);
				joinMillis.add(joinedMillis);
				if (joinedMillis > slowest) {
					slowest = joinedMillis;
					slowestSpread = alive.spread(observers, start);
				}
				long drops = since(dropsBefore);
				joinDrops = (drops < 0 || joinDrops < 0) ? -1 : joinDrops + drops;
				quiet(cluster);
			}
			if (trial < crashes) {
				detections.add(timeFailure(cluster, victim(cluster, random), cluster::crash));
				quiet(cluster);
				GossipNode hung = victim(cluster, random);
				hangs.add(timeFailure(cluster, hung, cluster::hang));
				cluster.crash(hung);
				// a member in its place keeps the cluster's size
				List<GossipNode> observers = List.copyOf(cluster.nodes());
				String id = "back" + trial;
				BenchCluster.Watch alive = cluster.watch(BenchCluster.aliveAbout(id));
				cluster.start(id);
				alive.await(observers, Duration.ofMinutes(2));
				quiet(cluster);
			}
			if (trial >= crashes && joined != null) {
				cluster.forget(joined);
				joined.leave(LEAVE_SPREAD);
				quiet(cluster);
			}
		}
		BenchReport.print("udp.join1", "n", n, "p50_ms", BenchReport.percentile(joinMillis, 50), "p99_ms",
				BenchReport.percentile(joinMillis, 99), "max_ms", BenchReport.percentile(joinMillis, 100), "trials", joins,
				"kernel_drops", joinDrops, "load", loadAverage());
		BenchReport.record("udp.join1.slowest n=" + n + " " + slowestSpread + " load=" + loadAverage());
		printDetections("udp.detect", n, detections);
		printDetections("udp.detect.hung", n, hangs);
	}

	/** A random member, never the seed, through which the next newcomer joins. */
	private static GossipNode victim(BenchCluster cluster, Random random) {
		return cluster.nodes().get(1 + random.nextInt(cluster.size() - 1));
	}

	/**
	 * Stops {@code victim} with {@code failure}; the time until every other member reported it FAILED,
	 * how that news spread over them, and what the detection took: port checks sent, members failed
	 * by a refused check, suspicions raised, all summed over the other members.
	 */
	private static Detection timeFailure(BenchCluster cluster, GossipNode victim, Consumer<GossipNode> failure)
			throws InterruptedException {
		List<GossipNode> observers = cluster.nodes().stream().filter((node) -> node != victim).toList();
		BenchCluster.Watch failed = cluster.watch(BenchCluster.about(victim.self().nodeId(), Kind.FAILED));
		long checks = BenchCluster.sum(observers, (node) -> node.transportStats().portChecksSent());
		long refused = BenchCluster.sum(observers, (node) -> node.protocolCounters().closedPortFailures());
		long suspicions = BenchCluster.sum(observers, (node) -> node.protocolCounters().suspicions());
		long start = System.nanoTime();
		failure.accept(victim);
		long millis = millis(failed.await(observers, Duration.ofMinutes(3)) - start);
		return new Detection(millis, failed.spread(observers, start),
				BenchCluster.sum(observers, (node) -> node.transportStats().portChecksSent()) - checks,
				BenchCluster.sum(observers, (node) -> node.protocolCounters().closedPortFailures()) - refused,
				BenchCluster.sum(observers, (node) -> node.protocolCounters().suspicions()) - suspicions);
	}

	/**
	 * The line of {@code name}, p50 and max over {@code detections}, and a second line,
	 * {@code name.slowest}, that takes the slowest apart: a last member far behind the ninetieth
	 * percentile missed the news, and no member failed by a refused check means none was refused.
	 */
	private static void printDetections(String name, int n, List<Detection> detections) {
		List<Long> millis = detections.stream().map(Detection::millis).toList();
		BenchReport.print(name, "n", n, "p50_ms", BenchReport.percentile(millis, 50), "max_ms",
				BenchReport.percentile(millis, 100), "trials", detections.size(), "load", loadAverage());
		detections.stream()
			.max(java.util.Comparator.comparingLong(Detection::millis))
			.ifPresent((slowest) -> BenchReport.record(name + ".slowest n=" + n + " " + slowest.spread()
					+ " port_checks=" + slowest.portChecks() + " closed_port_failures=" + slowest.closedPortFailures()
					+ " suspicions=" + slowest.suspicions() + " load=" + loadAverage()));
	}

	/** One detection: how long until every member had the victim FAILED, and what it took. */
	private record Detection(long millis, String spread, long portChecks, long closedPortFailures, long suspicions) {
	}

	/**
	 * A cluster of {@code udp.starved.n} (200) under a CPU hog in this JVM for
	 * {@code udp.starved.seconds} (60): every member keeps running, so every suspicion and failure is
	 * false. Counted until every member holds every other ALIVE again after the hog.
	 * <p>
	 * The hog is {@code udp.starved.threads} busy threads, 64 per core by default: the scheduler shares
	 * the cores fairly among runnable threads, so the few I/O threads that read, open and write every
	 * socket of the JVM get about 1/64 of a core each, less than the cluster's steady traffic needs,
	 * and datagrams queue for seconds before they are read, as they do for a node whose container is
	 * throttled or whose machine is overloaded. Two busy threads per core, the earlier hog, starved
	 * nothing: a datagram waited 0.3 s at worst. {@code udp.starved.hog} picks another hog:
	 * {@code alloc}, threads that allocate short-lived garbage (the collector's pauses and threads on
	 * top), or {@code io}, a task that keeps each shared I/O thread busy for {@code udp.starved.duty}
	 * (0.95) of every 100 ms.
	 * <p>
	 * A second line, {@code udp.starved.delay}, says where a datagram's delay arose under the hog, as
	 * p50/p99/max in ms: {@code transit_ms} from the send to the receiver's I/O thread opening it
	 * (outbound queue, kernel, socket buffer, I/O thread lag), {@code queue_ms} from the I/O thread's
	 * hand-off to the protocol thread running it, {@code timer_ms} how late timers ran, {@code io_loop_ms}
	 * how late a task ran on the I/O threads that every socket of the JVM shares (sampled every 10 ms,
	 * so a thread that lags is sampled less often), {@code receive_ms} how long a timer that decides on
	 * silence waited for its node's socket to be read up to its due time (see {@code GossipNode}).
	 */
	@Test
	void starved() throws Exception {
		int n = Integer.getInteger("udp.starved.n", 200);
		double seconds = Double.parseDouble(System.getProperty("udp.starved.seconds", "60"));
		String kind = System.getProperty("udp.starved.hog", "spin");
		// "spin" and "alloc" are that many threads; "io" runs on the I/O threads there are
		int hogs = Integer.getInteger("udp.starved.threads", 64 * Runtime.getRuntime().availableProcessors());
		try (BenchCluster cluster = new BenchCluster(LAN, n)) {
			for (int i = 0; i < n; i++) {
				cluster.start("s" + i);
			}
			cluster.awaitAllAlive(Duration.ofMinutes(5));
			settle(cluster);
			long suspectedBefore = cluster.count(Kind.SUSPECTED);
			long failedBefore = cluster.count(Kind.FAILED);
			long refutedBefore = cluster.count(Kind.ALIVE_AGAIN);
			long datagramsBefore = cluster.datagramsOut();
			long dropsBefore = kernelReceiveDrops();
			cluster.resetDelays();
			long hogStart = System.nanoTime();
			CpuHog hog = CpuHog.start(kind, hogs);
			Thread.sleep((long) (seconds * 1000));
			String loadUnderHog = loadAverage();
			int healthUnderHog = cluster.healthMax();
			long datagrams = cluster.datagramsOut() - datagramsBefore;
			long kernelDrops = since(dropsBefore);
			String transit = cluster.transit().summary();
			String queue = cluster.packetWait().summary();
			String timers = cluster.timerLateness().summary();
			String ioLoops = cluster.ioLoopLag().summary();
			String receive = cluster.receiveLag().summary();
			hog.stop();
			long hogEnd = System.nanoTime();
			long recovered = cluster.awaitAllAlive(Duration.ofMinutes(5));
			BenchReport.print("udp.starved", "n", n, "seconds", seconds, "hog", kind, "hog_threads", hogs,
					"false_suspected", cluster.count(Kind.SUSPECTED) - suspectedBefore, "false_failed",
					cluster.count(Kind.FAILED) - failedBefore, "refuted", cluster.count(Kind.ALIVE_AGAIN) - refutedBefore,
					"recovered_ms", Math.max(0, millis(recovered - hogEnd)), "health_max", healthUnderHog,
					"msgs_per_node_s", format("%.2f", datagrams / ((hogEnd - hogStart) / 1e9) / n), "kernel_drops",
					kernelDrops, "load", loadUnderHog);
			BenchReport.print("udp.starved.delay", "n", n, "transit_ms", transit, "queue_ms", queue, "timer_ms",
					timers, "io_loop_ms", ioLoops, "receive_ms", receive, "load", loadUnderHog);
		}
	}

	@Test
	void fuzz() throws Exception {
		try (LocalCluster cluster = new LocalCluster("127.0.0.1", ProtocolConfig.lan(), 3)) {
			GossipNode target = cluster.start("1");
			cluster.start("2");
			cluster.start("3");
			await().atMost(Duration.ofMinutes(1)).until(() -> LocalCluster.allAlive(cluster.nodes()));
			// the leader of the roles nobody names is announced a stability window after the view
			// settles: let that happen before the flood, so that only changes the flood caused count
			await().atMost(Duration.ofMinutes(1)).until(() -> cluster.nodes().stream()
				.allMatch((node) -> node.snapshot().leader("any.role").isPresent()));
			int eventsBefore = cluster.events("1").size();
			FloodReport report = HostileFlood.send(target, 500_000, new Random(2026));
			long stateChanges = cluster.events("1").size() - eventsBefore + cluster.countAll(Kind.SUSPECTED, Kind.FAILED);
			BenchReport.print("udp.fuzz", "packets", report.sent(), "received", report.received(), "escaped",
					report.escaped(), "state_changes", stateChanges, "load", loadAverage());
		}
	}

	/**
	 * Waits until the gossip of forming has died down: the bytes the cluster sends in one 2 s window
	 * within 10% of the previous window's (at most a minute). A fresh join is retransmitted
	 * {@code retransmitLimit(n)} times by every member, which takes seconds at hundreds of members.
	 */
	private static void settle(BenchCluster cluster) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		long previous = -1;
		long last = cluster.bytesOut();
		while (System.nanoTime() < deadline) {
			Thread.sleep(2000);
			long now = cluster.bytesOut();
			long window = now - last;
			last = now;
			if (previous >= 0 && Math.abs(window - previous) <= previous / 10) {
				return;
			}
			previous = window;
		}
	}

	/** Between trials: every member holds every other ALIVE, and the news had a second to die down. */
	private static void quiet(BenchCluster cluster) throws InterruptedException {
		cluster.awaitAllAlive(Duration.ofMinutes(2));
		Thread.sleep(1000);
	}

	private static int trials(int n, int small, int large) {
		return Integer.getInteger("udp.trials", (n >= 500) ? large : small);
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

	private static String format(String pattern, Object value) {
		return String.format(Locale.ROOT, pattern, value);
	}

	/** The machine's one-minute load average: what else competed for its cores. */
	/**
	 * Datagrams the kernel dropped because a UDP socket's receive buffer was full (Linux's
	 * {@code RcvbufErrors} of {@code /proc/net/snmp}), machine-wide, so other processes' sockets count
	 * too; -1 where the kernel does not say. A difference of two readings is what the sockets of a
	 * stage lost before any node saw it.
	 */
	private static long kernelReceiveDrops() {
		try {
			List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter((line) -> line.startsWith("Udp:")).toList();
			List<String> names = List.of(udp.get(0).split("\\s+"));
			return Long.parseLong(udp.get(1).split("\\s+")[names.indexOf("RcvbufErrors")]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long since(long kernelDropsBefore) {
		return (kernelDropsBefore < 0) ? -1 : kernelReceiveDrops() - kernelDropsBefore;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException | RuntimeException ex) {
			return format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private static long heapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Threads that compete with the nodes for every core until stopped: busy, or allocating. */
	private static final class CpuHog {

		private final List<Thread> threads;

		private volatile boolean running = true;

		private volatile long sink;

		private volatile Object kept;

		private CpuHog(String kind, int count) {
			Runnable work = switch (kind) {
				case "spin" -> this::spin;
				case "alloc" -> this::allocate;
				case "io" -> null;
				default -> throw new IllegalArgumentException("udp.starved.hog is spin, alloc or io, not " + kind);
			};
			this.threads = new ArrayList<>();
			if (work == null) {
				double duty = Double.parseDouble(System.getProperty("udp.starved.duty", "0.95"));
				reactor.netty.udp.UdpResources.get().onServer(true).forEach((loop) -> loop.execute(() -> occupy(loop, duty)));
				return;
			}
			for (int i = 0; i < count; i++) {
				Thread thread = new Thread(work, "cpu-hog-" + i);
				thread.setDaemon(true);
				this.threads.add(thread);
			}
		}

		static CpuHog start(String kind, int count) {
			CpuHog hog = new CpuHog(kind, count);
			hog.threads.forEach(Thread::start);
			return hog;
		}

		private void spin() {
			long x = Thread.currentThread().getId();
			while (this.running) {
				for (int i = 0; i < 100_000; i++) {
					x ^= x << 13;
					x ^= x >>> 7;
					x ^= x << 17;
				}
				this.sink = x;
			}
		}

		/**
		 * Keeps an I/O thread busy for {@code duty} of each 100 ms, as a thread that the scheduler
		 * gives that little of a core: what it reads and writes waits in the meantime.
		 */
		private void occupy(io.netty.util.concurrent.EventExecutor loop, double duty) {
			if (!this.running) {
				return;
			}
			long busyUntil = System.nanoTime() + (long) (duty * 100_000_000);
			long x = 1;
			while (System.nanoTime() < busyUntil) {
				x ^= x << 13;
				x ^= x >>> 7;
				x ^= x << 17;
			}
			this.sink = x;
			loop.schedule(() -> occupy(loop, duty), (long) ((1 - duty) * 100_000), java.util.concurrent.TimeUnit.MICROSECONDS);
		}

		/** Short-lived garbage, with a few arrays kept a little longer so that some survive a young collection. */
		private void allocate() {
			Object[] ring = new Object[1024];
			int i = 0;
			while (this.running) {
				byte[] garbage = new byte[256 + (i & 4095)];
				garbage[0] = (byte) i;
				ring[i & 1023] = garbage;
				if ((i & 0xFFFF) == 0) {
					this.kept = ring.clone();
				}
				i++;
			}
		}

		void stop() throws InterruptedException {
			this.running = false;
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

}
