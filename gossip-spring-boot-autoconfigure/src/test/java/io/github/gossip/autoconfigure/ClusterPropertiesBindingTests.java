package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import io.github.gossip.internal.config.HostAddress;
import io.github.gossip.internal.config.NodeId;
import io.github.gossip.internal.config.SeedNode;
import io.github.gossip.config.GossipProfile;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each {@code cluster.*} property binds, in each accepted form, and its default.
 */
class ClusterPropertiesBindingTests {

	static final String KEY = "correct horse battery staple";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class));

	private final ApplicationContextRunner enabled = this.runner.withPropertyValues("cluster.node-id=1",
			"cluster.bind-addr=127.0.0.1", "cluster.key=" + KEY);

	@Test
	void defaultsWhenNothingIsSet() {
		this.runner.run((context) -> {
			ClusterProperties properties = context.getBean(ClusterProperties.class);
			assertThat(properties.nodeId()).isNull();
			assertThat(properties.bindAddr()).isNull();
			assertThat(properties.advertiseAddr()).isNull();
			assertThat(properties.bindPort()).isEqualTo(1179);
			assertThat(properties.key()).isNull();
			assertThat(properties.secondaryKeys()).isEmpty();
			assertThat(properties.label()).isEmpty();
			assertThat(properties.heartbeat()).isNull();
			assertThat(properties.seedNodes()).isEmpty();
			assertThat(properties.roles()).isEmpty();
			assertThat(properties.gossip().profile()).isEqualTo(GossipProfile.LAN);
			ClusterConfig config = context.getBean(ClusterConfig.class);
			assertThat(config.nodeId()).isEmpty();
			assertThat(config.gossip()).isEmpty();
		});
	}

	@Test
	void defaultsOfAnEnabledNode() {
		this.enabled.run((context) -> {
			GossipSettings settings = context.getBean(GossipSettings.class);
			assertThat(settings.nodeId()).isEqualTo(new NodeId("1"));
			assertThat(settings.bindPort()).isEqualTo(1179);
			assertThat(settings.bindAddress()).isEqualTo(new HostAddress("127.0.0.1", HostAddress.Kind.IPV4));
			assertThat(settings.advertiseAddress()).isEqualTo(settings.bindAddress());
			assertThat(settings.seeds()).isEmpty();
			assertThat(settings.secondaryKeys()).isEmpty();
			assertThat(settings.label()).isEmpty();
			assertThat(settings.tuning().probeInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(settings.tuning().probeTimeout()).isEqualTo(Duration.ofMillis(500));
			assertThat(settings.tuning().indirectChecks()).isEqualTo(3);
			assertThat(settings.tuning().suspicionMultiplier()).isEqualTo(4);
			assertThat(settings.tuning().suspicionMaxMultiplier()).isEqualTo(6);
			assertThat(settings.tuning().gossipInterval()).isEqualTo(Duration.ofMillis(200));
			assertThat(settings.tuning().gossipFanout()).isEqualTo(3);
			assertThat(settings.tuning().retransmitMultiplier()).isEqualTo(4);
			assertThat(settings.tuning().stateSyncInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.tuning().maxDatagramSize()).isEqualTo(1400);
			assertThat(settings.tuning().deadMemberRetention()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void bindsScalarProperties() {
		this.enabled
			.withPropertyValues("cluster.node-id=node-a", "cluster.bind-addr=10.0.0.5", "cluster.advertise-addr=192.0.2.7",
					"cluster.bind-port=11790", "cluster.label=prod-eu")
			.run((context) -> {
				GossipSettings settings = context.getBean(GossipSettings.class);
				assertThat(settings.nodeId().value()).isEqualTo("node-a");
				assertThat(settings.bindAddress().host()).isEqualTo("10.0.0.5");
				assertThat(settings.advertiseAddress().host()).isEqualTo("192.0.2.7");
				assertThat(settings.bindPort()).isEqualTo(11790);
				assertThat(settings.label()).isEqualTo("prod-eu");
				assertThat(settings.key().secret()).isEqualTo(KEY);
			});
	}

	@Test
	void bindsIpv6InBothForms() {
		this.enabled.withPropertyValues("cluster.bind-addr=[::1]").run((context) -> {
			assertThat(context.getBean(GossipSettings.class).bindAddress())
				.isEqualTo(new HostAddress("::1", HostAddress.Kind.IPV6));
		});
		this.enabled.withPropertyValues("cluster.bind-addr=::1").run((context) -> {
			assertThat(context.getBean(GossipSettings.class).bindAddress())
				.isEqualTo(new HostAddress("::1", HostAddress.Kind.IPV6));
		});
	}

	@Test
	void bindsAHostName() {
		this.enabled.withPropertyValues("cluster.bind-addr=Node1.Example.org").run((context) -> {
			GossipSettings settings = context.getBean(GossipSettings.class);
			assertThat(settings.bindAddress()).isEqualTo(new HostAddress("node1.example.org", HostAddress.Kind.HOST_NAME));
			assertThat(settings.advertiseAddress()).isEqualTo(settings.bindAddress());
		});
	}

	@Test
	void blankAdvertiseAddressMeansUnset() {
		this.enabled.withPropertyValues("cluster.advertise-addr=  ").run((context) -> {
			GossipSettings settings = context.getBean(GossipSettings.class);
			assertThat(settings.advertiseAddress().host()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void heartbeatDurationForms() {
		assertHeartbeat("5s", Duration.ofSeconds(5));
		assertHeartbeat("500ms", Duration.ofMillis(500));
		assertHeartbeat("750", Duration.ofMillis(750));
		assertHeartbeat("PT2S", Duration.ofSeconds(2));
		assertHeartbeat("1m", Duration.ofMinutes(1));
		this.enabled.withPropertyValues("cluster.heartbeat=10s")
			.run((context) -> assertThat(context.getBean(GossipSettings.class).tuning().stateSyncInterval())
				.isEqualTo(Duration.ofSeconds(100)));
	}

	private void assertHeartbeat(String value, Duration expected) {
		this.enabled.withPropertyValues("cluster.heartbeat=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			GossipSettings settings = context.getBean(GossipSettings.class);
			assertThat(settings.tuning().probeInterval()).isEqualTo(expected);
			// the probe timeout follows the heartbeat unless set
			assertThat(settings.tuning().probeTimeout()).isEqualTo(expected.dividedBy(2));
		});
	}

	@Test
	void seedNodesAsCommaSeparatedList() {
		this.enabled.withPropertyValues("cluster.seed-nodes=10.0.0.1, 10.0.0.2:1200,[fd00::1],[fd00::2]:1300,seed.example")
			.run((context) -> assertThat(context.getBean(GossipSettings.class).seeds()).containsExactly(
					new SeedNode(new HostAddress("10.0.0.1", HostAddress.Kind.IPV4), 1179),
					new SeedNode(new HostAddress("10.0.0.2", HostAddress.Kind.IPV4), 1200),
					new SeedNode(new HostAddress("fd00::1", HostAddress.Kind.IPV6), 1179),
					new SeedNode(new HostAddress("fd00::2", HostAddress.Kind.IPV6), 1300),
					new SeedNode(new HostAddress("seed.example", HostAddress.Kind.HOST_NAME), 1179)));
	}

	@Test
	void seedNodesAsIndexedListTakeTheBindPortAsDefault() {
		this.enabled
			.withPropertyValues("cluster.bind-port=2000", "cluster.seed-nodes[0]=10.0.0.1",
					"cluster.seed-nodes[1]=10.0.0.2:3000")
			.run((context) -> assertThat(context.getBean(GossipSettings.class).seeds()).extracting(SeedNode::toString)
				.containsExactly("10.0.0.1:2000", "10.0.0.2:3000"));
	}

	@Test
	void rolesAsCommaSeparatedAndIndexedLists() {
		this.runner
			.withPropertyValues("cluster.node-id=2", "cluster.roles.purge.stores=1, 2",
					"cluster.roles.acme.renew[0]=3", "cluster.roles.metrics.push=", "cluster.roles.custom.thing=2")
			.run((context) -> {
				ClusterConfig config = context.getBean(ClusterConfig.class);
				assertThat(config.roles().listed("purge.stores")).containsExactly(new NodeId("1"), new NodeId("2"));
				assertThat(config.roles().listed("acme.renew")).containsExactly(new NodeId("3"));
				assertThat(config.roles().listed("metrics.push")).isEmpty();
				assertThat(config.holdsRole("purge.stores")).isTrue();
				assertThat(config.holdsRole("acme.renew")).isFalse();
				assertThat(config.holdsRole("metrics.push")).isTrue();
				assertThat(config.holdsRole("metrics.calculate")).isTrue();
				assertThat(config.holdsRole("custom.thing")).isTrue();
			});
	}

	@Test
	void bindsTheDocumentationExampleWrittenInYaml() throws Exception {
		String yaml = """
				cluster:
				  node-id: 1
				  bind-addr: "[::]"
				  advertise-addr: 192.0.2.10
				  bind-port: 1179
				  key: "my-secret-key-of-decent-length"
				  heartbeat: 1s
				  seed-nodes: ["192.0.2.11", "192.0.2.12:1180"]
				  roles:
				    purge:
				      stores: ["1", "2"]
				      accounts: []
				    acme:
				      renew: [1]
				    metrics:
				      calculate: ["1"]
				      push: ["2"]
				""";
		var sources = new YamlPropertySourceLoader().load("example", new ByteArrayResource(yaml.getBytes()));
		this.runner.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addLast))
			.run((context) -> {
				GossipSettings settings = context.getBean(GossipSettings.class);
				assertThat(settings.bindAddress().isWildcard()).isTrue();
				assertThat(settings.advertiseAddress().host()).isEqualTo("192.0.2.10");
				assertThat(settings.seeds()).extracting(SeedNode::toString)
					.containsExactly("192.0.2.11:1179", "192.0.2.12:1180");
				ClusterConfig config = context.getBean(ClusterConfig.class);
				assertThat(config.holdsRole("purge.stores")).isTrue();
				assertThat(config.holdsRole("purge.accounts")).isTrue();
				assertThat(config.holdsRole("acme.renew")).isTrue();
				assertThat(config.holdsRole("metrics.calculate")).isTrue();
				assertThat(config.holdsRole("metrics.push")).isFalse();
			});
	}

	@Test
	void secondaryKeysBindAsAList() {
		this.enabled.withPropertyValues("cluster.secondary-keys=old passphrase one, old passphrase two")
			.run((context) -> assertThat(context.getBean(GossipSettings.class).secondaryKeys()).hasSize(2));
	}

	@Test
	void profilesSupplyTheUnsetTuning() {
		this.enabled.withPropertyValues("cluster.gossip.profile=wan").run((context) -> {
			var tuning = context.getBean(GossipSettings.class).tuning();
			assertThat(tuning.probeInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(tuning.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(tuning.suspicionMultiplier()).isEqualTo(6);
			assertThat(tuning.gossipInterval()).isEqualTo(Duration.ofMillis(500));
			assertThat(tuning.gossipFanout()).isEqualTo(4);
			assertThat(tuning.stateSyncInterval()).isEqualTo(Duration.ofSeconds(60));
		});
		this.enabled.withPropertyValues("cluster.gossip.profile=LOCAL", "cluster.heartbeat=2s").run((context) -> {
			var tuning = context.getBean(GossipSettings.class).tuning();
			assertThat(tuning.probeInterval()).isEqualTo(Duration.ofSeconds(2));
			assertThat(tuning.probeTimeout()).isEqualTo(Duration.ofMillis(400));
			assertThat(tuning.suspicionMultiplier()).isEqualTo(3);
			assertThat(tuning.gossipInterval()).isEqualTo(Duration.ofMillis(100));
			assertThat(tuning.retransmitMultiplier()).isEqualTo(2);
			// ten heartbeats (20s) outlast the profile's 15s
			assertThat(tuning.stateSyncInterval()).isEqualTo(Duration.ofSeconds(20));
		});
	}

	@Test
	void explicitTuningOverridesTheProfile() {
		this.enabled
			.withPropertyValues("cluster.gossip.profile=wan", "cluster.gossip.probe-timeout=800ms",
					"cluster.gossip.indirect-checks=5", "cluster.gossip.suspicion-multiplier=7",
					"cluster.gossip.suspicion-max-multiplier=3", "cluster.gossip.interval=250ms",
					"cluster.gossip.fanout=6", "cluster.gossip.retransmit-multiplier=5",
					"cluster.gossip.state-sync-interval=2m", "cluster.gossip.max-datagram-size=1232",
					"cluster.gossip.dead-member-retention=6h")
			.run((context) -> {
				var tuning = context.getBean(GossipSettings.class).tuning();
				assertThat(context.getBean(ClusterProperties.class).gossip().profile()).isEqualTo(GossipProfile.WAN);
				assertThat(tuning.probeInterval()).as("unset, from the profile").isEqualTo(Duration.ofSeconds(5));
				assertThat(tuning.probeTimeout()).isEqualTo(Duration.ofMillis(800));
				assertThat(tuning.indirectChecks()).isEqualTo(5);
				assertThat(tuning.suspicionMultiplier()).isEqualTo(7);
				assertThat(tuning.suspicionMaxMultiplier()).isEqualTo(3);
				assertThat(tuning.gossipInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(tuning.gossipFanout()).isEqualTo(6);
				assertThat(tuning.retransmitMultiplier()).isEqualTo(5);
				assertThat(tuning.stateSyncInterval()).isEqualTo(Duration.ofMinutes(2));
				assertThat(tuning.maxDatagramSize()).isEqualTo(1232);
				assertThat(tuning.deadMemberRetention()).isEqualTo(Duration.ofHours(6));
			});
	}

	@Test
	void relaxedNamesBind() {
		this.runner.withPropertyValues("cluster.nodeId=7", "cluster.seed_nodes=10.0.0.1")
			.run((context) -> {
				assertThat(context.getBean(ClusterConfig.class).nodeId()).contains(new NodeId("7"));
				assertThat(context.getBean(ClusterProperties.class).seedNodes()).isEqualTo(List.of("10.0.0.1"));
			});
	}

}
