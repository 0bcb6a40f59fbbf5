package io.github.gossip.examples;

import io.github.gossip.testsupport.FreePorts;
import java.io.IOException;
import java.time.Duration;

import io.github.gossip.config.GossipProfile;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.membership.RoleLeader;
import io.github.gossip.node.ClusterNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-Java example of the README, as a user writes it: only the public builder and the
 * membership API, from a package of its own, so that nothing package-private is within reach. It
 * runs on real UDP sockets on loopback.
 */
class PlainJavaExampleTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void buildStartWatchAndStopTwoNodes() throws IOException {
		int seedPort = FreePorts.udp();
		ClusterNode seed = ClusterNode.builder()
			.nodeId("1")
			.bind("127.0.0.1", seedPort)
			.key("correct horse battery staple, but longer")
			.profile(GossipProfile.LOCAL)
			.roles("purge.stores")
			.build();
		try (seed; ClusterNode second = ClusterNode.builder()
			.nodeId("2")
			.bind("127.0.0.1", FreePorts.udp())
			.seeds("127.0.0.1:" + seedPort)
			.key("correct horse battery staple, but longer")
			.profile(GossipProfile.LOCAL)
			.build()) {
			seed.start().block(DEADLINE);
			StepVerifier.create(seed.events().filter((event) -> event.type() == ClusterEvent.Type.JOINED))
				.then(() -> second.start().block(DEADLINE))
				.assertNext((event) -> assertThat(event.member().nodeId()).isEqualTo("2"))
				.thenCancel()
				.verify(DEADLINE);
			assertThat(second.member("1")).hasValueSatisfying((member) -> {
				assertThat(member.status()).isEqualTo(MemberStatus.ALIVE);
				assertThat(member.hasRole("purge.stores")).isTrue();
			});
			// a leader is announced once it has been the lowest live holder for a stability window
			RoleLeader leader = second.leaderChanges("purge.stores")
				.filter((change) -> change.leader().isPresent())
				.blockFirst(DEADLINE);
			assertThat(leader.leader()).map(ClusterMember::nodeId).contains("1");
			second.leave().block(DEADLINE);
		}
		assertThat(seed.isRunning()).isFalse();
	}

	@Test
	void theExampleUsesOnlyThePublicApi() {
		JavaClasses example = new ClassFileImporter().importClasses(PlainJavaExampleTests.class);
		noClasses().should().dependOnClassesThat().resideInAPackage("io.github.gossip.internal..").check(example);
		classes().should().dependOnClassesThat().resideInAPackage("io.github.gossip.node..").check(example);
	}

}
