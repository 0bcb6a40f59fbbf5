package io.github.gossip.internal.crypto;

/**
 * Why an incoming datagram was dropped before reaching the protocol. Every reason is counted; the
 * set is small and fixed so that it can be a metric tag.
 */
public enum DropReason {

	/** Too short to hold the header and tag, or an unknown format version. */
	MALFORMED("malformed"),

	/** Larger than any datagram a peer may send. */
	OVERSIZE("oversize"),

	/** Sealed for a cluster with another label. */
	WRONG_CLUSTER("wrong-cluster"),

	/** No key in the keyring opens it: another key, or a forged or corrupted datagram. */
	BAD_KEY("bad-key"),

	/** Already received, or older than the replay window. */
	REPLAY("replay"),

	/** Its timestamp is further from this node's clock than the allowed skew. */
	CLOCK_SKEW("clock-skew"),

	/**
	 * It opened, but is written in a wire version this node does not speak: a peer of a release too
	 * far apart, which a rolling upgrade must not skip.
	 */
	UNSUPPORTED_VERSION("unsupported-version"),

	/** It opened, but the protocol thread had too many packets waiting to take one more. */
	OVERLOAD("overload"),

	/**
	 * This node's own code failed while handling it: a bug, logged at ERROR, and no sign of hostile
	 * traffic (which counts under the other reasons).
	 */
	INTERNAL_ERROR("internal-error");

	private final String tag;

	DropReason(String tag) {
		this.tag = tag;
	}

	/** The reason as a metric tag or log word. */
	public String tag() {
		return this.tag;
	}

}
