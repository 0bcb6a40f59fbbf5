package io.github.gossip.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader of a majority role, frozen with SIGSTOP for several lease lengths while the others
 * elect a successor, must not run its {@code @LeaderOnly} job when it resumes: its threads wake up
 * with the old view, but the gate reads the lease against the clock at every call, so the job is
 * skipped until this node is granted a new term, at a higher epoch than its successor's.
 * <p>
 * Three JVMs of the packaged sample application on 127.0.0.1, as in {@link ClusterProcessesIT};
 * acme.renew is the majority role of nodes 1, 2 and 3 (application.yml). Everything is read from
 * the nodes' logs: the line a node writes when it starts leading a role and the line the job
 * writes at each run.
 */
class PausedLeaderIT {

	private static final String ROLE = "acme.renew";

	private static final Pattern NOW_LEADS = Pattern.compile("This node now leads acme\\.renew \\(epoch (\\d+)\\)");

	private static final Pattern TOKEN_EPOCH = Pattern.compile("token acme\\.renew@(\\d+):");

	private static final Duration HEARTBEAT = Duration.ofMillis(500);

	/** A majority leader's lease: just under five heartbeats, the length of its voters' promises. */
	private static final Duration LEASE = HEARTBEAT.multipliedBy(49).dividedBy(10);

	/** Far past the lease, so that the resumed node's lease has certainly run out. */
	private static final Duration PAUSE = LEASE.multipliedBy(4);

	/** Long enough for a slow, shared machine; detection and hand-over take seconds. */
	private static final Duration DEADLINE = Duration.ofSeconds(90);

	@Test
	void leaderPausedPastItsLeaseRunsNoJobAfterItResumesUntilItLeadsAgainAtAHigherEpoch() throws Exception {
		Optional<Path> kill = Executables.onPath().find("kill");
		if (kill.isEmpty()) {
			Assumptions.abort("skipped: pausing a node needs the kill executable on the PATH");
		}
		try (LocalCluster cluster = LocalCluster.start(3, "--sample.job-interval=1s",
				"--cluster.heartbeat=" + HEARTBEAT.toMillis() + "ms")) {
			SampleNode node1 = cluster.node("1");
			List<SampleNode> others = List.of(cluster.node("2"), cluster.node("3"));
			ClusterWatch watch = cluster.watch();

			awaitLogs(watch, "node 1 leads " + ROLE + " and has run its job",
					() -> lastEpoch(lines(node1), 0).isPresent() && count(lines(node1), jobLine("1"), 0) > 0);
			long firstEpoch = lastEpoch(lines(node1), 0).getAsLong();

			// Stop right after a run, a whole job interval before the next: a run stopped between the
			// gate and its log line would print after the resume, which no gate can prevent (a real
			// job hands its token to a store that refuses it).
			int runs = count(lines(node1), jobLine("1"), 0);
			await("node 1 runs its job once more").atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> count(lines(node1), jobLine("1"), 0) > runs);
			signal(kill.get(), node1, "STOP");
			long stoppedAt = System.nanoTime();
			int[] othersAtStop = others.stream().mapToInt((node) -> lines(node).size()).toArray();
			int node1AtResume;
			int successorAtResume;
			SampleNode successor;
			try {
				// the kernel stops the threads of a process one by one: wait until all of it is stopped
				await("node 1 is stopped").atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> node1.procState() == 'T');
				awaitLogs(watch, "node 2 or 3 leads " + ROLE + " above epoch " + firstEpoch,
						() -> IntStream.range(0, 2)
							.anyMatch((i) -> lastEpoch(lines(others.get(i)), othersAtStop[i]).orElse(0) > firstEpoch));
				int index = (lastEpoch(lines(others.get(0)), othersAtStop[0]).orElse(0) > firstEpoch) ? 0 : 1;
				successor = others.get(index);
				int successorAtStop = othersAtStop[index];
				awaitLogs(watch, "node " + successor.nodeId() + " runs the job while node 1 is stopped",
						() -> count(lines(successor), jobLine(successor.nodeId()), successorAtStop) > 0);
				long resumeAt = stoppedAt + PAUSE.toNanos();
				while (System.nanoTime() < resumeAt) {
					Thread.sleep(100);
				}
				node1AtResume = lines(node1).size();
				successorAtResume = lines(successor).size();
			}
			finally {
				signal(kill.get(), node1, "CONT");
			}
			List<String> successorLines = lines(successor);
			long successorEpoch = lastEpoch(successorLines.subList(0, successorAtResume), 0).getAsLong();

