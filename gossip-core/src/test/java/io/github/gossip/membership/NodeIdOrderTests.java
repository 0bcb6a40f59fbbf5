package io.github.gossip.membership;

import java.util.ArrayList;
import java.util.List;

import io.github.gossip.internal.protocol.MemberId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public order of node ids is the one the protocol elects leaders by. The protocol depends on
 * nothing outside itself, so each keeps its own implementation and this property holds them equal.
 */
class NodeIdOrderTests {

	@Property(tries = 2000)
	void thePublicOrderIsTheProtocolsOrder(@ForAll("nodeIds") String a, @ForAll("nodeIds") String b) {
		assertThat(Integer.signum(ClusterMember.NODE_ID_ORDER.compare(a, b)))
			.isEqualTo(Integer.signum(MemberId.NODE_ID_ORDER.compare(a, b)));
	}

	@Test
	void numericIdsByValueBeforeOtherIds() {
		List<String> ids = new ArrayList<>(List.of("b", "10", "a", "2", "007", "7", "1"));
		ids.sort(ClusterMember.NODE_ID_ORDER);
		assertThat(ids).containsExactly("1", "2", "007", "7", "10", "a", "b");
	}

	@Provide
	Arbitrary<String> nodeIds() {
		// digits dominate so that numeric ids, leading zeros and mixed ids all come up often
		return Arbitraries.strings().withChars("0000123456789ab-").ofMinLength(1).ofMaxLength(6);
	}

}
