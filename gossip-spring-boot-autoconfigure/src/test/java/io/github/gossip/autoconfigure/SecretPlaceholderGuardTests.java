package io.github.gossip.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A key that Spring would read as a placeholder stops start-up before Spring's own error could print
 * it.
 */
class SecretPlaceholderGuardTests {

	private final SecretPlaceholderGuard guard = new SecretPlaceholderGuard();

	@Test
	void keyWithPlaceholderSyntaxIsRefusedWithoutShowingIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("cluster.key",
				"my-secret-passphrase-${nope}-xyz");
		assertThatExceptionOfType(InvalidClusterPropertiesException.class)
			.isThrownBy(() -> this.guard.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("cluster.key=(secret): contains '${'")
			.withMessageNotContaining("my-secret-passphrase");
	}

	@Test
	void secondaryKeysAreCheckedInEveryForm() {
		MockEnvironment commaList = new MockEnvironment().withProperty("cluster.secondary-keys",
				"a good old passphrase,another-${x}-passphrase");
		assertThatExceptionOfType(InvalidClusterPropertiesException.class)
			.isThrownBy(() -> this.guard.postProcessEnvironment(commaList, new SpringApplication()))
			.withMessageContaining("cluster.secondary-keys=(secret)");
		MockEnvironment indexed = new MockEnvironment().withProperty("cluster.secondary-keys[1]", "x${y}z-passphrase");
		assertThatExceptionOfType(InvalidClusterPropertiesException.class)
			.isThrownBy(() -> this.guard.postProcessEnvironment(indexed, new SpringApplication()))
			.withMessageContaining("cluster.secondary-keys[1]=(secret)");
	}

	@Test
	void escapedOrOrdinaryKeysPass() {
		MockEnvironment environment = new MockEnvironment().withProperty("cluster.key", "dollar \\${ kept literal")
			.withProperty("cluster.secondary-keys", "$ and { apart are fine");
		assertThatNoException().isThrownBy(() -> this.guard.postProcessEnvironment(environment, new SpringApplication()));
		assertThat(RawProperties.hasText(environment, "cluster.key")).isTrue();
	}

}
