package io.github.gossip.internal.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClusterKeyTests {

	@Test
	void passphraseIsNeverShown() {
		ClusterKey key = ClusterKey.of("a passphrase long enough");
		assertThat(key.isRaw()).isFalse();
		assertThat(key).hasToString("ClusterKey[passphrase, ******]");
	}

	@Test
	void rawKeys() {
		ClusterKey base64 = ClusterKey.of("base64:" + "q".repeat(43) + "=");
		assertThat(base64.isRaw()).isTrue();
		assertThat(base64.rawKey()).hasSize(32);
		assertThat(base64.toString()).doesNotContain("qqqq");
		assertThat(ClusterKey.of("hex:" + "0f".repeat(32)).rawKey()).hasSize(32);
	}

	@Test
	void refusals() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterKey.of("short"))
			.withMessageStartingWith("is too short to be safe (at least 16 characters are required)")
			.withMessageNotContaining("short\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterKey.of(" a passphrase long enough"))
			.withMessageContaining("leading or trailing whitespace");
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterKey.of("hex:" + "0f".repeat(16)))
			.withMessageStartingWith("is a hex key of 16 bytes, but exactly 32 are required");
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterKey.of("base64:!!!"))
			.withMessageStartingWith("starts with 'base64:' but is not valid base64");
	}

}
