package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.gossip.autoconfigure.ClusterProperties.GossipProperties;
import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.ClusterSettings;
import io.github.gossip.internal.config.SettingsValidator;
import io.github.gossip.config.InvalidSettingsException.Violation;

/**
 * Validates {@link ClusterProperties} by the rules that the plain-Java builder shares, naming every
 * problem after its property, and turns them into a {@link ClusterConfig}.
 */
final class ClusterConfigFactory {

	private final SettingsValidator validator;

	ClusterConfigFactory(LocalAddressResolver localAddresses) {
		this.validator = new SettingsValidator(PropertyNames.INSTANCE, localAddresses::advertisable);
	}

	/**
	 * Validates and resolves the properties, reporting together with their problems those found
	 * before binding finished, such as values that could not even be converted (bound as unset).
	 * @param properties the bound properties
	 * @param bindingProblems the problems found while binding, reported first
	 * @return the configuration
	 * @throws InvalidClusterPropertiesException listing every invalid property
	 */
	ClusterConfig create(ClusterProperties properties, List<Violation> bindingProblems) {
		GossipProperties gossip = properties.gossip();
		ClusterSettings settings = new ClusterSettings(properties.nodeId(), properties.bindAddr(),
				properties.advertiseAddr(), properties.bindPort(), properties.key(), properties.secondaryKeys(),
				properties.label(), properties.seedNodes(), properties.roles(),
				new ClusterSettings.Tuning(gossip.profile(), properties.heartbeat(), gossip.probeTimeout(),
						gossip.indirectChecks(), gossip.suspicionMultiplier(), gossip.suspicionMaxMultiplier(),
						gossip.interval(), gossip.fanout(), gossip.retransmitMultiplier(), gossip.stateSyncInterval(),
						gossip.maxDatagramSize(), gossip.deadMemberRetention()),
				new ClusterSettings.Leadership(properties.leadership().policy(), properties.leadership().quorum()));
		// not a setting of the core: only the properties derive a default (from the build), so only
		// they validate it, with everything else
		List<Violation> problems = new ArrayList<>(bindingProblems);
		AppVersionResolver.problem(properties.appVersion())
			.ifPresent((problem) -> problems.add(
					new Violation(AppVersionResolver.PROPERTY, "'" + properties.appVersion() + "'", problem)));
		return this.validator.validate(settings, properties.gossipEnabled(), problems,
				InvalidClusterPropertiesException::new);
	}

}
