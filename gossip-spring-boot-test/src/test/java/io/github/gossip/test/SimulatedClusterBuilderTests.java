package io.github.gossip.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The builder holds nodes to the rules of {@code cluster.*}: the same node ids, the same role rule. */
class SimulatedClusterBuilderTests {

	@Test
	void aNodeIdNoApplicationCouldBeGivenIsRefusedNamingWhatIsAllowed() {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatedCluster.builder().nodes("node one").start())
			.withMessageContaining("Invalid node id 'node one'")
			.withMessageContaining("letters, digits");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatedCluster.builder().role("purge.stores", "-1"))
			.withMessageContaining("Invalid node id '-1'");
	}

	@Test
	void rolesFollowTheRuleOfClusterRolesAnEmptyListMeaningEveryNode() {
		try (SimulatedCluster cluster = SimulatedCluster.builder().seed(1).nodes(3).role("purge.stores", "1", "2")
			.role("Metrics.Push").start()) {
			assertThat(cluster.heldRoles("3")).contains("metrics.push", "acme.renew").doesNotContain("purge.stores");
			assertThat(cluster.excludedRoles("3")).containsExactly("purge.stores");
			assertThat(cluster.heldRoles("1")).contains("purge.stores", "metrics.push");
			assertThat(cluster.node("3").membership().localMember().roles()).doesNotContain("purge.stores");
		}
	}

}
