package io.github.gossip.internal.wire;

/**
 * The only exception {@link WireCodec#decode} throws: the input is not a packet of a supported
 * version. Unchecked so that a transport handler can catch it in one place, count and drop.
 */
public final class DecodeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public DecodeException(String message) {
		super(message, null, false, false);
	}

}
