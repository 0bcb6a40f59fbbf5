package io.github.gossip.internal.config;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.InvalidSettingsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults of every profile, as the properties and the builder resolve them when nothing else is
 * set: changing one changes how every cluster behaves, so each is pinned here.
 */
class ProfileDefaultsTests {

	@Test
	void lan() {
		assertThat(resolved(GossipProfile.LAN)).isEqualTo(new ProtocolConfig(Duration.ofSeconds(1),
				Duration.ofMillis(500), 3, 4, 6, Duration.ofMillis(200), 3, 4, Duration.ofSeconds(30), 1400,
				Duration.ofHours(1)));
		assertThat(resolved(GossipProfile.LAN)).isEqualTo(ProtocolConfig.lan());
	}

	@Test
	void wan() {
		assertThat(resolved(GossipProfile.WAN)).isEqualTo(new ProtocolConfig(Duration.ofSeconds(5),
				Duration.ofSeconds(3), 3, 6, 6, Duration.ofMillis(500), 4, 4, Duration.ofSeconds(60), 1400,
				Duration.ofHours(1)));
	}

	@Test
	void local() {
		assertThat(resolved(GossipProfile.LOCAL)).isEqualTo(new ProtocolConfig(Duration.ofSeconds(1),
				Duration.ofMillis(200), 1, 3, 6, Duration.ofMillis(100), 3, 2, Duration.ofSeconds(15), 1400,
				Duration.ofHours(1)));
	}

	@Test
	void derivedValuesFollowTheHeartbeat() {
		ProtocolConfig wan = ProtocolConfig.Preset.WAN.at(Duration.ofSeconds(10));
		assertThat(wan.probeTimeout()).isEqualTo(Duration.ofSeconds(6));
		assertThat(wan.stateSyncInterval()).as("ten heartbeats outlast the profile's 60s").isEqualTo(Duration.ofSeconds(100));
		assertThat(wan.leaderStabilityWindow()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void everyProfileHasItsPreset() {
		for (GossipProfile profile : GossipProfile.values()) {
			assertThat(SettingsValidator.preset(profile).name()).isEqualTo(profile.name());
		}
	}

	private static ProtocolConfig resolved(GossipProfile profile) {
		ClusterSettings settings = new ClusterSettings("1", "127.0.0.1", null, 1179, "a profile test passphrase",
				List.of(), "", List.of(), null, ClusterSettings.Tuning.of(profile));
		SettingNames names = Setting::name;
		return new SettingsValidator(names, (ipv6) -> java.util.Optional.empty())
			.validate(settings, true, List.of(), InvalidSettingsException::new)
			.gossip()
			.orElseThrow()
			.tuning();
	}

}
