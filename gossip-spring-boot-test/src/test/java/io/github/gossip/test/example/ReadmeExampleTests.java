package io.github.gossip.test.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's section "Testing your cluster jobs" shows these files as they are, indented with spaces. */
class ReadmeExampleTests {

	private static final Path EXAMPLES = Path.of("src/test/java/io/github/gossip/test/example");

	@ParameterizedTest
	@ValueSource(strings = { "PurgeApplication.java", "StorePurge.java", "StorePurgeFailoverTests.java",
			"PurgeOnThreeNodesTests.java", "SplitAndHealTests.java" })
	void theReadmeShowsTheExampleAsItRuns(String file) throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String code = Files.readString(EXAMPLES.resolve(file)).strip().replace("\t", "    ");
		assertThat(readme).contains("```java\n" + code + "\n```");
	}

}
