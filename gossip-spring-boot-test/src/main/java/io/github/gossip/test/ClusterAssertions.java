package io.github.gossip.test;

/**
 * Entry point of the kit's AssertJ assertions, next to AssertJ's own:
 * <pre class="code">
 * import static io.github.gossip.test.ClusterAssertions.assertThat;
 *
 * assertThat(cluster).within(Duration.ofMinutes(1)).hasConverged().hasOneLeader("purge.stores");
 * assertThat(cluster.node("3")).sees("1", MemberStatus.FAILED).sawEvent(ClusterEvent.Type.FAILED, "1");
 * </pre>
 * Every failure names the cluster's seed and time, so that the run can be replayed with
 * {@code SimulatedCluster.builder().seed(...)}.
 */
public final class ClusterAssertions {

	private ClusterAssertions() {
	}

	/**
	 * Assertions on a whole cluster.
	 * @param actual the cluster
	 * @return its assertion
	 */
	public static SimulatedClusterAssert assertThat(SimulatedCluster actual) {
		return new SimulatedClusterAssert(actual);
	}

	/**
	 * Assertions on one node.
	 * @param actual the node
	 * @return its assertion
	 */
	public static SimulatedNodeAssert assertThat(SimulatedNode actual) {
		return new SimulatedNodeAssert(actual);
	}

}
