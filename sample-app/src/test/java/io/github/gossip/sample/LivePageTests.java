package io.github.gossip.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page and its API as the application serves them, here with gossip disabled (no bind address).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cluster.node-id=2", "sample.job-delay=1h" })
@AutoConfigureWebTestClient(timeout = "60s") // the first request of a cold JVM on a busy machine may take more than the default 5 s
class LivePageTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private BuildProperties buildProperties;

	@Test
	void rootServesThePageAndItsScriptFromTheApplication() {
		String page = this.client.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
		assertThat(page).contains("<script src=\"cluster.js\"></script>").doesNotContain("http://").doesNotContain("https://");
		// each member's application version, and how many live members run each: a rolling upgrade's progress
		assertThat(page).contains("<th>version</th>", "<table id=\"versions\">");
		this.client.get().uri("/cluster.js").exchange().expectStatus().isOk().expectBody(String.class)
			.value((script) -> assertThat(script).contains("new EventSource('api/cluster/events')",
					"member.appVersion", "byId('versions')"));
		this.client.get().uri("/cluster.css").exchange().expectStatus().isOk();
	}

	@Test
	void theBuildInfoGivesTheVersionEachNodeAnnounces() {
		// the build-info goal of the build: without it the nodes would announce no version
		assertThat(this.buildProperties.getArtifact()).isEqualTo("sample-app");
		assertThat(this.buildProperties.getVersion()).isNotBlank().doesNotContainAnyWhitespaces();
	}

	@Test
	void withGossipDisabledTheApiSaysSoInsteadOfFailing() {
		this.client.get()
			.uri("/api/cluster")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled").isEqualTo(false)
			.jsonPath("$.message").isEqualTo(ClusterController.DISABLED)
			.jsonPath("$.localNodeId").isEqualTo("2")
			.jsonPath("$.jobs[*].role").isEqualTo(java.util.List.of("acme.renew", "metrics.calculate", "purge.stores"))
			.jsonPath("$.jobs[0].active").isEqualTo(false);
		this.client.get().uri("/api/cluster/events").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNoContent();
	}

}
