package io.github.gossip.autoconfigure;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.gossip.autoconfigure.ClusterEndpoint.AppVersionDescriptor;
import io.github.gossip.autoconfigure.ClusterEndpoint.ClusterDescriptor;
import io.github.gossip.autoconfigure.ClusterEndpoint.LeaderDescriptor;
import io.github.gossip.autoconfigure.ClusterEndpoint.MemberDescriptor;
import io.github.gossip.autoconfigure.ClusterEndpoint.PolicyDescriptor;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.testsupport.FakeMembership;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code cluster} endpoint's leaders: for each role it reports a leader of, the leader, the
 * highest epoch this node knows, and the role's leadership policy as configured; its members'
 * application versions.
 */
class ClusterEndpointTests {

	private static ClusterMember member(String nodeId, MemberStatus status, String appVersion) {
		return new ClusterMember(nodeId, new InetSocketAddress("127.0.0.1", 11790), status, 1, Set.of(),
				(appVersion != null) ? Map.of(ClusterMember.APP_VERSION_KEY, appVersion) : Map.of(), false);
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1", "cluster.roles.acme.renew=1,2,10",
				"cluster.leadership.policy.acme.renew=majority", "cluster.leadership.policy.reports.daily=majority",
				"cluster.leadership.quorum.reports.daily=2");

	@Test
	void eachLeaderComesWithTheRolesEpochAndPolicy() {
		FakeMembership membership = new FakeMembership("1").lead("acme.renew", "2")
			.lead("acme.renew", "1")
			.lead("reports.daily", "10")
			.lead("purge.stores", "1");
		this.runner.run((context) -> {
			ClusterDescriptor view = new ClusterEndpoint(membership, Optional::empty,
					context.getBean(ConfiguredNode.class)).cluster();
			assertThat(view.running()).isFalse();
			assertThat(view.leaders()).containsOnlyKeys("acme.renew", "reports.daily", "purge.stores");
			assertThat(view.leaders().get("acme.renew"))
				.isEqualTo(new LeaderDescriptor("1", 2, new PolicyDescriptor("majority", List.of("1", "2", "10"), 2)));
			assertThat(view.leaders().get("reports.daily"))
				.isEqualTo(new LeaderDescriptor("10", 1, new PolicyDescriptor("majority", List.of(), 2)));
			assertThat(view.leaders().get("purge.stores"))
				.isEqualTo(new LeaderDescriptor("1", 1, new PolicyDescriptor("available", List.of(), null)));
		});
	}

	@Test
	void aRoleWithoutALeaderIsNotListed() {
		FakeMembership membership = new FakeMembership("1").lead("acme.renew", "2").lead("acme.renew", null);
		this.runner.run((context) -> assertThat(new ClusterEndpoint(membership, Optional::empty,
				context.getBean(ConfiguredNode.class)).cluster().leaders()).isEmpty());
	}

	@Test
	void theLiveMembersAreCountedByApplicationVersionThoseWithoutOneLast() {
		FakeMembership membership = new FakeMembership("1").with(member("2", MemberStatus.ALIVE, "1.1.0"))
			.with(member("3", MemberStatus.SUSPECT, "1.0.0"))
			.with(member("10", MemberStatus.ALIVE, "1.1.0"))
			.with(member("4", MemberStatus.FAILED, "1.0.0"))
			.with(member("5", MemberStatus.LEFT, "0.9.0"))
			.with(member("6", MemberStatus.ALIVE, null));
		this.runner.run((context) -> {
			ClusterDescriptor view = new ClusterEndpoint(membership, Optional::empty,
					context.getBean(ConfiguredNode.class)).cluster();
			assertThat(view.appVersions()).containsExactly(new AppVersionDescriptor("1.0.0", 1, List.of("3")),
					new AppVersionDescriptor("1.1.0", 2, List.of("2", "10")),
					new AppVersionDescriptor(null, 2, List.of("1", "6")));
			assertThat(view.members()).extracting(MemberDescriptor::nodeId, MemberDescriptor::appVersion)
				.containsExactly(tuple("1", null), tuple("2", "1.1.0"), tuple("3", "1.0.0"), tuple("10", "1.1.0"),
						tuple("4", "1.0.0"), tuple("5", "0.9.0"), tuple("6", null));
			assertThat(view.members().get(1).metadata()).containsEntry(ClusterMember.APP_VERSION_KEY, "1.1.0");
		});
	}

	@Test
	void theLeadersReadAsJson() {
		FakeMembership membership = new FakeMembership("1").lead("acme.renew", "1");
		this.runner.run((context) -> {
			String json = JsonMapper.builder()
				.build()
				.writeValueAsString(
						new ClusterEndpoint(membership, Optional::empty, context.getBean(ConfiguredNode.class)).cluster());
			assertThat(json).contains("\"leaders\":{\"acme.renew\":{\"nodeId\":\"1\",\"epoch\":1,\"policy\":"
					+ "{\"name\":\"majority\",\"voters\":[\"1\",\"2\",\"10\"],\"quorum\":2}}}");
		});
	}

}
