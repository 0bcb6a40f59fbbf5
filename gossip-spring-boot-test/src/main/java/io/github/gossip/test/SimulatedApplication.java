package io.github.gossip.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application that a node of a {@link SimulatedCluster} runs as its process: what to
 * start for each process of the node, a new context each time.
 */
final class SimulatedApplication {

	/**
	 * What a node's application gets unless its configuration or the test says otherwise: no web
	 * server, since several nodes share one JVM (a test that wants one sets
	 * {@code spring.main.web-application-type} and {@code server.port=0}).
	 */
	private static final Map<String, Object> DEFAULTS = Map.of("spring.main.web-application-type", "none");

	private final Class<?> source;

	private final List<String> arguments;

	/**
	 * @param source the application's configuration, typically its {@code @SpringBootApplication} class
	 * @param properties {@code name=value} pairs, which win over the application's own configuration
	 */
	SimulatedApplication(Class<?> source, String... properties) {
		this.source = Objects.requireNonNull(source, "source");
		List<String> arguments = new ArrayList<>(properties.length);
		for (String property : properties) {
			if (property == null || property.indexOf('=') < 1) {
				throw new IllegalArgumentException("A property is 'name=value', not '" + property + "'");
			}
			arguments.add("--" + property);
		}
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * Starts a process of the application: the properties of the test as command-line arguments, so
	 * that they win over the application's configuration (and the kit's {@code cluster.*} over both,
	 * through {@code joining}); no shutdown hook, the kit closes the context.
	 */
	ConfigurableApplicationContext run(ApplicationContextInitializer<ConfigurableApplicationContext> joining) {
		SpringApplication application = new SpringApplication(this.source);
		application.setDefaultProperties(DEFAULTS);
		application.setBannerMode(Banner.Mode.OFF);
		application.setRegisterShutdownHook(false);
		application.addInitializers(joining);
		return application.run(this.arguments.toArray(String[]::new));
	}

	@Override
	public String toString() {
		return this.source.getName() + ((this.arguments.isEmpty()) ? "" : " " + this.arguments);
	}

}
