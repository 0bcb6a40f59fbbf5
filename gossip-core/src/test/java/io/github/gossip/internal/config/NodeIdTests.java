package io.github.gossip.internal.config;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodeIdTests {

	@Test
	void validIds() {
		assertThat(Stream.of("1", "node-a", "mx1.eu_west", "A".repeat(64))).allMatch(NodeId::isValid);
	}

	@Test
	void invalidIds() {
		assertThat(Stream.of("", " ", "-a", ".a", "a b", "a/b", "A".repeat(65), "é")).noneMatch(NodeId::isValid);
		assertThatIllegalArgumentException().isThrownBy(() -> new NodeId("a b")).withMessageContaining("a b");
	}

	@Test
	void numericIdsOrderNumericallyAndBeforeNames() {
		List<NodeId> ids = Stream.of("node-b", "10", "2", "node-a", "1", "99999999999999999999999")
			.map(NodeId::new)
			.sorted()
			.toList();
		assertThat(ids).extracting(NodeId::value)
			.containsExactly("1", "2", "10", "99999999999999999999999", "node-a", "node-b");
	}

}
