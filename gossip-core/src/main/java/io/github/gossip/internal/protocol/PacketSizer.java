package io.github.gossip.internal.protocol;

/**
 * Exact encoded sizes, supplied by the codec, so the state machine can fill datagrams with
 * piggybacked updates without depending on the wire package.
 */
public interface PacketSizer {

	/** Encoded size of a packet with {@code message} and no updates, including the update count. */
	int baseSize(MemberId sender, long senderIncarnation, Message message);

	/** Bytes one update adds to a packet. */
	int updateSize(Update update);

	/** Extra bytes the update count may need beyond those counted in {@link #baseSize}. */
	default int countOverhead() {
		return 2;
	}
}
