package io.github.gossip.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Joins the context of a test annotated with {@link SimulatedClusterTest} to a simulated cluster. */
final class SimulatedClusterContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		SimulatedClusterTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				SimulatedClusterTest.class);
		return (annotation != null) ? new SimulatedClusterContextCustomizer(annotation.nodeId(),
				List.of(annotation.peers()), annotation.seed(), annotation.realTime()) : null;
	}

}
