package io.github.gossip.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.config.NodeOptionsFactory;
import io.github.gossip.internal.config.RoleAssignments;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.runtime.AppVersion;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.runtime.NodeOptions;
import io.github.gossip.internal.runtime.NodeRuntime;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.config.InvalidSettingsException.Violation;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the running gossip node and its {@link ClusterMembership}: binds the UDP
 * socket when the application starts, publishes membership events as application events, and
 * leaves the cluster when the application stops. Only when gossip is enabled (both
 * {@code cluster.bind-addr} and {@code cluster.key} set).
 */
@AutoConfiguration(after = ClusterAutoConfiguration.class)
@ConditionalOnGossipEnabled
public final class GossipAutoConfiguration {

	/**
	 * The node's membership. It runs on UDP sockets, threads and the system clock, unless the context
	 * holds a {@link NodeRuntime}: the test kit registers one to run the application's node on a
	 * virtual clock and a simulated network (an internal type: not for applications).
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(ClusterMembership.class)
	NodeClusterMembership clusterMembership(GossipSettings settings, ClusterConfig config,
			ObjectProvider<NodeRuntime> runtime, ClusterProperties properties, ObjectProvider<BuildProperties> build,
			Environment environment) {
		NodeRuntime on = runtime.getIfAvailable(NodeRuntime::system);
		String appVersion = AppVersionResolver.resolve(properties.appVersion(), build.getIfAvailable(), environment)
			.orElse(null);
		// the runtime draws the instance id and the protocol's randomness: from a seed, in the test kit
		NodeOptions options = nodeOptions(settings, config, on.instances().getAsLong(), appVersion);
		return new NodeClusterMembership(options, on.randoms().get(), NodeClusterMembership.DEFAULT_SUBSCRIBER_CAPACITY,
				on);
	}

	/** The node's options, with an instance id drawn from the system clock and a secure random. */
	static NodeOptions nodeOptions(GossipSettings settings, ClusterConfig config) {
		return nodeOptions(settings, config, NodeRuntime.system().instances().getAsLong(), null);
	}

	/**
	 * The node's options: its settings, the roles and application version it announces and the
	 * majority-policy roles.
	 */
	static NodeOptions nodeOptions(GossipSettings settings, ClusterConfig config, long instance,
			@Nullable String appVersion) {
		RoleAssignments roles = config.roles();
		Set<String> held = roles.heldNamedRoles(config.nodeId());
		Set<String> excluded = roles.excludedNamedRoles(config.nodeId());
		return NodeOptionsFactory
			.create(settings, metadata(held, excluded, appVersion), PropertyNames.INSTANCE, instance)
			.withQuorums(config.quorums());
	}

	private static MemberMetadata metadata(Set<String> held, Set<String> excluded, @Nullable String appVersion) {
		try {
			return new MemberMetadata(held, excluded, AppVersion.withUserMetadata(Map.of(), appVersion));
		}
		catch (IllegalArgumentException ex) {
			// a configuration problem like any other: reported as one, in the start-up report
			int named = held.size() + excluded.size();
			throw new InvalidClusterPropertiesException(List.of(new Violation("cluster.roles", null,
					"names " + named + " roles (the documented five included), too many for one member record, which "
							+ "carries every named role, held or excluded, and the application version: " + ex.getMessage()
							+ "; name fewer or shorter roles")));
		}
	}

	@Bean
	@ConditionalOnSingleCandidate(NodeClusterMembership.class)
	GossipLifecycle gossipLifecycle(NodeClusterMembership membership, GossipSettings settings) {
		return new GossipLifecycle(membership, settings);
	}

	/**
	 * Also bridges a user's own {@link ClusterMembership}, if it replaces the node. On a
	 * {@link NodeRuntime} of the test kit, listeners are served where its subscribers are: at once, on
	 * the thread that advances the virtual time.
	 */
	@Bean
	@ConditionalOnSingleCandidate(ClusterMembership.class)
	ClusterEventPublisher clusterEventPublisher(ClusterMembership membership, ApplicationEventPublisher publisher,
			ObjectProvider<NodeRuntime> runtime) {
		NodeRuntime on = runtime.getIfAvailable();
		return new ClusterEventPublisher(membership, publisher,
				(on != null) ? on.subscriberDelivery() : ClusterEventPublisher::ownThread);
	}

}
