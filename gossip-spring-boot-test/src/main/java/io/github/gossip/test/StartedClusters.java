package io.github.gossip.test;

import java.util.ArrayList;
import java.util.List;

/**
 * The clusters started on a thread while a test of {@link SimulatedClusterExtension} runs there, so
 * that its failure can name their seeds. Nothing is kept on a thread no such test runs on: without the
 * extension, tracking would hold every cluster a test suite ever started.
 */
final class StartedClusters {

	private static final ThreadLocal<List<SimulatedCluster>> tracked = new ThreadLocal<>();

	private StartedClusters() {
	}

	/** Keeps {@code cluster} if clusters are being tracked on this thread. */
	static void started(SimulatedCluster cluster) {
		List<SimulatedCluster> clusters = tracked.get();
		if (clusters != null) {
			clusters.add(cluster);
		}
	}

	/** Tracks the clusters started on this thread from now on, in the list returned, until {@link #stop()}. */
	static List<SimulatedCluster> track() {
		List<SimulatedCluster> clusters = new ArrayList<>();
		tracked.set(clusters);
		return clusters;
	}

	/** Tracks the clusters started on this thread into {@code clusters} again. */
	static void resume(List<SimulatedCluster> clusters) {
		tracked.set(clusters);
	}

	/** Stops tracking on this thread. */
	static void stop() {
		tracked.remove();
	}

}
