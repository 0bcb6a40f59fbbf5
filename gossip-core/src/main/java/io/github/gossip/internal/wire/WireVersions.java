package io.github.gossip.internal.wire;

import java.util.Map;
import java.util.TreeMap;

import io.github.gossip.internal.protocol.MemberMetadata;

/**
 * The wire versions a node speaks, and which one it speaks to a peer: the highest both speak.
 * <p>
 * A node announces its range in its own member record, as the metadata entry {@value #METADATA_KEY}
 * = {@code lowest-highest}: records reach every member through gossip, state sync and join
 * responses, and a member of the previous release, which knows nothing of versions, carries the
 * entry as one more value, so the record hashes, merges and travels alike on every build. A record
 * without the entry is of a member that speaks only version 1, the format of the releases before
 * versions were negotiated. Every packet's first byte says the version it is written in and the
 * highest its sender speaks.
 * <p>
 * The promise: a release speaks its own version and the previous one, so a cluster can be upgraded
 * (or rolled back) one member at a time. Until a peer's record says otherwise a node writes to it in
 * its lowest version, which every peer of this and the previous release reads.
 *
 * @param lowest the oldest version spoken
 * @param highest the newest version spoken
 */
public record WireVersions(int lowest, int highest) {

	/** The format of the releases before versions were negotiated: no version range anywhere. */
	public static final int FIRST = 1;

	/** The newest version this build can write. */
	public static final int LATEST = 2;

	/** What this release speaks: its own version and the previous one. */
	public static final WireVersions THIS_RELEASE = new WireVersions(FIRST, LATEST);

	/** What the previous release spoke; for tests of mixed clusters. */
	public static final WireVersions PREVIOUS_RELEASE = new WireVersions(FIRST, FIRST);

	/** The metadata entry that announces a member's range; reserved, so not user metadata. */
	public static final String METADATA_KEY = "gossip.wire";

	public WireVersions {
		if (lowest < FIRST || lowest > highest || highest > LATEST) {
			throw new IllegalArgumentException(
					"wire versions " + lowest + "-" + highest + ": this build speaks " + FIRST + " to " + LATEST);
		}
	}

	/** Whether a packet written in {@code version} is one this node reads. */
	public boolean speaks(int version) {
		return version >= this.lowest && version <= this.highest;
	}

	/**
	 * The version to write to a member whose record holds {@code peer}: the highest both speak, or
	 * this node's lowest when the record is unknown or names no version both speak (such a peer
	 * drops the packet and counts it, which shows in its metrics).
	 */
	public int versionFor(MemberMetadata peer) {
		int peerLowest = FIRST;
		int peerHighest = FIRST;
		String announced = (peer != null) ? peer.values().get(METADATA_KEY) : null;
		if (announced != null) {
			int dash = announced.indexOf('-');
			try {
				peerLowest = Integer.parseInt(announced, 0, dash, 10);
				peerHighest = Integer.parseInt(announced, dash + 1, announced.length(), 10);
			}
			catch (NumberFormatException | IndexOutOfBoundsException ex) {
				return this.lowest;
			}
		}
		int common = Math.min(this.highest, peerHighest);
		return (common >= Math.max(this.lowest, peerLowest)) ? common : this.lowest;
	}

	/**
	 * {@code metadata} with this node's range announced in it. The previous release announced
	 * nothing, so a node that speaks only the first version adds nothing either.
	 * @throws IllegalArgumentException if the entry does not fit beside the metadata
	 */
	public MemberMetadata announce(MemberMetadata metadata) {
		if (this.highest == FIRST) {
			return metadata;
		}
		String range = this.lowest + "-" + this.highest;
		if (range.equals(metadata.values().get(METADATA_KEY))) {
			return metadata;
		}
		Map<String, String> values = new TreeMap<>(metadata.values());
		values.put(METADATA_KEY, range);
		try {
			return metadata.withValues(values);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(ex.getMessage() + ", including the protocol's own entry '"
					+ METADATA_KEY + "=" + range + "'", ex);
		}
	}

	/** Whether {@code key} is reserved for the protocol and so refused as a user metadata key. */
	public static boolean isReserved(String key) {
		return key.startsWith("gossip.");
	}

	/**
	 * {@code metadata}, checked to hold no key the protocol reserves for itself.
	 * @throws IllegalArgumentException naming the first reserved key
	 */
	public static Map<String, String> checkUserKeys(Map<String, String> metadata) {
		for (String key : metadata.keySet()) {
			if (key != null && isReserved(key)) {
				throw new IllegalArgumentException("metadata key '" + key
						+ "' is reserved: keys that start with 'gossip.' belong to the protocol");
			}
		}
		return metadata;
	}

	/** {@code values} without the reserved entries: the user metadata a member carries. */
	public static Map<String, String> userValues(Map<String, String> values) {
		if (values.keySet().stream().noneMatch(WireVersions::isReserved)) {
			return values;
		}
		Map<String, String> user = new TreeMap<>(values);
		user.keySet().removeIf(WireVersions::isReserved);
		return user;
	}

}