			// node 1 is the lowest voter, so it is the candidate again once the others see it live
			long watchUntil = System.nanoTime() + DEADLINE.toNanos();
			while (System.nanoTime() < watchUntil && leadsAgainAt(lines(node1), node1AtResume).isEmpty()) {
				Thread.sleep(200);
			}
			List<String> resumed = lines(node1);
			int leadsAgain = leadsAgainAt(resumed, node1AtResume).orElse(resumed.size());
			String story = "node 1 after the resume (node " + successor.nodeId() + " led at epoch " + successorEpoch + "):\n"
					+ resumed.subList(node1AtResume, resumed.size()).stream()
						.filter((line) -> line.contains("lead") || line.contains("[job"))
						.limit(60)
						.collect(Collectors.joining("\n"));

			assertThat(count(successorLines.subList(0, successorAtResume), jobLine(successor.nodeId()),
					othersAtStop[others.indexOf(successor)]))
				.as("runs of node %s's job while node 1 was stopped", successor.nodeId())
				.isPositive();
			assertThat(resumed.subList(node1AtResume, leadsAgain))
				.as("node 1's lines after the resume, before it leads again\n" + story)
				.noneMatch(jobLine("1"))
				// its scheduler did run in that time: the other jobs ran, so this one was gated
				.anyMatch((line) -> line.contains("[job purge.stores] node 1 "));
			if (leadsAgain < resumed.size()) {
				Matcher lead = NOW_LEADS.matcher(resumed.get(leadsAgain));
				assertThat(lead.find()).isTrue();
				long newEpoch = Long.parseLong(lead.group(1));
				assertThat(newEpoch).as("node 1's new epoch\n" + story).isGreaterThan(successorEpoch);
				// and every run since carries the new term's token, never the one from before the pause
				assertThat(resumed.subList(leadsAgain, resumed.size()).stream().filter(jobLine("1")).toList())
					.as("node 1's job runs once it leads again\n" + story)
					.allSatisfy((line) -> assertThat(tokenEpoch(line)).isGreaterThanOrEqualTo(newEpoch));
			}
		}
	}

	/** The first line at or after {@code from} saying that the node now leads the role. */
	private static OptionalInt leadsAgainAt(List<String> lines, int from) {
		return IntStream.range(from, lines.size()).filter((i) -> NOW_LEADS.matcher(lines.get(i)).find()).findFirst();
	}

	/**
	 * The epoch of the last "now leads" line at or after {@code from}; a majority role's epochs start
	 * from a start time in milliseconds, so they need a long.
	 */
	private static OptionalLong lastEpoch(List<String> lines, int from) {
		OptionalLong epoch = OptionalLong.empty();
		for (String line : lines.subList(from, lines.size())) {
			Matcher matcher = NOW_LEADS.matcher(line);
			if (matcher.find()) {
				epoch = OptionalLong.of(Long.parseLong(matcher.group(1)));
			}
		}
		return epoch;
	}

	private static long tokenEpoch(String jobLine) {
		Matcher matcher = TOKEN_EPOCH.matcher(jobLine);
		assertThat(matcher.find()).as("a token in " + jobLine).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static Predicate<String> jobLine(String nodeId) {
		return (line) -> line.contains("[job " + ROLE + "] node " + nodeId + " ");
	}

	private static int count(List<String> lines, Predicate<String> which, int from) {
		return (int) lines.subList(from, lines.size()).stream().filter(which).count();
	}

	private static List<String> lines(SampleNode node) {
		return node.log().lines().toList();
	}

	private static void awaitLogs(ClusterWatch watch, String what, Callable<Boolean> condition) {
		try {
			await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(what + ": not within " + DEADLINE + "\n" + watch.diagnostics(), ex);
		}
	}

	/** Runs the kill executable, so that the signal reaches the JVM itself. */
	private static void signal(Path kill, SampleNode node, String name) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(kill.toString(), "-" + name, String.valueOf(node.pid())).inheritIO()
			.start();
		assertThat(process.waitFor()).as("kill -%s node %s", name, node.nodeId()).isZero();
	}

}
