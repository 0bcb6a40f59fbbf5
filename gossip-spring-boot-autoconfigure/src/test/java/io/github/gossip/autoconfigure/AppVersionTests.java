package io.github.gossip.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.gossip.autoconfigure.ClusterEndpoint.AppVersionDescriptor;
import io.github.gossip.autoconfigure.ClusterEndpoint.ClusterDescriptor;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.testsupport.FreePorts;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The application version a node announces: {@code cluster.app-version}, else the build info, else
 * the jar's {@code Implementation-Version} (as Spring Boot sets {@code spring.application.version}),
 * else none; what the {@code cluster} endpoint shows of it.
 */
class AppVersionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, GossipAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1");

	private ApplicationContextRunner enabled() {
		return this.runner.withPropertyValues("cluster.bind-addr=127.0.0.1", "cluster.bind-port=" + FreePorts.udp(),
				"cluster.key=" + ClusterNodes.KEY);
	}

	@Test
	void thePropertyWinsOverTheBuildInfoAndTheJarsVersion() {
		enabled().withBean(BuildProperties.class, () -> build("1.4.2"))
			.withPropertyValues("cluster.app-version= 2.0.0-rc.1 ", "spring.application.version=1.3.0")
			.run((context) -> assertThat(local(context.getBean(ClusterMembership.class)).appVersion())
				.contains("2.0.0-rc.1"));
	}

	@Test
	void theBuildInfoWinsOverTheJarsVersion() {
		enabled().withBean(BuildProperties.class, () -> build("1.4.2"))
			.withPropertyValues("spring.application.version=1.3.0")
			.run((context) -> {
				ClusterMember local = local(context.getBean(ClusterMembership.class));
				assertThat(local.appVersion()).contains("1.4.2");
				assertThat(local.metadata()).containsExactly(Map.entry(ClusterMember.APP_VERSION_KEY, "1.4.2"));
			});
	}

	@Test
	void aBlankPropertyIsUnsetSoTheBuildInfoIsUsed() {
		enabled().withBean(BuildProperties.class, () -> build("1.4.2"))
			.withPropertyValues("cluster.app-version=")
			.run((context) -> assertThat(local(context.getBean(ClusterMembership.class)).appVersion()).contains("1.4.2"));
	}

	@Test
	void withoutBuildInfoTheJarsImplementationVersion() {
		enabled().withPropertyValues("spring.application.version=1.3.0")
			.run((context) -> assertThat(local(context.getBean(ClusterMembership.class)).appVersion()).contains("1.3.0"));
	}

	@Test
	void withoutAnyVersionNoneIsAnnounced() {
		enabled().run((context) -> {
			ClusterMember local = local(context.getBean(ClusterMembership.class));
			assertThat(local.appVersion()).isEmpty();
			assertThat(local.metadata()).isEmpty();
		});
	}

	@Test
	void aBuildVersionThatCannotBeAnnouncedIsPassedOver() {
		enabled().withBean(BuildProperties.class, () -> build("1.0 (nightly)"))
			.withPropertyValues("spring.application.version=1.3.0")
			.run((context) -> assertThat(local(context.getBean(ClusterMembership.class)).appVersion()).contains("1.3.0"));
		enabled().withBean(BuildProperties.class, () -> build("x".repeat(65)))
			.run((context) -> assertThat(local(context.getBean(ClusterMembership.class)).appVersion()).isEmpty());
	}

	@Test
	void anInvalidPropertyStopsTheStartNamingPropertyValueAndWhatIsAllowed() {
		enabled().withPropertyValues("cluster.app-version=1.0 beta", "cluster.bind-port=0").run((context) -> {
			assertThat(context).hasFailed();
			InvalidClusterPropertiesException ex = ClusterPropertiesValidationTests
				.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class);
			assertThat(ex.getMessage()).contains("2 invalid cluster properties:",
					"cluster.app-version='1.0 beta': is not a valid application version; allowed: 1 to 64 printable "
							+ "ASCII characters without spaces, such as 1.4.2 or 2.0.0-rc.1+build.7",
					"cluster.bind-port=0");
		});
		// a value that is set is checked even while gossip is off, as every other one
		this.runner.withPropertyValues("cluster.app-version=" + "9".repeat(65)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(ClusterPropertiesValidationTests
				.findCause(context.getStartupFailure(), InvalidClusterPropertiesException.class)
				.getMessage()).contains("cluster.app-version='999", "is not a valid application version");
		});
	}

	@Test
	void userMetadataKeepsTheVersionAndMayNotChangeIt() {
		enabled().withPropertyValues("cluster.app-version=2.0.0").run((context) -> {
			ClusterMembership membership = context.getBean(ClusterMembership.class);
			membership.updateMetadata(Map.of("zone", "a"));
			assertThat(local(membership).metadata())
				.containsExactlyInAnyOrderEntriesOf(Map.of("zone", "a", ClusterMember.APP_VERSION_KEY, "2.0.0"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> membership.updateMetadata(Map.of(ClusterMember.APP_VERSION_KEY, "2.0.1")))
				.withMessageContaining("metadata key 'app-version' is reserved for the application version, which "
						+ "this node announces as '2.0.0'");
			assertThat(local(membership).appVersion()).contains("2.0.0");
		});
	}

	@Test
	void nodesSeeEachOthersVersionsAndTheEndpointCountsTheLiveMembersOfEach() {
		try (ClusterNodes nodes = new ClusterNodes(3, Application.class, "--management.endpoints.web.exposure.include=cluster")) {
			ConfigurableApplicationContext first = nodes.start(1, "--cluster.app-version=1.0.0");
			nodes.start(2, "--cluster.app-version=1.0.0");
			ConfigurableApplicationContext third = nodes.start(3, "--cluster.app-version=1.1.0");
			ClusterMembership one = ClusterNodes.membership(first);
			ClusterMembership three = ClusterNodes.membership(third);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> one.member("3").flatMap(ClusterMember::appVersion).isPresent()
						&& three.member("1").flatMap(ClusterMember::appVersion).isPresent()
						&& one.member("2").flatMap(ClusterMember::appVersion).isPresent());
			assertThat(one.member("3").flatMap(ClusterMember::appVersion)).contains("1.1.0");
			assertThat(three.member("1").flatMap(ClusterMember::appVersion)).contains("1.0.0");

			ClusterDescriptor view = first.getBean(ClusterEndpoint.class).cluster();
			assertThat(view.members()).extracting(ClusterEndpoint.MemberDescriptor::appVersion)
				.containsExactly("1.0.0", "1.0.0", "1.1.0");
			assertThat(view.appVersions()).containsExactly(new AppVersionDescriptor("1.0.0", 2, List.of("1", "2")),
					new AppVersionDescriptor("1.1.0", 1, List.of("3")));
			String json = JsonMapper.builder().build().writeValueAsString(view);
			assertThat(json).contains("\"appVersion\":\"1.1.0\"", "\"appVersions\":[{\"version\":\"1.0.0\",\"members\":2,"
					+ "\"nodeIds\":[\"1\",\"2\"]},{\"version\":\"1.1.0\",\"members\":1,\"nodeIds\":[\"3\"]}]");
		}
	}

	private static ClusterMember local(ClusterMembership membership) {
		return membership.localMember();
	}

	private static BuildProperties build(String version) {
		Properties entries = new Properties();
		entries.setProperty("version", version);
		return new BuildProperties(entries);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
