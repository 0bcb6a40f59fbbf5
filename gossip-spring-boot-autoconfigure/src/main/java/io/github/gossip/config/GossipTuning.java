package io.github.gossip.config;

import java.time.Duration;

/**
 * The resolved protocol tuning: every value set, either by the user or by the profile.
 *
 * @param profile the profile the unset values came from
 * @param heartbeat interval between probes
 * @param probeTimeout wait for a direct ack before probing indirectly; below the heartbeat
 * @param indirectChecks members asked to probe indirectly
 * @param suspicionMultiplier alpha of the suspicion timeout
 * @param suspicionMaxMultiplier beta of the suspicion timeout
 * @param gossipInterval interval between gossip rounds
 * @param fanout members per gossip round
 * @param retransmitMultiplier lambda of the retransmission limit
 * @param stateSyncInterval base interval of the full state exchange
 * @param maxDatagramSize largest UDP payload sent
 * @param deadMemberRetention how long failed and departed members are remembered
 */
public record GossipTuning(GossipProfile profile, Duration heartbeat, Duration probeTimeout, int indirectChecks,
		int suspicionMultiplier, int suspicionMaxMultiplier, Duration gossipInterval, int fanout,
		int retransmitMultiplier, Duration stateSyncInterval, int maxDatagramSize, Duration deadMemberRetention) {

	/** Smallest datagram that crosses any IPv6 path without fragmentation (1280 - 40 - 8). */
	public static final int MIN_DATAGRAM_SIZE = 1232;

	/** Largest datagram: a jumbo frame's payload. */
	public static final int MAX_DATAGRAM_SIZE = 9000;

	/** The defaults of a profile at its own heartbeat. */
	public static GossipTuning of(GossipProfile profile) {
		return new GossipTuning(profile, profile.heartbeat(), profile.probeTimeout(profile.heartbeat()),
				profile.indirectChecks(), profile.suspicionMultiplier(), profile.suspicionMaxMultiplier(),
				profile.gossipInterval(), profile.fanout(), profile.retransmitMultiplier(), profile.stateSyncInterval(),
				GossipProfile.MAX_DATAGRAM_SIZE, GossipProfile.DEAD_MEMBER_RETENTION);
	}

}
