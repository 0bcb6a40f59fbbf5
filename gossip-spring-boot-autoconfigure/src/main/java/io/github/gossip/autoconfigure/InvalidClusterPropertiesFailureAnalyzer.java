package io.github.gossip.autoconfigure;


import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns invalid {@code cluster.*} properties into Spring Boot's "APPLICATION FAILED TO START" report,
 * one line per property, instead of a stack trace.
 */
class InvalidClusterPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidClusterPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidClusterPropertiesException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the cluster properties listed above, in application.yml, application.properties, "
						+ "command-line arguments or environment variables.",
				cause);
	}

}
