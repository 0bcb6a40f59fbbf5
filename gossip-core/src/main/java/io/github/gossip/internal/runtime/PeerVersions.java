package io.github.gossip.internal.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.Member;
import io.github.gossip.internal.wire.WireVersions;

/**
 * The wire version to write to each live member's address, by the range in its record. A dead or
 * departed member's address may already belong to another process, so only live records count; two
 * live records at one address (a transient of a restart) get the lower of their versions.
 * <p>
 * Kept current one member at a time: the node hands over the record of every member an event named,
 * after each input. Rebuilding it from the whole view after every change cost O(members) per change,
 * which is what forming a cluster of hundreds spent most of its CPU on. Protocol thread only.
 */
final class PeerVersions {

	private final WireVersions wire;

	/** Live members by node id, as last handed over. */
	private final Map<String, Member> live = new HashMap<>();

	/** The versions of the live members at each address, by node id; usually one. */
	private final Map<Endpoint, Map<String, Integer>> byEndpoint = new HashMap<>();

	/** The lowest of {@link #byEndpoint}'s versions at each address. */
	private final Map<Endpoint, Integer> versions = new HashMap<>();

	PeerVersions(WireVersions wire) {
		this.wire = wire;
	}

	/** The version to write to {@code to}, or null for an address of no live member. */
	Integer get(Endpoint to) {
		return this.versions.get(to);
	}

	/**
	 * Takes the current record of {@code nodeId}.
	 * @param current the record the protocol holds now, or null when it holds none (reaped, or the
	 * node id is this node's own)
	 */
	void update(String nodeId, Member current) {
		if (this.wire.highest() == this.wire.lowest()) {
			return; // one version only: every peer gets it
		}
		boolean isLive = current != null && current.state().isLive();
		Member before = isLive ? this.live.put(nodeId, current) : this.live.remove(nodeId);
		if (before != null) {
			remove(nodeId, before.endpoint());
		}
		if (isLive) {
			this.byEndpoint.computeIfAbsent(current.endpoint(), (e) -> new HashMap<>(2))
				.put(nodeId, this.wire.versionFor(current.metadata()));
			lowest(current.endpoint());
		}
	}

	/** A copy of the version of every address, for tests. */
	Map<Endpoint, Integer> toMap() {
		return Map.copyOf(this.versions);
	}

	private void remove(String nodeId, Endpoint endpoint) {
		Map<String, Integer> atEndpoint = this.byEndpoint.get(endpoint);
		if (atEndpoint != null) {
			atEndpoint.remove(nodeId);
			if (atEndpoint.isEmpty()) {
				this.byEndpoint.remove(endpoint);
			}
		}
		lowest(endpoint);
	}

	private void lowest(Endpoint endpoint) {
		Map<String, Integer> atEndpoint = this.byEndpoint.get(endpoint);
		if (atEndpoint == null) {
			this.versions.remove(endpoint);
			return;
		}
		int lowest = Integer.MAX_VALUE;
		for (int version : atEndpoint.values()) {
			lowest = Math.min(lowest, version);
		}
		this.versions.put(endpoint, lowest);
	}

	/**
	 * The versions {@code members} call for, computed from scratch: what {@link PeerVersions} must
	 * always agree with.
	 */
	static Map<Endpoint, Integer> of(WireVersions wire, List<Member> members) {
		if (wire.highest() == wire.lowest()) {
			return Map.of();
		}
		Map<Endpoint, Integer> versions = new HashMap<>();
		for (Member member : members) {
			if (member.state().isLive()) {
				versions.merge(member.endpoint(), wire.versionFor(member.metadata()), Math::min);
			}
		}
		return Map.copyOf(versions);
	}

}
