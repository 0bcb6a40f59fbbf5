package io.github.gossip.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.Message.Gossip;
import io.github.gossip.internal.protocol.Message.Ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Filling datagrams: piggybacked updates within the budget, and large messages split into parts. */
class DatagramPackerTest {

	private static final Endpoint ME = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final Endpoint PEER = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private final ProtocolParts parts = new ProtocolParts(new MemberId("me", 100), ME);

	@Test
	void splitFillsEachPartUpToTheBudget() {
		List<List<Integer>> split = DatagramPacker.split(10, List.of(4, 4, 4, 6, 3, 1, 10), Integer::intValue);
		assertThat(split).containsExactly(List.of(4, 4), List.of(4, 6), List.of(3, 1), List.of(10));
	}

	@Test
	void anItemThatFillsThePartExactlyGoesAloneAndNothingGivesOneEmptyPart() {
		assertThat(DatagramPacker.split(10, List.of(10, 2, 10), Integer::intValue))
			.containsExactly(List.of(10), List.of(2), List.of(10));
		assertThat(DatagramPacker.split(10, List.<Integer>of(), Integer::intValue)).containsExactly(List.of());
	}

	@Test
	void anItemLargerThanTheBudgetIsABugNamedWithBothSizes() {
		// unreachable from the protocol (metadata is capped far below a datagram), so it must not
		// pass silently: neither as an empty first part nor as an oversized one
		assertThatIllegalStateException()
			.isThrownBy(() -> DatagramPacker.split(10, List.of(2, 12, 3), Integer::intValue))
			.withMessageContaining("12 bytes")
			.withMessageContaining("at most 10 bytes");
		assertThatIllegalStateException()
			.isThrownBy(() -> DatagramPacker.split(10, List.of(11), Integer::intValue))
			.withMessageContaining("11 bytes");
	}

	@Test
	void budgetLeavesRoomForTheMessageAndOneCountPerList() {
		Message empty = new Message.JoinResponse(List.of());
		int base = this.parts.sizer.baseSize(this.parts.identity.id(), this.parts.identity.incarnation(), empty);
		assertThat(this.parts.packer.budget(empty, 2))
			.isEqualTo(ProtocolParts.LAN.packetBudget() - base - 2 * this.parts.sizer.countOverhead());
	}

	@Test
	void sendPutsTheGivenUpdateFirstThenQueuedNewsThatFits() {
		MemberMetadata big = new MemberMetadata(Set.of(), Map.of("a", "x".repeat(120), "b", "y".repeat(120), "c", "z".repeat(120)));
		List<Update> queued = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Update u = Update.alive(new MemberId("n" + i, 1), 0, Endpoint.ipv4(10, 0, 1, i, 1), big);
			queued.add(u);
			this.parts.queue.add(u);
		}
		Update first = new Update(MemberState.SUSPECT, new MemberId("s", 1), 0, PEER, "me");
		this.parts.packer.send(PEER, new Ping(1, new MemberId("s", 1)), first);
		Packet packet = this.parts.sent.get(0);
		assertThat(this.parts.sentTo).containsExactly(PEER);
		assertThat(packet.sender()).isEqualTo(this.parts.identity.id());
		assertThat(packet.updates().get(0)).isEqualTo(first);
		assertThat(packet.updates()).hasSizeBetween(2, 4);
		assertThat(queued).containsAll(packet.updates().subList(1, packet.updates().size()));
		assertThat(this.parts.sizer.encode(packet)).hasSizeLessThanOrEqualTo(ProtocolParts.LAN.packetBudget());
		// the rest goes in the next packets
		this.parts.packer.send(PEER, Gossip.INSTANCE, null);
		assertThat(this.parts.sent.get(1).updates()).isNotEmpty().doesNotContainAnyElementsOf(packet.updates());
	}

}
