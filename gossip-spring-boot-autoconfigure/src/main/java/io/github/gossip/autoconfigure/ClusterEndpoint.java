package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.gossip.config.LeadershipPolicy;
import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.crypto.SealingKey;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.internal.protocol.ProtocolCounters;
import io.github.gossip.internal.runtime.GossipNode;
import io.github.gossip.internal.transport.TransportStats;
import io.github.gossip.internal.wire.WireVersions;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code cluster} Actuator endpoint: the local view (members, states, roles, application
 * versions, metadata), how many live members run each application version (a rolling upgrade's
 * progress), the role leaders with their epochs and leadership policies, the fingerprints of the keys
 * (never a key) and the traffic and drop counters.
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private final ClusterMembership membership;

	private final Supplier<Optional<GossipNode>> node;

	private final ConfiguredNode configured;

	/**
	 * @param membership the view
	 * @param node the running node, for its keys and counters; empty before it starts and after it
	 * stopped
	 * @param configured the leadership policies
	 */
	ClusterEndpoint(ClusterMembership membership, Supplier<Optional<GossipNode>> node, ConfiguredNode configured) {
		this.membership = membership;
		this.node = node;
		this.configured = configured;
	}

	/**
	 * The node's view at this moment: members, leaders (with epoch and policy), key ids (never
	 * keys), counters and local health.
	 */
	@ReadOperation
	public ClusterDescriptor cluster() {
		List<ClusterMember> view = this.membership.members();
		List<MemberDescriptor> members = view.stream().map(MemberDescriptor::of).toList();
		List<AppVersionDescriptor> appVersions = AppVersionDescriptor.of(view);
		Map<String, LeaderDescriptor> leaders = new TreeMap<>();
		this.membership.leaders()
			.forEach((role, leader) -> leaders.put(role, new LeaderDescriptor(leader.nodeId(),
					this.membership.leaderEpoch(role), PolicyDescriptor.of(this.configured.leadershipPolicy(role)))));
		GossipNode node = this.node.get().orElse(null);
		if (node == null) {
			return new ClusterDescriptor(this.membership.localMember().nodeId(), false, members, appVersions, leaders,
					null, null, null);
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
		Map<String, Long> packetsByWireVersion = new TreeMap<>();
		for (int version = WireVersions.FIRST; version <= WireVersions.LATEST; version++) {
			packetsByWireVersion.put(Integer.toString(version), node.packetsDecoded(version));
		}
		CountersDescriptor counters = new CountersDescriptor(stats.datagramsIn(), stats.datagramsOut(), stats.bytesIn(),
				stats.bytesOut(), drops, protocol.probes(), protocol.indirectProbes(), protocol.suspicions(),
				protocol.refutations(), taskFailures, packetsByWireVersion, stats.unknownMessages());
		return new ClusterDescriptor(this.membership.localMember().nodeId(), true, members, appVersions, leaders, keys,
				counters, node.healthScore());
	}

	/**
	 * The endpoint's JSON document; {@code leaders} by role; {@code appVersions} the versions the live
	 * members run.
	 */
	public record ClusterDescriptor(String nodeId, boolean running, List<MemberDescriptor> members,
			List<AppVersionDescriptor> appVersions, Map<String, LeaderDescriptor> leaders, KeysDescriptor keys,
			CountersDescriptor counters, Integer localHealthScore) {
	}

	/**
	 * One application version and the live (alive or suspected) members that announce it: while a
	 * rolling upgrade goes on, the old version's count falls and the new one's rises. Failed and
	 * departed members, which the view remembers for a while, do not count.
	 *
	 * @param version the version, or {@code null} for the members that announce none
	 * @param members how many live members announce it
	 * @param nodeIds their node ids, in node-id order
	 */
	public record AppVersionDescriptor(String version, int members, List<String> nodeIds) {

		/** By version, the members without one last. */
		private static final Comparator<String> ORDER = Comparator.nullsLast(Comparator.naturalOrder());

		static List<AppVersionDescriptor> of(List<ClusterMember> members) {
			Map<String, List<String>> byVersion = new TreeMap<>(ORDER);
			members.stream()
				.filter((member) -> member.status().isLive())
				.forEach((member) -> byVersion.computeIfAbsent(member.appVersion().orElse(null), (v) -> new ArrayList<>())
					.add(member.nodeId()));
			List<AppVersionDescriptor> versions = new ArrayList<>();
			byVersion.forEach((version, nodeIds) -> {
				List<String> sorted = nodeIds.stream().sorted(ClusterMember.NODE_ID_ORDER).toList();
				versions.add(new AppVersionDescriptor(version, sorted.size(), sorted));
			});
			return versions;
		}

	}

	/**
	 * The leader of one role.
	 *
	 * @param nodeId the leader's node id
	 * @param epoch the highest leadership epoch of the role this node knows, 0 when it knows none
	 * @param policy how the role chooses its leader
	 */
	public record LeaderDescriptor(String nodeId, long epoch, PolicyDescriptor policy) {
	}

	/**
	 * A role's leadership policy.
	 *
	 * @param name {@code available} or {@code majority}
	 * @param voters with the majority policy, the node ids that grant the leader (the role's list);
	 * empty when every holder votes, and for the available policy
	 * @param quorum with the majority policy, how many grants a leader needs; {@code null} for the
	 * available policy
	 */
	public record PolicyDescriptor(String name, List<String> voters, Integer quorum) {

		static PolicyDescriptor of(LeadershipPolicy policy) {
			if (policy.mode() == LeadershipPolicy.Mode.AVAILABLE) {
				return new PolicyDescriptor("available", List.of(), null);
			}
			return new PolicyDescriptor("majority",
					policy.holders().stream().sorted(ClusterMember.NODE_ID_ORDER).toList(), policy.requiredGrants());
		}

	}

	/**
	 * One member, with its address as {@code host:port}; {@code appVersion} {@code null} when it
	 * announces none, {@code metadata} all its metadata, the version's entry included.
	 */
	public record MemberDescriptor(String nodeId, String address, String status, long incarnation, List<String> roles,
			String appVersion, Map<String, String> metadata, boolean local) {

		static MemberDescriptor of(ClusterMember member) {
			String host = member.address().getAddress().getHostAddress();
			String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + member.address().getPort();
			return new MemberDescriptor(member.nodeId(), address, member.status().name(), member.incarnation(),
					member.roles().stream().sorted().toList(), member.appVersion().orElse(null),
					new TreeMap<>(member.metadata()), member.local());
		}
	}

	/** Fingerprints of the primary key (seals and opens) and of the keys that only open. */
	public record KeysDescriptor(String primary, List<String> secondaries) {
	}

	/**
	 * Monotonic counters since the node started; {@code taskFailures} counts bugs of the node's own
	 * tasks (each logged at ERROR), by task; {@code packetsByWireVersion} counts the packets received
	 * in each wire version, so that during a rolling upgrade the previous version's count stops rising
	 * once every member runs the new release; {@code unknownMessages} counts messages of types a later
	 * release added, skipped.
	 */
	public record CountersDescriptor(long datagramsIn, long datagramsOut, long bytesIn, long bytesOut,
			Map<String, Long> drops, long probes, long indirectProbes, long suspicions, long refutations,
			Map<String, Long> taskFailures, Map<String, Long> packetsByWireVersion, long unknownMessages) {
	}

}
