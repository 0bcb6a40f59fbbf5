package io.github.gossip.test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.autoconfigure.ClusterProperties;
import io.github.gossip.config.LeadershipPolicy;

import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the {@link SimulatedCluster} of a {@link SimulatedClusterTest} and joins the test's context
 * to it as one node, before the context refreshes. A value: the test context cache keys contexts by
 * their customizers, so two test classes share a context (and a cluster) exactly when their
 * annotations agree, and the seed drawn for a {@link SimulatedClusterTest#RANDOM_SEED random} run is
 * not part of the key.
 */
final class SimulatedClusterContextCustomizer implements ContextCustomizer {

	private static final Log logger = LogFactory.getLog(SimulatedClusterContextCustomizer.class);

	static final String CLUSTER_BEAN = "simulatedCluster";

	private final String nodeId;

	private final List<String> peers;

	private final long seed;

	private final boolean realTime;

	SimulatedClusterContextCustomizer(String nodeId, List<String> peers, long seed, boolean realTime) {
		this.nodeId = nodeId;
		this.peers = List.copyOf(peers);
		this.seed = seed;
		this.realTime = realTime;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		SimulatedCluster.Builder builder = SimulatedCluster.builder();
		if (this.seed != SimulatedClusterTest.RANDOM_SEED) {
			builder.seed(this.seed);
		}
		configuredAsTheApplication(builder, context.getEnvironment());
		builder.underTest(this.nodeId).nodes(this.peers.toArray(String[]::new));
		if (this.realTime) {
			builder.realTime();
		}
		SimulatedCluster cluster = builder.start();
		logger.info("The application under test is node " + this.nodeId + " of a simulated cluster with peers "
				+ this.peers + ", seed " + cluster.seed() + " (replay with @SimulatedClusterTest(seed = " + cluster.seed()
				+ "L))");
		NodeContextJoin.registry(context)
			.registerBeanDefinition(CLUSTER_BEAN, new RootBeanDefinition(SimulatedCluster.class, () -> cluster));
		cluster.node(this.nodeId).join(context);
	}

	/**
	 * The simulated peers hold roles, lead with policies and time their protocol as the application's
	 * {@code cluster.*} configuration says, as members sharing one configuration do. A configuration
	 * that does not bind is left to the application's own start-up to report.
	 */
	static void configuredAsTheApplication(SimulatedCluster.Builder builder, ConfigurableEnvironment environment) {
		ClusterProperties properties;
		try {
			properties = Binder.get(environment).bindOrCreate("cluster", ClusterProperties.class);
		}
		catch (RuntimeException ex) {
			return;
		}
		Map<String, List<String>> roles = properties.roles();
		roles.forEach((role, holders) -> builder.role(role, holders.toArray(String[]::new)));
		properties.leadership().policy().forEach((role, policy) -> {
			if (!"majority".equalsIgnoreCase(policy.trim())) {
				return;
			}
			List<String> voters = roles.getOrDefault(role, List.of());
			Integer quorum = properties.leadership().quorum().get(role);
			if (!voters.isEmpty()) {
				builder.leadershipPolicy(role, LeadershipPolicy.majorityOf(voters));
			}
			else if (quorum != null && quorum > 0) {
				builder.leadershipPolicy(role, LeadershipPolicy.majority(quorum));
			}
		});
		if (properties.heartbeat() != null) {
			builder.heartbeat(properties.heartbeat());
		}
		builder.profile(properties.gossip().profile());
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SimulatedClusterContextCustomizer that && this.nodeId.equals(that.nodeId)
				&& this.peers.equals(that.peers) && this.seed == that.seed && this.realTime == that.realTime;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.nodeId, this.peers, this.seed, this.realTime);
	}

}
