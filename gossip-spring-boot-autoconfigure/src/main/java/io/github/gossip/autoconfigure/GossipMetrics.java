package io.github.gossip.autoconfigure;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.gossip.internal.crypto.DropReason;
import io.github.gossip.membership.MemberStatus;
import io.github.gossip.internal.runtime.GossipNode;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.runtime.ProtocolTask;
import io.github.gossip.internal.wire.WireVersions;

/**
 * Micrometer meters of the gossip node. Every tag value comes from a closed set (direction, drop
 * reason, member state, probe kind, task), so the number of time series is fixed whatever the traffic.
 * Counters read the node's own monotonic counters; before the node starts they read zero.
 */
final class GossipMetrics implements MeterBinder {

	private final NodeClusterMembership membership;

	GossipMetrics(NodeClusterMembership membership) {
		this.membership = membership;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "gossip.datagrams", "Datagrams sent or received", "direction", "in",
				(node) -> node.transportStats().datagramsIn());
		counter(registry, "gossip.datagrams", "Datagrams sent or received", "direction", "out",
				(node) -> node.transportStats().datagramsOut());
		byteCounter(registry, "in", (node) -> node.transportStats().bytesIn());
		byteCounter(registry, "out", (node) -> node.transportStats().bytesOut());
		for (DropReason reason : DropReason.values()) {
			counter(registry, "gossip.drops", "Datagrams dropped, by reason", "reason", reason.tag(),
					(node) -> node.transportStats().drops(reason));
		}
		for (int version = WireVersions.FIRST; version <= WireVersions.LATEST; version++) {
			int wire = version;
			counter(registry, "gossip.packets", "Packets received and decoded, by the wire version they were written in",
					"wire.version", Integer.toString(wire), (node) -> node.packetsDecoded(wire));
		}
		counter(registry, "gossip.messages.unknown",
				"Messages of a type a later release added, skipped (their packets' updates are taken)", null, null,
				(node) -> node.transportStats().unknownMessages());
		counter(registry, "gossip.probes", "Failure-detector probes sent", "kind", "direct",
				(node) -> node.protocolCounters().probes());
		counter(registry, "gossip.probes", "Failure-detector probes sent", "kind", "indirect",
				(node) -> node.protocolCounters().indirectProbes());
		counter(registry, "gossip.suspicions", "Suspicions this node raised", null, null,
				(node) -> node.protocolCounters().suspicions());
		counter(registry, "gossip.refutations", "Times this node refuted a suspicion about itself", null, null,
				(node) -> node.protocolCounters().refutations());
		counter(registry, "gossip.port.checks", "Port checks of members whose probe went unanswered", "result", "sent",
				(node) -> node.transportStats().portChecksSent());
		counter(registry, "gossip.port.checks", "Port checks of members whose probe went unanswered", "result",
				"closed", (node) -> node.transportStats().portsFoundClosed());
		counter(registry, "gossip.failures.closed.port",
				"Members this node failed at once because their host reported their port closed", null, null,
				(node) -> node.protocolCounters().closedPortFailures());
		for (ProtocolTask task : ProtocolTask.values()) {
			counter(registry, "gossip.task.failures", "Failures of the node's own tasks (bugs, logged at ERROR), by task",
					"task", task.tag(), (node) -> node.taskFailures(task));
		}
		for (MemberStatus status : MemberStatus.values()) {
			Gauge.builder("gossip.members", this.membership, (m) -> m.members().stream().filter((member) -> member.status() == status).count())
				.description("Members in the local view, by state, this node included")
				.tag("state", status.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		gauge(registry, "gossip.health.score", "Lifeguard local health score: 0 is healthy, higher means this node is slow",
				(m) -> m.node().map(GossipNode::healthScore).orElse(0));
		gauge(registry, "gossip.events.backlog", "Undelivered membership events of the slowest subscriber",
				NodeClusterMembership::eventBacklog);
		gauge(registry, "gossip.packets.pending", "Received packets waiting for the protocol thread",
				(m) -> m.node().map(GossipNode::pendingPackets).orElse(0));
	}

	private void counter(MeterRegistry registry, String name, String description, String tag, String value,
			ToLongFunction<GossipNode> read) {
		FunctionCounter.Builder<NodeClusterMembership> builder = FunctionCounter
			.builder(name, this.membership, (m) -> m.node().map(read::applyAsLong).orElse(0L))
			.description(description);
		if (tag != null) {
			builder.tag(tag, value);
		}
		builder.register(registry);
	}

	private void byteCounter(MeterRegistry registry, String direction, ToLongFunction<GossipNode> read) {
		FunctionCounter.builder("gossip.bytes", this.membership, (m) -> m.node().map(read::applyAsLong).orElse(0L))
			.description("Sealed datagram bytes sent or received")
			.baseUnit("bytes")
			.tag("direction", direction)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<NodeClusterMembership> read) {
		Gauge.builder(name, this.membership, read).description(description).register(registry);
	}

}
