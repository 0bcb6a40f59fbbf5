package io.github.gossip.autoconfigure;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.gossip.internal.runtime.AppVersion;

import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;

/**
 * The application version this node announces: {@code cluster.app-version}; else the version of
 * the build info ({@link BuildProperties}, from the {@code build-info} goal of the Spring Boot build
 * plugin); else {@code spring.application.version}, which Spring Boot sets from the
 * {@code Implementation-Version} of the main class's jar; else none.
 * <p>
 * The property is the operator's word and is validated with the other {@code cluster.*} properties;
 * a version the build derived is not the operator's mistake, so one that cannot be announced is
 * logged and passed over rather than stopping the start.
 */
final class AppVersionResolver {

	static final String PROPERTY = "cluster.app-version";

	/** Set by Spring Boot from the main class's {@code Implementation-Version}. */
	static final String IMPLEMENTATION_VERSION = "spring.application.version";

	private static final Log logger = LogFactory.getLog(AppVersionResolver.class);

	private AppVersionResolver() {
	}

	/**
	 * The problem of a {@code cluster.app-version} as written, if any; blank means unset.
	 * @param written the property's value, or {@code null}
	 * @return what is wrong and what is allowed, or empty
	 */
	static Optional<String> problem(String written) {
		if (!ClusterProperties.hasText(written) || AppVersion.isValid(written.strip())) {
			return Optional.empty();
		}
		return Optional.of("is not a valid application version; allowed: " + AppVersion.ALLOWED);
	}

	/**
	 * The version to announce.
	 * @param written {@code cluster.app-version}, validated already, or {@code null}
	 * @param build the build info, if the context has it
	 * @param environment for {@code spring.application.version}
	 * @return the version, or empty for none
	 */
	static Optional<String> resolve(String written, BuildProperties build, Environment environment) {
		if (ClusterProperties.hasText(written)) {
			return Optional.of(written.strip());
		}
		if (build != null && build.getVersion() != null) {
			Optional<String> version = derived(build.getVersion(), "the build info (BuildProperties)");
			if (version.isPresent()) {
				return version;
			}
		}
		String implementation = environment.getProperty(IMPLEMENTATION_VERSION);
		if (implementation != null) {
			return derived(implementation, IMPLEMENTATION_VERSION + " (the jar's Implementation-Version)");
		}
		return Optional.empty();
	}

	private static Optional<String> derived(String version, String source) {
		String stripped = version.strip();
		if (AppVersion.isValid(stripped)) {
			return Optional.of(stripped);
		}
		logger.warn("Not announcing the application version '" + version + "' of " + source + ": allowed are "
				+ AppVersion.ALLOWED + "; set " + PROPERTY + " to announce one");
		return Optional.empty();
	}

}
