package io.github.gossip.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Beside {@code @SpringBootTest}: the application context under test joins a {@link SimulatedCluster}
 * as the node {@link #nodeId()}, and the {@link #peers()} are simulated nodes around it, all on one
 * virtual clock. The test autowires the {@link SimulatedCluster} bean and advances its time; the
 * application's node, its {@code @EventListener}s and its {@code @Scheduled} jobs run with it:
 * <pre class="code">
 * &#064;SpringBootTest
 * &#064;SimulatedClusterTest(nodeId = "2", peers = { "1", "3" })
 * class FailoverTests {
 *
 *     &#064;Autowired
 *     SimulatedCluster cluster;
 *
 *     &#064;Test
 *     void takesOverWhenNodeOneFails() {
 *         this.cluster.advance(Duration.ofSeconds(30));
 *         this.cluster.node("1").kill();
 *         this.cluster.advance(Duration.ofSeconds(30));
 *         ...
 *     }
 * }
 * </pre>
 * The kit sets the application's {@code cluster.node-id}, addresses, key and seeds, and adds the
 * beans its node and jobs run on (a {@code NodeRuntime} of the kit's internals and the
 * {@code taskScheduler}). Its roles, leadership policies and tuning are its own configuration, and
 * the simulated peers take theirs from the same {@code cluster.*} properties, as the members of a
 * real cluster that share one configuration do.
 * <p>
 * The context, and with it the cluster, is cached as any test context: test methods of one class, and
 * classes with the same annotation and configuration, share it and its time goes on from one to the
 * next. Use {@code @DirtiesContext} for a fresh cluster. The node under test cannot be
 * {@linkplain SimulatedNode#restart() restarted}: its context is the test's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SimulatedClusterTest {

	/** {@link #seed()}'s default: a seed drawn when the context is created, and logged. */
	long RANDOM_SEED = Long.MIN_VALUE;

	/**
	 * The node id of the application under test.
	 * @return its {@code cluster.node-id}
	 */
	String nodeId() default "1";

	/**
	 * The simulated nodes, which start with the application at cluster time zero; every node, the
	 * application's included, is a seed.
	 * @return their node ids
	 */
	String[] peers() default { "2", "3" };

	/**
	 * The seed of the run: the same seed and the same steps replay it exactly.
	 * @return the seed, or {@link #RANDOM_SEED} to draw one
	 */
	long seed() default RANDOM_SEED;

	/**
	 * Whether the cluster's time passes by itself in step with the wall clock
	 * ({@link SimulatedCluster.Builder#realTime()}), for tests that wait with Awaitility.
	 * @return true for real time, false (the default) for virtual time that the test advances
	 */
	boolean realTime() default false;

}
