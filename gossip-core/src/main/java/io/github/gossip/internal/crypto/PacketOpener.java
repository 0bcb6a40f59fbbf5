package io.github.gossip.internal.crypto;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Opens incoming datagrams: checks the layout, the cluster tag, the key, the authentication tag, the
 * timestamp and the replay window, in that order, and never throws for anything a peer can send.
 * Plaintext is never accepted: whatever does not open under a key of the keyring is dropped.
 * <p>
 * Not thread-safe, except for {@link #keyring(Keyring)}: one opener belongs to the one thread that
 * receives.
 */
public final class PacketOpener {

	/** Default tolerance between the sender's clock and ours; far above what NTP leaves. */
	public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);

	private static final int MAX_SESSIONS = 65_536;

	private final Cipher cipher = Envelope.newCipher();

	private final ReplayGuard replays = new ReplayGuard(MAX_SESSIONS);

	private final byte[] label;

	private final short clusterTag;

	private final int maxDatagramSize;

	private final long maxSkewSeconds;

	private final LongSupplier wallClockMillis;

	private volatile Keyring keyring;

	/**
	 * Creates an opener.
	 * @param keyring the keys that may open
	 * @param label the cluster label, possibly empty
	 * @param maxDatagramSize the largest datagram accepted
	 * @param maxClockSkew how far a datagram's timestamp may be from our clock
	 * @param wallClockMillis the wall clock
	 */
	public PacketOpener(Keyring keyring, String label, int maxDatagramSize, Duration maxClockSkew,
			LongSupplier wallClockMillis) {
		this.keyring = keyring;
		this.label = Envelope.labelBytes(label);
		this.clusterTag = Envelope.clusterTag(label);
		this.maxDatagramSize = maxDatagramSize;
		this.maxSkewSeconds = maxClockSkew.toSeconds();
		this.wallClockMillis = wallClockMillis;
	}

	/** Replaces the keyring, as keys rotate. */
	public void keyring(Keyring keyring) {
		this.keyring = keyring;
	}

	/**
	 * Opens a datagram.
	 * @param datagram the received bytes
	 * @param offset where the datagram starts
	 * @param length its length
	 * @return the payload, or the reason it was dropped
	 */
	public Opened open(byte[] datagram, int offset, int length) {
		if (length > this.maxDatagramSize) {
			return Opened.dropped(DropReason.OVERSIZE);
		}
		if (length < Envelope.OVERHEAD || datagram[offset] != Envelope.VERSION) {
			return Opened.dropped(DropReason.MALFORMED);
		}
		short tag = (short) (((datagram[offset + 1] & 0xff) << 8) | (datagram[offset + 2] & 0xff));
		if (tag != this.clusterTag) {
			return Opened.dropped(DropReason.WRONG_CLUSTER);
		}
		List<SealingKey> candidates = this.keyring.candidates(datagram[offset + 3]);
		byte[] payload = null;
		for (SealingKey key : candidates) {
			payload = tryOpen(key, datagram, offset, length);
			if (payload != null) {
				break;
			}
		}
		if (payload == null) {
			return Opened.dropped(DropReason.BAD_KEY);
		}
		long sentSeconds = Envelope.getInt(datagram, offset + 4) & 0xffffffffL;
		long nowSeconds = (this.wallClockMillis.getAsLong() / 1000) & 0xffffffffL;
		if (Math.abs(nowSeconds - sentSeconds) > this.maxSkewSeconds) {
			return Opened.dropped(DropReason.CLOCK_SKEW);
		}
		long session = Envelope.getLong(datagram, offset + Envelope.NONCE_OFFSET);
		long counter = Envelope.getInt(datagram, offset + Envelope.NONCE_OFFSET + 8) & 0xffffffffL;
		if (!this.replays.accept(session, counter)) {
			return Opened.dropped(DropReason.REPLAY);
		}
		return new Opened(payload, null);
	}

	private byte[] tryOpen(SealingKey key, byte[] datagram, int offset, int length) {
		try {
			this.cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(Envelope.TAG_BYTES * 8,
					datagram, offset + Envelope.NONCE_OFFSET, Envelope.NONCE_BYTES));
			this.cipher.updateAAD(datagram, offset, Envelope.HEADER_BYTES);
			this.cipher.updateAAD(this.label);
			// Decrypting into a sized array rather than letting doFinal allocate keeps JDK 17 on its fast path.
			byte[] payload = new byte[length - Envelope.OVERHEAD];
			this.cipher.doFinal(datagram, offset + Envelope.HEADER_BYTES, length - Envelope.HEADER_BYTES, payload, 0);
			return payload;
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw Envelope.unexpected(ex);
		}
	}

	/**
	 * The outcome of opening a datagram.
	 *
	 * @param payload the payload, or {@code null} when dropped
	 * @param dropReason why it was dropped, or {@code null} when opened
	 */
	public record Opened(byte[] payload, DropReason dropReason) {

		static Opened dropped(DropReason reason) {
			return new Opened(null, reason);
		}

		/** Whether the datagram opened. */
		public boolean isOpen() {
			return this.payload != null;
		}

	}

}
