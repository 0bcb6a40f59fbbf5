package io.github.gossip.test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Names the seed of every {@link SimulatedCluster} a failed test started, whatever failed: an
 * assertion of the test's own, an exception of the code under test, a timeout. The kit's own
 * failures ({@link ClusterAssertions}, {@link SimulatedCluster#awaitUntil}) name the seed already;
 * with this extension every other failure does too, so that any red run can be replayed with
 * {@code SimulatedCluster.builder().seed(...)}. Opt in on the test class:
 * <pre class="code">
 * &#64;ExtendWith(SimulatedClusterExtension.class)
 * class FailoverTests { ... }
 * </pre>
 * It tracks the clusters started on the test's thread, from the test class's {@code @BeforeAll}
 * methods to the end of its {@code @AfterEach} methods, and rewrites the failure of a test or of
 * one of those methods into one whose message starts with the clusters (seed and cluster time) and
 * whose cause is the original failure. A failure whose message names every seed already is left as
 * it is, and so is an aborted test (a failed assumption). Clusters started on other threads are
 * not seen.
 */
public final class SimulatedClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
		AfterAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SimulatedClusterExtension.class);

	/** Creates the extension; JUnit does, for {@code @ExtendWith}. */
	public SimulatedClusterExtension() {
	}

	/** Starts tracking the clusters of the test class: those of its {@code @BeforeAll} methods. */
	@Override
	public void beforeAll(ExtensionContext context) {
		track(context);
	}

	/** Starts tracking the clusters of one test, its {@code @BeforeEach} and {@code @AfterEach} methods included. */
	@Override
	public void beforeEach(ExtensionContext context) {
		track(context);
	}

	/** Ends the tracking of the test; the clusters of the class are tracked again. */
	@Override
	public void afterEach(ExtensionContext context) {
		Optional<List<SimulatedCluster>> enclosing = context.getParent().flatMap(SimulatedClusterExtension::tracked);
		if (enclosing.isPresent()) {
			StartedClusters.resume(enclosing.get());
		}
		else {
			StartedClusters.stop();
		}
	}

	/** Ends the tracking of the test class. */
	@Override
	public void afterAll(ExtensionContext context) {
		StartedClusters.stop();
	}

	/** Rethrows the failure of a test with the seeds of the clusters it started. */
	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw withSeeds(context, throwable);
	}

	/** Rethrows the failure of a {@code @BeforeAll} method with the seeds of the clusters it started. */
	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw withSeeds(context, throwable);
	}

	/** Rethrows the failure of a {@code @BeforeEach} method with the seeds of the clusters started so far. */
	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw withSeeds(context, throwable);
	}

	/** Rethrows the failure of an {@code @AfterEach} method with the seeds of the clusters of the test. */
	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw withSeeds(context, throwable);
	}

	/** Rethrows the failure of an {@code @AfterAll} method with the seeds of the clusters of the class. */
	@Override
	public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw withSeeds(context, throwable);
	}

	private static void track(ExtensionContext context) {
		context.getStore(NAMESPACE).put(context.getUniqueId(), StartedClusters.track());
	}

	@SuppressWarnings("unchecked")
	private static Optional<List<SimulatedCluster>> tracked(ExtensionContext context) {
		return Optional.ofNullable(context.getStore(NAMESPACE).get(context.getUniqueId(), List.class));
	}

	/** The clusters of {@code context} and of the contexts around it, the test's first. */
	private static Set<SimulatedCluster> clusters(ExtensionContext context) {
		Set<SimulatedCluster> clusters = new LinkedHashSet<>();
		for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
			tracked(c.get()).ifPresent(clusters::addAll);
		}
		return clusters;
	}

	static Throwable withSeeds(ExtensionContext context, Throwable failure) {
		return withSeeds(clusters(context), failure);
	}

	/** {@code failure}, or a failure that names the clusters first and has {@code failure} as its cause. */
	static Throwable withSeeds(Set<SimulatedCluster> clusters, Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		if (clusters.isEmpty() || failure instanceof TestAbortedException
				|| clusters.stream().allMatch((cluster) -> message.contains("seed=" + cluster.seed()))) {
			return failure;
		}
		List<String> named = new ArrayList<>();
		clusters.forEach((cluster) -> named.add(cluster.toString()));
		String withSeeds = ((clusters.size() == 1) ? "Simulated cluster of this test: "
				: "Simulated clusters of this test: ") + String.join("; ", named) + System.lineSeparator()
				+ failure.getClass().getName() + ": " + message;
		Throwable rewritten;
		if (failure instanceof AssertionFailedError assertion && assertion.isExpectedDefined()
				&& assertion.isActualDefined()) {
			// keeps what an IDE shows as a difference
			rewritten = new AssertionFailedError(withSeeds, assertion.getExpected().getValue(),
					assertion.getActual().getValue(), failure);
		}
		else {
			rewritten = new AssertionError(withSeeds, failure);
		}
		rewritten.setStackTrace(failure.getStackTrace()); // the failing line first, not this extension
		return rewritten;
	}

}
