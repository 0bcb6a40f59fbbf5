package io.github.gossip.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stalwart's own example writes {@code [cluste.roles.purge]}: such near misses are named in a WARN.
 */
@ExtendWith(OutputCaptureExtension.class)
class MisspelledPrefixWarningTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class));

	@Test
	void warnsAboutTheDocumentationTypo(CapturedOutput output) {
		this.runner.withPropertyValues("cluste.roles.purge.stores=1", "cluster.node-id=1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("WARN")
				.contains("Ignoring properties that look like a misspelling of the 'cluster.' prefix: "
						+ "[cluste.roles.purge.stores]. Did you mean [cluster.roles.purge.stores]?");
		});
	}

	@Test
	void warnsAboutTranspositionsAndExtraLetters(CapturedOutput output) {
		this.runner.withPropertyValues("culster.node-id=1", "clusterr.key=x").run((context) -> {
			assertThat(output).contains("WARN")
				.contains("[clusterr.key, culster.node-id]")
				.contains("Did you mean [cluster.key, cluster.node-id]?");
		});
	}

	@Test
	void quietForCorrectAndUnrelatedNames(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.node-id=1", "clusters=3", "counter.x=1", "spring.main.banner-mode=off")
			.run((context) -> assertThat(output).doesNotContain("misspelling"));
	}

	@Test
	void nearMissRule() {
		assertThat(MisspelledPrefixWarning.isNearMiss("cluste")).isTrue();
		assertThat(MisspelledPrefixWarning.isNearMiss("clustr")).isTrue();
		assertThat(MisspelledPrefixWarning.isNearMiss("culster")).isTrue();
		assertThat(MisspelledPrefixWarning.isNearMiss("clusters")).isTrue();
		assertThat(MisspelledPrefixWarning.isNearMiss("cluster")).isFalse();
		assertThat(MisspelledPrefixWarning.isNearMiss("custom")).isFalse();
		assertThat(MisspelledPrefixWarning.isNearMiss("server")).isFalse();
		assertThat(MisspelledPrefixWarning.isNearMiss("luster")).isTrue();
	}

}
