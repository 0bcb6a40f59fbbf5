/**
 * The test kit's public API: {@link io.github.gossip.test.SimulatedCluster}, real gossip nodes on a
 * virtual clock and a simulated network, to test an application's own cluster behaviour (failover,
 * splits, pauses, restarts) deterministically and in a fraction of a second;
 * {@link io.github.gossip.test.ClusterAssertions}, AssertJ assertions on it; and
 * {@link io.github.gossip.test.SimulatedClusterExtension}, which names the seeds of a failed test's
 * clusters. Every type of this package that is public is API; its other types are not.
 * <p>
 * A run depends only on its seed and the test's steps: every failure names the seed, and
 * {@code SimulatedCluster.builder().seed(seed)} replays the run exactly.
 */
@NullMarked
package io.github.gossip.test;

import org.jspecify.annotations.NullMarked;
