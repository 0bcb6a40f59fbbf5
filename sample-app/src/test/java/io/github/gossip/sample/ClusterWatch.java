package io.github.gossip.sample;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Reads the nodes' views of the cluster and waits for conditions on them. A timeout fails with the
 * last views and the end of every node's log, so that a failure explains itself.
 */
final class ClusterWatch {

	private final Map<String, SampleNode> nodes;

	private final Function<SampleNode, Optional<String>> fetch;

	private volatile Map<String, NodeView> lastViews = Map.of();

	/**
	 * @param nodes the nodes by id
	 * @param fetch reads a node's {@code /api/cluster} JSON; empty when the node does not answer
	 */
	ClusterWatch(Map<String, SampleNode> nodes, Function<SampleNode, Optional<String>> fetch) {
		this.nodes = nodes;
		this.fetch = fetch;
	}

	/** The views of the {@code observers} that answered. */
	Map<String, NodeView> views(Collection<String> observers) {
		Map<String, NodeView> views = new LinkedHashMap<>();
		for (String id : observers) {
			this.fetch.apply(this.nodes.get(id)).map(NodeView::parse).ifPresent((view) -> views.put(id, view));
		}
		this.lastViews = views;
		return views;
	}

	/** Waits until every one of {@code observers} answers and its view satisfies {@code condition}. */
	void awaitEach(String what, Duration timeout, Collection<String> observers, Predicate<NodeView> condition) {
		awaitAll(what, timeout, observers,
				(views) -> views.size() == observers.size() && views.values().stream().allMatch(condition));
	}

	void awaitAll(String what, Duration timeout, Collection<String> observers,
			Predicate<Map<String, NodeView>> condition) {
		try {
			await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
				.until(() -> condition.test(views(observers)));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(what + ": not within " + timeout + "\n" + diagnostics(), ex);
		}
	}

	String diagnostics() {
		String views = this.lastViews.values().stream().map(NodeView::toString).collect(Collectors.joining("\n  "));
		String logs = this.nodes.values().stream().map((node) -> node.logTail(40)).collect(Collectors.joining("\n"));
		return "last views:\n  " + views + "\n" + logs;
	}

	static List<String> ids(String... ids) {
		return List.of(ids);
	}

}
