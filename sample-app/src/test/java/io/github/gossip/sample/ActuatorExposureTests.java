package io.github.gossip.sample;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application exposes Actuator's {@code health}, with the {@code cluster} component and
 * its details, and the starter's {@code cluster} endpoint, as its README shows them: here one node
 * with gossip enabled on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cluster.node-id=1", "cluster.bind-addr=127.0.0.1", "cluster.key=" + SampleNode.KEY,
				"sample.job-delay=1h" })
@AutoConfigureWebTestClient(timeout = "60s") // the first request of a cold JVM on a busy machine may take more than the default 5 s
class ActuatorExposureTests {

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void freeGossipPort(DynamicPropertyRegistry registry) {
		registry.add("cluster.bind-port", ActuatorExposureTests::freeUdpPort);
	}

	@Test
	void healthShowsTheClusterComponentWithItsDetails() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.cluster.status").isEqualTo("UP")
			.jsonPath("$.components.cluster.details.liveMembers").isEqualTo(1)
			.jsonPath("$.components.cluster.details.localHealthScore").isEqualTo(0);
	}

	@Test
	void clusterEndpointShowsTheMembersAndOnlyKeyFingerprints() {
		this.client.get()
			.uri("/actuator/cluster")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.members[0].nodeId").isEqualTo("1")
			.jsonPath("$.members[0].status").isEqualTo("ALIVE")
			.jsonPath("$.keys.primary").isNotEmpty()
			.consumeWith((result) -> assertThat(new String(result.getResponseBodyContent())).doesNotContain(SampleNode.KEY));
	}

	@Test
	void nothingElseIsExposed() {
		this.client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/configprops").exchange().expectStatus().isNotFound();
	}

	private static int freeUdpPort() {
		try {
			return SampleNode.freeUdpPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
