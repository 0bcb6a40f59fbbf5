package io.github.gossip.internal.wire;

/**
 * The only exception {@link WireCodec#decode} throws: the input is not a packet of a supported
 * version. Unchecked so that a transport handler can catch it in one place, count and drop.
 */
public final class DecodeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean unsupportedVersion;

	public DecodeException(String message) {
		this(message, false);
	}

	private DecodeException(String message, boolean unsupportedVersion) {
		super(message, null, false, false);
		this.unsupportedVersion = unsupportedVersion;
	}

	static DecodeException unsupportedVersion(int version, WireVersions versions) {
		return new DecodeException("wire version " + version + ", this node speaks " + versions.lowest() + " to "
				+ versions.highest(), true);
	}

	/**
	 * Whether the packet is well framed but in a wire version this node does not speak: a peer of
	 * another release, not damage or an attack.
	 */
	public boolean isUnsupportedVersion() {
		return this.unsupportedVersion;
	}

}
