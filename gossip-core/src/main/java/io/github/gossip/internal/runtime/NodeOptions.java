package io.github.gossip.internal.runtime;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.gossip.internal.crypto.Keyring;
import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.ProtocolConfig;
import io.github.gossip.internal.protocol.QuorumRule;
import io.github.gossip.internal.wire.WireVersions;

/**
 * Everything a {@link GossipNode} needs, free of Spring.
 *
 * @param self this process's identity
 * @param bindAddress where the UDP socket binds (port 0 picks a free port, for tests)
 * @param advertiseHost the address other nodes reach this node at, or {@code null} to advertise the
 * bound socket address (only sensible when it is not a wildcard)
 * @param seeds resolves the seed endpoints; called again after every join and heal attempt, so DNS changes apply
 * @param keyring the keys
 * @param label the cluster label, possibly empty
 * @param protocol the protocol tuning
 * @param metadata the roles this node holds and its initial user metadata
 * @param quorums the roles with the majority policy (normalized names); every other role is available
 * @param wire the wire versions the node speaks: this release's, except in tests of mixed clusters
 */
public record NodeOptions(MemberId self, InetSocketAddress bindAddress, byte[] advertiseHost,
		Supplier<List<Endpoint>> seeds, Keyring keyring, String label, ProtocolConfig protocol,
		MemberMetadata metadata, Map<String, QuorumRule> quorums, WireVersions wire) {

	public NodeOptions {
		quorums = Map.copyOf(quorums);
	}

	public NodeOptions(MemberId self, InetSocketAddress bindAddress, byte[] advertiseHost,
			Supplier<List<Endpoint>> seeds, Keyring keyring, String label, ProtocolConfig protocol,
			MemberMetadata metadata, Map<String, QuorumRule> quorums) {
		this(self, bindAddress, advertiseHost, seeds, keyring, label, protocol, metadata, quorums,
				WireVersions.THIS_RELEASE);
	}

	public NodeOptions(MemberId self, InetSocketAddress bindAddress, byte[] advertiseHost,
			Supplier<List<Endpoint>> seeds, Keyring keyring, String label, ProtocolConfig protocol,
			MemberMetadata metadata) {
		this(self, bindAddress, advertiseHost, seeds, keyring, label, protocol, metadata, Map.of());
	}

	public NodeOptions(MemberId self, InetSocketAddress bindAddress, byte[] advertiseHost,
			Supplier<List<Endpoint>> seeds, Keyring keyring, String label, ProtocolConfig protocol) {
		this(self, bindAddress, advertiseHost, seeds, keyring, label, protocol, MemberMetadata.EMPTY);
	}

	/** These options with other metadata. */
	public NodeOptions withMetadata(MemberMetadata newMetadata) {
		return new NodeOptions(this.self, this.bindAddress, this.advertiseHost, this.seeds, this.keyring, this.label,
				this.protocol, newMetadata, this.quorums, this.wire);
	}

	/** These options with other majority-policy roles. */
	public NodeOptions withQuorums(Map<String, QuorumRule> newQuorums) {
		return new NodeOptions(this.self, this.bindAddress, this.advertiseHost, this.seeds, this.keyring, this.label,
				this.protocol, this.metadata, newQuorums, this.wire);
	}

	/** These options speaking other wire versions. */
	public NodeOptions withWire(WireVersions newWire) {
		return new NodeOptions(this.self, this.bindAddress, this.advertiseHost, this.seeds, this.keyring, this.label,
				this.protocol, this.metadata, this.quorums, newWire);
	}

}
