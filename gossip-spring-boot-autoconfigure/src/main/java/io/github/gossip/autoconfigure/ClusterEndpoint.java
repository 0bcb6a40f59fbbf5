package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.internal.protocol.ProtocolCounters;
import io.github.gossip.internal.runtime.GossipNode;
import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.transport.TransportStats;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code cluster} Actuator endpoint: the local view (members, states, roles, metadata), the role
 * leaders, the fingerprints of the keys (never a key) and the traffic and drop counters.
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private final NodeClusterMembership membership;

	ClusterEndpoint(NodeClusterMembership membership) {
		this.membership = membership;
	}

	/** The node's view at this moment: members, leaders, key ids (never keys), counters and local health. */
	@ReadOperation
	public ClusterDescriptor cluster() {
		List<MemberDescriptor> members = this.membership.members().stream().map(MemberDescriptor::of).toList();
		Map<String, String> leaders = new TreeMap<>();
		this.membership.leaders().forEach((role, leader) -> leaders.put(role, leader.nodeId()));
		GossipNode node = this.membership.node().orElse(null);
		if (node == null) {
			return new ClusterDescriptor(this.membership.localMember().nodeId(), false, members, leaders, null, null,
					null);
		}
		Keyring keyring = node.keyring();
		List<String> secondaries = new ArrayList<>();
		keyring.secondaries().forEach((key) -> secondaries.add(key.fingerprint()));
		KeysDescriptor keys = new KeysDescriptor(keyring.primary().fingerprint(), secondaries);
		TransportStats stats = node.transportStats();
		Map<String, Long> drops = new TreeMap<>();
		stats.drops().forEach((reason, count) -> drops.put(reason.tag(), count));
		ProtocolCounters protocol = node.protocolCounters();
		Map<String, Long> taskFailures = new TreeMap<>();
		node.taskFailures().forEach((task, count) -> taskFailures.put(task.tag(), count));
		CountersDescriptor counters = new CountersDescriptor(stats.datagramsIn(), stats.datagramsOut(), stats.bytesIn(),
				stats.bytesOut(), drops, protocol.probes(), protocol.indirectProbes(), protocol.suspicions(),
				protocol.refutations(), taskFailures);
		return new ClusterDescriptor(this.membership.localMember().nodeId(), true, members, leaders, keys, counters,
				node.healthScore());
	}

	/** The endpoint's JSON document. */
	public record ClusterDescriptor(String nodeId, boolean running, List<MemberDescriptor> members,
			Map<String, String> leaders, KeysDescriptor keys, CountersDescriptor counters, Integer localHealthScore) {
	}

	/** One member, with its address as {@code host:port}. */
	public record MemberDescriptor(String nodeId, String address, String status, long incarnation, List<String> roles,
			Map<String, String> metadata, boolean local) {

		static MemberDescriptor of(ClusterMember member) {
			String host = member.address().getAddress().getHostAddress();
			String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + member.address().getPort();
			return new MemberDescriptor(member.nodeId(), address, member.status().name(), member.incarnation(),
					member.roles().stream().sorted().toList(), new TreeMap<>(member.metadata()), member.local());
		}
	}

	/** Fingerprints of the primary key (seals and opens) and of the keys that only open. */
	public record KeysDescriptor(String primary, List<String> secondaries) {
	}

	/**
	 * Monotonic counters since the node started; {@code taskFailures} counts bugs of the node's own
	 * tasks (each logged at ERROR), by task.
	 */
	public record CountersDescriptor(long datagramsIn, long datagramsOut, long bytesIn, long bytesOut,
			Map<String, Long> drops, long probes, long indirectProbes, long suspicions, long refutations,
			Map<String, Long> taskFailures) {
	}

}
