package io.github.gossip.membership;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of one cluster member as the local node sees it.
 *
 * @param nodeId the member's configured {@code cluster.node-id}
 * @param address where the member receives gossip
 * @param status what the local node believes about it
 * @param incarnation the member's own version counter; it rises when the member refutes a
 * suspicion or changes its metadata
 * @param roles the roles the member announced it holds: those its configuration names it for, and
 * the documented ones it holds
 * @param excludedRoles the roles its configuration names for other nodes only: the member holds
 * every other role, named anywhere or not
 * @param metadata the member's metadata: the user's and, under {@link #APP_VERSION_KEY}, its
 * application version if it announces one
 * @param local whether this is the local node
 */
public record ClusterMember(String nodeId, InetSocketAddress address, MemberStatus status, long incarnation,
		Set<String> roles, Set<String> excludedRoles, Map<String, String> metadata, boolean local) {

	/**
	 * The order of node ids in {@link ClusterMembership#members()} and in role leadership (the
	 * leader of a role is its lowest live holder): ids of digits only compare by value and come
	 * before other ids, which compare as text; ties, such as {@code 07} and {@code 7}, by their text.
	 */
	public static final Comparator<String> NODE_ID_ORDER = ClusterMember::compareNodeIds;

	/**
	 * The metadata key of the member's application version, which its configuration sets
	 * ({@code cluster.app-version} or the build's version, {@code ClusterNodeBuilder.appVersion}); user
	 * metadata may not set it to another value.
	 */
	public static final String APP_VERSION_KEY = "app-version";

	public ClusterMember {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(address, "address");
		Objects.requireNonNull(status, "status");
		roles = Set.copyOf(roles);
		excludedRoles = Set.copyOf(excludedRoles);
		metadata = Map.copyOf(metadata);
	}

	/** A member that excludes no role. */
	public ClusterMember(String nodeId, InetSocketAddress address, MemberStatus status, long incarnation,
			Set<String> roles, Map<String, String> metadata, boolean local) {
		this(nodeId, address, status, incarnation, roles, Set.of(), metadata, local);
	}

	/**
	 * Whether the member holds {@code role}: unless its configuration names the role for other
	 * nodes only, as {@code @ConditionalOnRole} decides on that member.
	 */
	public boolean hasRole(String role) {
		return !this.excludedRoles.contains(role);
	}

	/**
	 * The application version the member announces, such as {@code 1.4.2}: what its build says unless
	 * its configuration sets another; empty when it announces none. While a rolling upgrade goes
	 * through the cluster, members show the old version and the new one.
	 */
	public Optional<String> appVersion() {
		return Optional.ofNullable(this.metadata.get(APP_VERSION_KEY));
	}

	/** This member as it is in every other respect, with {@code status}. */
	public ClusterMember withStatus(MemberStatus status) {
		return new ClusterMember(this.nodeId, this.address, status, this.incarnation, this.roles, this.excludedRoles,
				this.metadata, this.local);
	}

	private static int compareNodeIds(String a, String b) {
		boolean numberA = isNumber(a);
		boolean numberB = isNumber(b);
		if (numberA != numberB) {
			return numberA ? -1 : 1;
		}
		if (numberA) {
			// by value without parsing, so ids of any length compare: fewer significant digits first
			String x = a.replaceFirst("^0+(?=.)", "");
			String y = b.replaceFirst("^0+(?=.)", "");
			int byValue = (x.length() != y.length()) ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
			if (byValue != 0) {
				return byValue;
			}
		}
		return a.compareTo(b);
	}

	private static boolean isNumber(String id) {
		return !id.isEmpty() && id.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

}
