package io.github.gossip.autoconfigure;

import java.util.List;

import io.github.gossip.config.InvalidSettingsException;

/**
 * Thrown at start-up when one or more {@code cluster.*} properties are invalid. Lists every problem
 * at once so that a user fixes the configuration in one go; start-up reports it without a stack
 * trace.
 */
public class InvalidClusterPropertiesException extends InvalidSettingsException {

	/**
	 * @param violations the invalid properties, in the order they were found
	 */
	public InvalidClusterPropertiesException(List<Violation> violations) {
		super("cluster property", "cluster properties", violations);
	}

}
