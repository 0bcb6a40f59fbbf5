package io.github.gossip.node;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.github.gossip.config.GossipProfile;
import io.github.gossip.config.InvalidSettingsException;
import io.github.gossip.config.InvalidSettingsException.Violation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder checks its settings by the rules of the {@code cluster.*} properties, one rule family
 * per test, and names each problem after the builder's own method, with the value (never a key)
 * and what is allowed.
 */
class ClusterNodeBuilderTests {

	private static final String KEY = "a builder test passphrase";

	private static ClusterNodeBuilder valid() {
		return ClusterNode.builder().nodeId("1").bind("127.0.0.1", 11790).key(KEY);
	}

	@Test
	void nodeIdIsRequiredAndWellFormed() {
		assertInvalid((b) -> b.nodeId(null), "1 invalid setting:",
				"nodeId: is required; set it to an id unique in the cluster: 1 to 64 letters, digits");
		assertInvalid((b) -> b.nodeId("node a"), "nodeId=node a: is not a valid node id; allowed: 1 to 64 letters");
	}

	@Test
	void keyIsRequiredStrongAndNeverShown() {
		assertInvalid((b) -> b.key((String) null), "key: is required; use a passphrase of at least 16 characters");
		InvalidSettingsException ex = invalid((b) -> b.key("hunter2"));
		assertThat(ex.getMessage()).contains("key=(secret): is too short to be safe (at least 16 characters")
			.doesNotContain("hunter2");
		assertInvalid((b) -> b.key(new byte[16]), "key=(secret): is a base64 key of 16 bytes, but exactly 32 are required");
		InvalidSettingsException secondary = invalid((b) -> b.secondaryKeys("an old passphrase, long", "tiny"));
		assertThat(secondary.getMessage()).contains("secondaryKeys[1]=(secret): is too short").doesNotContain("tiny");
	}

	@Test
	void rawKeysOfFullStrengthAreAccepted() {
		assertThat(valid().key(new byte[32]).secondaryKey(new byte[32]).build().nodeId()).isEqualTo("1");
	}

	@Test
	void addressesAndPort() {
		assertInvalid((b) -> b.bindAddress("300.1.2.3"),
				"bindAddress=300.1.2.3: not a valid IPv4 address; allowed: an IPv4 address, an IPv6 address");
		assertInvalid((b) -> b.advertiseAddress("0.0.0.0"),
				"advertiseAddress=0.0.0.0: a wildcard address cannot be advertised");
		assertInvalid((b) -> b.bindPort(70000), "bindPort=70000: must be a port from 1 to 65535");
	}

	@Test
	void wildcardBindAdvertisesALocalAddressOrAsksForOne() throws Exception {
		InetAddress local = InetAddress.getByName("192.0.2.33");
		ClusterNode node = valid().bindAddress("0.0.0.0").localAddresses((ipv6) -> Optional.of(local)).build();
		assertThat(node.localMember().address().getAddress()).isEqualTo(local);
		node.close();
		assertInvalid((b) -> b.bindAddress("::").localAddresses((ipv6) -> Optional.empty()),
				"advertiseAddress: is not set and bindAddress=:: is a wildcard address",
				"Set advertiseAddress to the address other nodes reach this node at");
	}

	@Test
	void label() {
		assertInvalid((b) -> b.label("prod eu"), "label=prod eu: must be up to 64 letters, digits, '.', '_' or '-'");
	}

	@Test
	void seeds() {
		assertInvalid((b) -> b.seeds("10.0.0.1", " "), "seeds[1]=' ': is blank; allowed: host, host:port, [ipv6] or [ipv6]:port");
		assertInvalid((b) -> b.seeds("10.0.0.1:99999"),
				"seeds[0]=10.0.0.1:99999: port '99999' is not a number from 1 to 65535; allowed: host, host:port");
		assertInvalid((b) -> b.seeds("0.0.0.0"), "seeds[0]=0.0.0.0: is a wildcard address, which reaches no node");
		// the port defaults to the bind port, and host + port may name an IPv6 address without brackets
		assertInvalid((b) -> b.seeds("10.0.0.1").seed("10.0.0.1", 11790),
				"seeds[1]=10.0.0.1:11790: duplicates seeds[0] (both are 10.0.0.1:11790)");
		assertInvalid((b) -> b.seeds("[fd00::1]:1180").seed("fd00::1", 1180), "seeds[1]=[fd00::1]:1180: duplicates seeds[0]");
	}

	@Test
	void tuningRanges() {
		assertInvalid((b) -> b.heartbeat(Duration.ZERO),
				"heartbeat=0ms: must be a duration from 10ms to 10m (for example 500ms or 5s)");
		assertInvalid((b) -> b.gossipInterval(Duration.ofMinutes(2)), "gossipInterval=2m: must be a duration from 10ms to 1m");
		assertInvalid((b) -> b.deadMemberRetention(Duration.ofSeconds(10)),
				"deadMemberRetention=10s: must be a duration from 1m to 30d");
		assertInvalid((b) -> b.indirectChecks(17), "indirectChecks=17: must be from 0 to 16");
		assertInvalid((b) -> b.suspicionMultiplier(0), "suspicionMultiplier=0: must be from 1 to 100");
		assertInvalid((b) -> b.suspicionMaxMultiplier(101), "suspicionMaxMultiplier=101: must be from 1 to 100");
		assertInvalid((b) -> b.fanout(33), "fanout=33: must be from 1 to 32");
		assertInvalid((b) -> b.retransmitMultiplier(0), "retransmitMultiplier=0: must be from 1 to 100");
		assertInvalid((b) -> b.maxDatagramSize(1200), "maxDatagramSize=1200: must be from 1232 to 9000");
	}

