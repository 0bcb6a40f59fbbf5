package io.github.gossip.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live page in a real headless browser: it draws the three members of a local cluster, and
 * when one is killed it marks it failed without being reloaded, from the event stream alone.
 */
class LivePageBrowserIT {

	/**
	 * The detection time with the default (lan) tuning and three members: a probe round of at most
	 * two heartbeats, then a suspicion timeout of at most 6 x 4 heartbeats, shortened by the other
	 * member's confirmation; plus time for a loaded machine.
	 */
	private static final Duration DETECTION = Duration.ofSeconds(45);

	private static final String MEMBERS = "JSON.stringify([...document.querySelectorAll('#ring .member')]"
			+ ".map((g) => g.dataset.nodeId + ' ' + g.dataset.status))";

	/** The versions table: each row's version, live member count and node ids. */
	private static final String VERSIONS = "JSON.stringify([...document.querySelectorAll('#versions tbody tr')]"
			+ ".map((row) => [...row.cells].map((cell) => cell.textContent).join(' | ')))";

	@Test
	void pageShowsTheMembersAndMarksAKilledOneFailed() throws Exception {
		Optional<Path> executable = HeadlessChromium.find();
		if (executable.isEmpty()) {
			String message = "SKIPPED: the live page browser test needs Chromium (apt-get install chromium); none found on the PATH";
			System.err.println("WARN ******** " + message + " ********");
			Assumptions.abort(message);
		}
		try (LocalCluster cluster = LocalCluster.start(3); HeadlessChromium browser = HeadlessChromium.launch(executable.get())) {
			cluster.watch().awaitEach("all three nodes see all three ALIVE", Duration.ofSeconds(90),
					List.of("1", "2", "3"), (view) -> view.allAlive(List.of("1", "2", "3")));
			browser.navigate(cluster.baseUrl("1"));
			awaitPage(browser, "the page shows three ALIVE members", Duration.ofSeconds(30),
					"[\"1 ALIVE\",\"2 ALIVE\",\"3 ALIVE\"]", cluster);
			assertThat(browser.evaluate("document.getElementById('status').textContent").asString()).isEqualTo("live");
			// every node announces its build's version (the build-info goal): one row, three live members
			String version = builtVersion();
			assertThat(browser.evaluate(VERSIONS).asString()).isEqualTo("[\"" + version + " | 3 | 1, 2, 3\"]");
			// a marker that a reload would wipe: the update must come from the event stream
			browser.evaluate("window.loadedOnce = true");

			cluster.node("3").kill();
			long killed = System.nanoTime();
			awaitPage(browser, "the page marks node 3 FAILED", DETECTION, "[\"1 ALIVE\",\"2 ALIVE\",\"3 FAILED\"]",
					cluster);
			System.out.printf("Live page showed node 3 FAILED %d ms after SIGKILL%n",
					Duration.ofNanos(System.nanoTime() - killed).toMillis());
			assertThat(browser.evaluate("window.loadedOnce === true").asBoolean()).as("page was not reloaded").isTrue();
			assertThat(browser.evaluate(VERSIONS).asString()).as("a failed member runs no version")
				.isEqualTo("[\"" + version + " | 2 | 1, 2\"]");
			assertThat(browser.evaluate("document.getElementById('events').textContent").asString())
				.contains("FAILED node 3");
		}
	}

	/** The version of the build that made the jar the nodes run, as the build-info goal wrote it. */
	private static String builtVersion() throws java.io.IOException {
		java.util.Properties build = new java.util.Properties();
		try (java.io.InputStream in = LivePageBrowserIT.class.getResourceAsStream("/META-INF/build-info.properties")) {
			assertThat(in).as("the build-info goal's output").isNotNull();
			build.load(in);
		}
		return build.getProperty("build.version");
	}

	private static void awaitPage(HeadlessChromium browser, String what, Duration timeout, String expected,
			LocalCluster cluster) {
		String[] last = { null };
		try {
			await(what).atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
				last[0] = browser.evaluate(MEMBERS).asString();
				return expected.equals(last[0]);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(what + ": not within " + timeout + "; the page shows " + last[0] + "\n"
					+ cluster.watch().diagnostics(), ex);
		}
	}

}
