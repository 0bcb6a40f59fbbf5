package io.github.gossip.test;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/** The customizer is part of the test context cache's key: equal exactly when the annotations agree. */
class SimulatedClusterContextCustomizerTests {

	private final SimulatedClusterContextCustomizerFactory factory = new SimulatedClusterContextCustomizerFactory();

	@Test
	void testsWithTheSameAnnotationShareAContext() {
		ContextCustomizer first = this.factory.createContextCustomizer(NodeTwo.class, List.of());
		ContextCustomizer second = this.factory.createContextCustomizer(AlsoNodeTwo.class, List.of());
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
	}

	@Test
	void anyDifferenceMakesAnotherContext() {
		ContextCustomizer two = this.factory.createContextCustomizer(NodeTwo.class, List.of());
		assertThat(two).isNotEqualTo(this.factory.createContextCustomizer(OtherPeers.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(OtherSeed.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(RealTime.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(Defaults.class, List.of()));
	}

	@Test
	void aTestWithoutTheAnnotationIsLeftAlone() {
		assertThat(this.factory.createContextCustomizer(String.class, List.of())).isNull();
	}

	@Test
	void nestedAndSubclassedTestsFindTheAnnotation() {
		assertThat(this.factory.createContextCustomizer(NodeTwo.Inner.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(NodeTwo.class, List.of()));
		assertThat(this.factory.createContextCustomizer(SubclassOfNodeTwo.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(NodeTwo.class, List.of()));
	}

	@SimulatedClusterTest(nodeId = "2", peers = { "1", "3" }, seed = 42)
	static class NodeTwo {

		@org.junit.jupiter.api.Nested
		class Inner {

		}

	}

	@SimulatedClusterTest(nodeId = "2", peers = { "1", "3" }, seed = 42)
	static class AlsoNodeTwo {

	}

	static class SubclassOfNodeTwo extends NodeTwo {

	}

	@SimulatedClusterTest(nodeId = "2", peers = { "1", "3", "4" }, seed = 42)
	static class OtherPeers {

	}

	@SimulatedClusterTest(nodeId = "2", peers = { "1", "3" }, seed = 43)
	static class OtherSeed {

	}

	@SimulatedClusterTest(nodeId = "2", peers = { "1", "3" }, seed = 42, realTime = true)
	static class RealTime {

	}

	@SimulatedClusterTest
	static class Defaults {

	}

}
