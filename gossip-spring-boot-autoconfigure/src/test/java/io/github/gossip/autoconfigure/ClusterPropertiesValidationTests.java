package io.github.gossip.autoconfigure;

import java.net.InetAddress;
import java.util.Optional;

import io.github.gossip.internal.config.ClusterConfig;
import io.github.gossip.internal.config.GossipSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad value stops start-up with a message naming the property, the value (never a secret) and
 * what is allowed.
 */
class ClusterPropertiesValidationTests {

	private static final String KEY = ClusterPropertiesBindingTests.KEY;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class));

	private final ApplicationContextRunner enabled = this.runner.withPropertyValues("cluster.node-id=1",
			"cluster.bind-addr=127.0.0.1", "cluster.key=" + KEY);

	@Test
	void portOutOfRange() {
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-port=70000"),
				"cluster.bind-port=70000: must be a port from 1 to 65535");
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-port=0"),
				"cluster.bind-port=0: must be a port from 1 to 65535");
	}

	@Test
	void portOutOfRangeIsReportedEvenWhenGossipIsDisabled() {
		assertInvalid(this.runner.withPropertyValues("cluster.bind-port=-1"),
				"cluster.bind-port=-1: must be a port from 1 to 65535");
	}

	@Test
	void unparsablePortNamesTheProperty() {
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-port=eleven"),
				"1 invalid cluster property:", "cluster.bind-port=eleven: cannot be read; allowed: a port number from 1 to 65535");
	}

	@Test
	void unparsableDurationNamesTheProperty() {
		assertInvalid(this.enabled.withPropertyValues("cluster.heartbeat=soon"),
				"cluster.heartbeat=soon: cannot be read; allowed: a duration such as 500ms, 5s or 2m");
	}

	@Test
	void nonPositiveDurations() {
		assertInvalid(this.enabled.withPropertyValues("cluster.heartbeat=0s"),
				"cluster.heartbeat=0ms: must be a duration from 10ms to 10m (for example 500ms or 5s)");
		assertInvalid(this.enabled.withPropertyValues("cluster.heartbeat=-1s"),
				"cluster.heartbeat=-1000ms: must be a duration from 10ms to 10m");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.interval=0ms"),
				"cluster.gossip.interval=0ms: must be a duration from 10ms to 1m");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.dead-member-retention=10s"),
				"cluster.gossip.dead-member-retention=10s: must be a duration from 1m to 30d");
	}

	@Test
	void unparsableAddresses() {
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-addr=300.1.2.3"),
				"cluster.bind-addr=300.1.2.3: not a valid IPv4 address; allowed: an IPv4 address, an IPv6 address");
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-addr=fe80:::1"),
				"cluster.bind-addr=fe80:::1: not a valid IPv6 address");
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-addr=[10.0.0.1]"),
				"cluster.bind-addr=[10.0.0.1]: brackets must enclose an IPv6 address");
		assertInvalid(this.enabled.withPropertyValues("cluster.advertise-addr=my_host!"),
				"cluster.advertise-addr=my_host!: not a valid host name");
	}

	@Test
	void wildcardAdvertiseAddressIsRefused() {
		assertInvalid(this.enabled.withPropertyValues("cluster.advertise-addr=0.0.0.0"),
				"cluster.advertise-addr=0.0.0.0: a wildcard address cannot be advertised");
		assertInvalid(this.enabled.withPropertyValues("cluster.advertise-addr=[::]"),
				"cluster.advertise-addr=[::]: a wildcard address cannot be advertised");
	}

	@Test
	void wildcardBindAdvertisesALocalAddress() throws Exception {
		InetAddress local = InetAddress.getByName("192.0.2.33");
		this.enabled.withPropertyValues("cluster.bind-addr=0.0.0.0")
			.withBean(LocalAddressResolver.class, () -> (ipv6) -> Optional.of(local))
			.run((context) -> assertThat(context.getBean(GossipSettings.class).advertiseAddress().host())
				.isEqualTo("192.0.2.33"));
	}

	@Test
	void wildcardBindWithoutUsableAddressAsksForAdvertiseAddr() {
		assertInvalid(this.enabled.withPropertyValues("cluster.bind-addr=::")
			.withBean(LocalAddressResolver.class, () -> (ipv6) -> Optional.empty()),
				"cluster.advertise-addr: is not set and cluster.bind-addr=:: is a wildcard address",
				"Set cluster.advertise-addr");
	}

	@Test
	void blankSeedNamesItsIndex() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes[0]=10.0.0.1", "cluster.seed-nodes[1]= "),
				"cluster.seed-nodes[1]='': is blank; allowed: host, host:port, [ipv6] or [ipv6]:port");
	}

	@Test
	void duplicateSeedNamesBothIndexes() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=10.0.0.1,10.0.0.2,10.0.0.1:1179"),
				"cluster.seed-nodes[2]=10.0.0.1:1179: duplicates cluster.seed-nodes[0] (both are 10.0.0.1:1179)");
	}

	@Test
	void duplicateSeedsAreFoundHoweverWritten() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=[::1],[0:0:0:0:0:0:0:1]:1179"),
				"cluster.seed-nodes[1]=[0:0:0:0:0:0:0:1]:1179: duplicates cluster.seed-nodes[0]");
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=[FD00::1],[fd00::1]"),
				"cluster.seed-nodes[1]=[fd00::1]: duplicates cluster.seed-nodes[0]");
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=Seed.Example,seed.example:1179"),
				"cluster.seed-nodes[1]=seed.example:1179: duplicates cluster.seed-nodes[0]");
	}

	@Test
	void wildcardSeedIsRefused() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=0.0.0.0"),
				"cluster.seed-nodes[0]=0.0.0.0: is a wildcard address, which reaches no node");
	}

	@Test
	void bareIpv6SeedIsRefused() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes[0]=fd00::1:1180"),
				"cluster.seed-nodes[0]=fd00::1:1180: an IPv6 seed must be written in brackets");
	}

	@Test
	void roleNamesDifferingOnlyInCaseAreRefused() {
		assertInvalid(this.runner.withPropertyValues("cluster.roles.purge.stores=1", "cluster.roles.Purge.Stores=2"),
				"names the same role as cluster.roles.");
	}

	@Test
	void validationRunsEvenWithLazyInitialization() {
		this.enabled.withPropertyValues("cluster.bind-port=70000")
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(failureMessage(context)).contains("cluster.bind-port=70000"));
	}

	@Test
	void malformedSeed() {
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=10.0.0.1:99999"),
				"cluster.seed-nodes[0]=10.0.0.1:99999: port '99999' is not a number from 1 to 65535");
		assertInvalid(this.enabled.withPropertyValues("cluster.seed-nodes=[fd00::1"),
				"cluster.seed-nodes[0]=[fd00::1: missing ']'");
	}

	@Test
	void missingNodeIdWhenGossipIsEnabled() {
		assertInvalid(this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + KEY),
				"cluster.node-id: is required when gossip is enabled");
	}

	@Test
	void missingNodeIdIsFineWhenGossipIsDisabled() {
		this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ClusterConfig.class));
	}

	@Test
	void malformedNodeId() {
		assertInvalid(this.enabled.withPropertyValues("cluster.node-id=node a"),
				"cluster.node-id=node a: is not a valid node id; allowed: 1 to 64 letters, digits");
		assertInvalid(this.runner.withPropertyValues("cluster.node-id=-x"),
				"cluster.node-id=-x: is not a valid node id");
	}

	@Test
	void malformedIdInARoleList() {
		assertInvalid(this.runner.withPropertyValues("cluster.roles.purge.stores=1,node two"),
				"cluster.roles.purge.stores[1]=node two: is not a valid node id");
		assertInvalid(this.runner.withPropertyValues("cluster.roles.acme.renew=1,2,1"),
				"cluster.roles.acme.renew[2]=1: duplicates cluster.roles.acme.renew[0]");
	}

	@Test
	void keyTooShortNeverShowsTheKey() {
		this.enabled.withPropertyValues("cluster.key=hunter2").run((context) -> {
			String message = failureMessage(context);
			assertThat(message).contains("cluster.key=(secret): is too short to be safe (at least 16 characters")
				.contains("openssl rand -base64 32")
				.doesNotContain("hunter2");
		});
	}

	@Test
	void rawKeysMustHoldExactly256Bits() {
		assertInvalid(this.enabled.withPropertyValues("cluster.key=base64:AAAA"),
				"cluster.key=(secret): is a base64 key of 3 bytes, but exactly 32 are required");
		assertInvalid(this.enabled.withPropertyValues("cluster.key=hex:zz"),
				"cluster.key=(secret): starts with 'hex:' but is not valid hex");
		this.enabled.withPropertyValues("cluster.key=base64:" + "A".repeat(43) + "=")
			.run((context) -> assertThat(context.getBean(GossipSettings.class).key().isRaw()).isTrue());
		this.enabled.withPropertyValues("cluster.key=hex:" + "ab".repeat(32))
			.run((context) -> assertThat(context.getBean(GossipSettings.class).key().isRaw()).isTrue());
	}

	@Test
	void badSecondaryKeyNamesItsIndexButNotItsValue() {
		this.enabled.withPropertyValues("cluster.secondary-keys=a long enough old passphrase,tiny").run((context) -> {
			assertThat(failureMessage(context)).contains("cluster.secondary-keys[1]=(secret): is too short")
				.doesNotContain("tiny");
		});
	}

	@Test
	void malformedLabel() {
		assertInvalid(this.enabled.withPropertyValues("cluster.label=prod eu"),
				"cluster.label=prod eu: must be up to 64 letters, digits, '.', '_' or '-'");
	}

	@Test
	void tuningOutOfRange() {
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.indirect-checks=17"),
				"cluster.gossip.indirect-checks=17: must be from 0 to 16");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.suspicion-multiplier=0"),
				"cluster.gossip.suspicion-multiplier=0: must be from 1 to 100");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.suspicion-max-multiplier=101"),
				"cluster.gossip.suspicion-max-multiplier=101: must be from 1 to 100");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.fanout=0"),
				"cluster.gossip.fanout=0: must be from 1 to 32");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.retransmit-multiplier=0"),
				"cluster.gossip.retransmit-multiplier=0: must be from 1 to 100");
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.max-datagram-size=1200"),
				"cluster.gossip.max-datagram-size=1200: must be from 1232 to 9000");
	}

	@Test
	void tuningInconsistentWithTheHeartbeat() {
		assertInvalid(this.enabled.withPropertyValues("cluster.heartbeat=1s", "cluster.gossip.probe-timeout=1s"),
				"cluster.gossip.probe-timeout=1s: must be below cluster.heartbeat (1s)");
		assertInvalid(this.enabled.withPropertyValues("cluster.heartbeat=2s", "cluster.gossip.state-sync-interval=1s"),
				"cluster.gossip.state-sync-interval=1s: must be at least cluster.heartbeat (2s)");
	}

	@Test
	void unknownProfileNamesTheProperty() {
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.profile=moon"),
				"cluster.gossip.profile=moon: cannot be read; allowed: lan, wan or local");
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		this.enabled.withPropertyValues("cluster.bind-port=70000", "cluster.node-id=bad id", "cluster.key=short")
			.run((context) -> {
				InvalidClusterPropertiesException ex = findCause(context.getStartupFailure(),
						InvalidClusterPropertiesException.class);
				assertThat(ex.violations()).extracting(InvalidClusterPropertiesException.Violation::property)
					.containsExactly("cluster.node-id", "cluster.bind-port", "cluster.key");
				assertThat(ex.getMessage()).startsWith("3 invalid cluster properties:");
			});
	}

	@Test
	void aValueThatCannotBeConvertedIsReportedTogetherWithEveryOtherProblem() {
		this.runner
			.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + KEY, "cluster.bind-port=70000",
					"cluster.heartbeat=fast", "cluster.seed-nodes=bad:99999")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).as("no single-property bind report preempts the full report")
					.hasRootCauseInstanceOf(InvalidClusterPropertiesException.class);
				FailureAnalysis analysis = new InvalidClusterPropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("4 invalid cluster properties:")
					.contains("cluster.heartbeat=fast: cannot be read; allowed: a duration such as 500ms, 5s or 2m")
					.contains("cluster.bind-port=70000: must be a port from 1 to 65535")
					.contains("cluster.seed-nodes[0]=bad:99999: port '99999' is not a number from 1 to 65535")
					.contains("cluster.node-id: is required when gossip is enabled");
			});
	}

	@Test
	void unreadableValuesAreExplainedWithWhatIsAllowed() {
		assertInvalid(this.enabled.withPropertyValues("cluster.gossip.interval=fast", "cluster.gossip.fanout=many"),
				"2 invalid cluster properties:",
				"cluster.gossip.interval=fast: cannot be read; allowed: a duration such as 500ms, 5s or 2m",
				"cluster.gossip.fanout=many: cannot be read; allowed: a whole number");
	}

	@Test
	void theFullReportWinsAlsoWhenAnApplicationBeanReadsThePropertiesFirst() {
		this.runner.withUserConfiguration(ReadsClusterProperties.class)
			.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.key=" + KEY, "cluster.heartbeat=fast",
					"cluster.bind-port=70000")
			.run((context) -> assertThat(failureMessage(context)).startsWith("3 invalid cluster properties:")
				.contains("cluster.heartbeat=fast: cannot be read", "cluster.bind-port=70000", "cluster.node-id"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadsClusterProperties {

		@Bean
		String applicationBeanReadingTheHeartbeat(ClusterProperties properties) {
			return String.valueOf(properties.heartbeat());
		}

	}

	@Test
	void rolesTooManyForOneMemberRecordAreReportedAsAnInvalidProperty() {
		// every role that cluster.roles names travels in every node's record, held or excluded
		String[] roles = new String[40];
		for (int i = 0; i < roles.length; i++) {
			roles[i] = "cluster.roles.reports.nightly-summary-" + i + "=2";
		}
		this.enabled.withConfiguration(AutoConfigurations.of(GossipAutoConfiguration.class))
			.withPropertyValues(roles)
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidClusterPropertiesException ex = findCause(context.getStartupFailure(),
						InvalidClusterPropertiesException.class);
				assertThat(ex.violations()).singleElement().satisfies((violation) -> {
					assertThat(violation.property()).isEqualTo("cluster.roles");
					assertThat(violation.problem()).contains("45 roles")
						.contains("at most " + io.github.gossip.internal.protocol.MemberMetadata.MAX_ENCODED_BYTES + " bytes");
				});
				assertThat(new InvalidClusterPropertiesFailureAnalyzer().analyze(context.getStartupFailure()))
					.isNotNull();
			});
	}

	@Test
	void failureAnalysisListsThePropertiesWithoutStackTrace() {
		this.enabled.withPropertyValues("cluster.bind-port=70000").run((context) -> {
			FailureAnalysis analysis = new InvalidClusterPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("cluster.bind-port=70000: must be a port from 1 to 65535");
			assertThat(analysis.getAction()).contains("Correct the cluster properties");
		});
	}

	private static void assertInvalid(ApplicationContextRunner runner, String... expected) {
		runner.run((context) -> assertThat(failureMessage(context)).contains(expected));
	}

	private static String failureMessage(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class).getMessage();
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

}