	@Test
	void tuningConsistentWithTheHeartbeat() {
		assertInvalid((b) -> b.heartbeat(Duration.ofSeconds(1)).probeTimeout(Duration.ofSeconds(1)),
				"probeTimeout=1s: must be below heartbeat (1s) so that an indirect probe fits into the same round");
		assertInvalid((b) -> b.heartbeat(Duration.ofSeconds(2)).stateSyncInterval(Duration.ofSeconds(1)),
				"stateSyncInterval=1s: must be at least heartbeat (2s)");
	}

	@Test
	void rolesAndMetadata() {
		assertInvalid((b) -> b.roles("acme.renew", " "), "roles[1]=' ': is blank; allowed: a role name such as acme.renew");
		// role names ignore case, as the properties' do
		assertInvalid((b) -> b.roles("Acme.Renew").excludedRoles("acme.renew"),
				"roles: role 'acme.renew' is both held and excluded; allowed: each role in at most one of the two");
		assertInvalid((b) -> b.metadata(Map.of("zone", "x".repeat(200))),
				"metadata: metadata value for 'zone' 'xxxx", "has 200 UTF-8 bytes; allowed: 1..128");
		String[] many = new String[40];
		for (int i = 0; i < many.length; i++) {
			many[i] = "reports.nightly-summary-" + i;
		}
		assertInvalid((b) -> b.roles(many), "roles: member metadata takes", "allowed: at most 512 bytes");
	}

	@Test
	void appVersion() {
		assertInvalid((b) -> b.appVersion("1.0 beta"),
				"appVersion='1.0 beta': is not a valid application version; allowed: 1 to 64 printable ASCII characters without spaces");
		assertInvalid((b) -> b.appVersion("1." + "0".repeat(63)), "appVersion='1.000", "allowed: 1 to 64");
		assertInvalid((b) -> b.appVersion(""), "appVersion='': is not a valid application version");
		assertInvalid((b) -> b.appVersion("1.1").metadata(Map.of("app-version", "1.0")),
				"metadata: metadata key 'app-version' is reserved for the application version, which this node announces as '1.1'");
		assertInvalid((b) -> b.metadata(Map.of("app-version", "1.0")),
				"metadata: metadata key 'app-version' is reserved", "which this node does not announce");
		ClusterNode node = valid().appVersion("2.0.0-rc.1+build.7").metadata(Map.of("zone", "a")).build();
		assertThat(node.localMember().appVersion()).contains("2.0.0-rc.1+build.7");
		assertThat(node.localMember().metadata()).containsExactlyInAnyOrderEntriesOf(
				Map.of("zone", "a", "app-version", "2.0.0-rc.1+build.7"));
		node.close();
		ClusterNode without = valid().build();
		assertThat(without.localMember().appVersion()).isEmpty();
		assertThat(without.localMember().metadata()).isEmpty();
		without.close();
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		InvalidSettingsException ex = invalid(
				(b) -> b.nodeId("bad id").bindPort(0).key("short").fanout(0).seeds("10.0.0.1:0"));
		assertThat(ex.violations()).extracting(Violation::property)
			.containsExactly("nodeId", "bindPort", "key", "seeds[0]", "fanout");
		assertThat(ex.getMessage()).startsWith("5 invalid settings:").doesNotContain("short\n");
	}

	@Test
	void aMissingBindAddressIsReportedWithTheOtherProblems() {
		InvalidSettingsException ex = invalid((b) -> b.bindAddress(" ").fanout(0));
		assertThat(ex.violations()).extracting(Violation::property).containsExactlyInAnyOrder("bindAddress", "fanout");
	}

	@Test
	void aValidNodeIsBuiltWithoutBindingItsSocket() throws Exception {
		ClusterNode node = valid().profile(GossipProfile.LOCAL).heartbeat(Duration.ofMillis(500)).build();
		try (DatagramSocket free = new DatagramSocket(11790, InetAddress.getByName("127.0.0.1"))) {
			assertThat(free.getLocalPort()).as("the node's port is still free").isEqualTo(11790);
		}
		assertThat(node.isRunning()).isFalse();
		assertThat(node.localMember().nodeId()).isEqualTo("1");
		assertThat(node.members()).singleElement().satisfies((member) -> assertThat(member.local()).isTrue());
		node.close();
	}

	private static void assertInvalid(UnaryOperator<ClusterNodeBuilder> change, String... expected) {
		assertThat(invalid(change).getMessage()).contains(expected);
	}

	private static InvalidSettingsException invalid(UnaryOperator<ClusterNodeBuilder> change) {
		ClusterNodeBuilder builder = change.apply(valid());
		try {
			builder.build().close();
		}
		catch (InvalidSettingsException ex) {
			return ex;
		}
		throw new AssertionError("The settings were accepted");
	}

}
