package io.github.gossip.internal.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Hosts and seeds in every written form; parsing never resolves a name.
 */
class AddressParsingTests {

	@Test
	void hostForms() {
		assertThat(HostAddress.parse("10.1.2.3")).isEqualTo(new HostAddress("10.1.2.3", HostAddress.Kind.IPV4));
		assertThat(HostAddress.parse("::")).isEqualTo(new HostAddress("::", HostAddress.Kind.IPV6));
		assertThat(HostAddress.parse("[::]")).isEqualTo(new HostAddress("::", HostAddress.Kind.IPV6));
		assertThat(HostAddress.parse("fd00::1:2")).isEqualTo(new HostAddress("fd00::1:2", HostAddress.Kind.IPV6));
		assertThat(HostAddress.parse("::ffff:10.0.0.1").kind()).isEqualTo(HostAddress.Kind.IPV6);
		assertThat(HostAddress.parse("Mail-1.Example.ORG"))
			.isEqualTo(new HostAddress("mail-1.example.org", HostAddress.Kind.HOST_NAME));
		assertThat(HostAddress.parse("localhost").kind()).isEqualTo(HostAddress.Kind.HOST_NAME);
	}

	@Test
	void zoneIdsAreRefusedWhateverTheInterface() {
		for (String zoned : new String[] { "fe80::1%eth0", "[fe80::1%lo]", "fe80::1%1", "fe80::1%nosuchif0" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse(zoned))
				.withMessageStartingWith("IPv6 zone ids (%...) are not supported");
		}
	}

	@Test
	void canonicalFormIgnoresSpelling() {
		assertThat(HostAddress.parse("[::1]").canonical()).isEqualTo(HostAddress.parse("0:0:0:0:0:0:0:1").canonical());
		assertThat(HostAddress.parse("FD00::1").canonical()).isEqualTo(HostAddress.parse("fd00::1").canonical());
		assertThat(HostAddress.parse("Seed.Example").canonical()).isEqualTo("seed.example");
	}

	@Test
	void wildcards() {
		assertThat(HostAddress.parse("0.0.0.0").isWildcard()).isTrue();
		assertThat(HostAddress.parse("::").isWildcard()).isTrue();
		assertThat(HostAddress.parse("[::]").isWildcard()).isTrue();
		assertThat(HostAddress.parse("127.0.0.1").isWildcard()).isFalse();
		assertThat(HostAddress.parse("example.org").isWildcard()).isFalse();
	}

	@Test
	void badHosts() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("256.0.0.1"))
			.withMessage("not a valid IPv4 address");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("1.2.3"))
			.withMessage("not a valid IPv4 address");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("[::1"))
			.withMessage("unbalanced brackets");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("gg::1"))
			.withMessage("not a valid IPv6 address");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("-bad.example"))
			.withMessage("not a valid host name");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("a..b"))
			.withMessage("not a valid host name");
		assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse("x".repeat(64) + ".org"))
			.withMessage("not a valid host name");
	}

	@Test
	void seedForms() {
		assertThat(SeedNode.parse("10.0.0.1", 1179)).hasToString("10.0.0.1:1179");
		assertThat(SeedNode.parse(" 10.0.0.1:1180 ", 1179)).hasToString("10.0.0.1:1180");
		assertThat(SeedNode.parse("[fd00::1]", 1179)).hasToString("[fd00::1]:1179");
		assertThat(SeedNode.parse("[fd00::1]:1181", 1179)).hasToString("[fd00::1]:1181");
		assertThat(SeedNode.parse("seed.example:1182", 1179)).hasToString("seed.example:1182");
	}

	@Test
	void badSeeds() {
		assertThatIllegalArgumentException().isThrownBy(() -> SeedNode.parse("10.0.0.1:", 1179))
			.withMessage("port '' is not a number from 1 to 65535");
		assertThatIllegalArgumentException().isThrownBy(() -> SeedNode.parse("10.0.0.1:0", 1179))
			.withMessage("port '0' is not a number from 1 to 65535");
		assertThatIllegalArgumentException().isThrownBy(() -> SeedNode.parse("[fd00::1]1180", 1179))
			.withMessage("expected ':port' after ']'");
		assertThatIllegalArgumentException().isThrownBy(() -> SeedNode.parse("[10.0.0.1]:1180", 1179))
			.withMessage("brackets must enclose an IPv6 address");
		// is it fd00::1 port 1180, or the address fd00::1:1180? Brackets make the user say.
		assertThatIllegalArgumentException().isThrownBy(() -> SeedNode.parse("fd00::1:1180", 1179))
			.withMessage("an IPv6 seed must be written in brackets, [v6] or [v6]:port");
	}

	@Property
	void seedsRoundTripThroughTheirWrittenForm(@ForAll @IntRange(min = 0, max = 255) int a,
			@ForAll @IntRange(min = 0, max = 65535) int group, @ForAll @IntRange(min = 1, max = 65535) int port,
			@ForAll boolean ipv6) {
		String host = ipv6 ? "[fd00::" + Integer.toHexString(group) + ":" + a + "]" : "10.0." + (group % 256) + "." + a;
		SeedNode seed = SeedNode.parse(host + ":" + port, 1179);
		assertThat(seed.port()).isEqualTo(port);
		assertThat(SeedNode.parse(seed.toString(), 1)).isEqualTo(seed);
	}

}
