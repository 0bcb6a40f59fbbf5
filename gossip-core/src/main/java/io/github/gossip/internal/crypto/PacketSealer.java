package io.github.gossip.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals outgoing payloads with the keyring's primary key (see {@link Envelope} for the layout).
 * <p>
 * Not thread-safe: one sealer belongs to the one thread that sends. The keyring may be swapped at
 * any time from another thread, which is how the primary key rotates.
 */
public final class PacketSealer {

	private final Cipher cipher = Envelope.newCipher();

	private final SecureRandom random;

	private final LongSupplier wallClockMillis;

	private final byte[] label;

	private final short clusterTag;

	private volatile Keyring keyring;

	private long session;

	private long counter;

	/**
	 * Creates a sealer.
	 * @param keyring the keys; the primary seals
	 * @param label the cluster label, possibly empty
	 * @param random source of the session ids
	 * @param wallClockMillis the wall clock, for the timestamp that bounds replays
	 */
	public PacketSealer(Keyring keyring, String label, SecureRandom random, LongSupplier wallClockMillis) {
		this.keyring = keyring;
		this.label = Envelope.labelBytes(label);
		this.clusterTag = Envelope.clusterTag(label);
		this.random = random;
		this.wallClockMillis = wallClockMillis;
		newSession();
	}

	/** A sealer with a strong random source and the system clock. */
	public static PacketSealer create(Keyring keyring, String label) {
		return new PacketSealer(keyring, label, new SecureRandom(), System::currentTimeMillis);
	}

	/** Bytes that sealing adds to a payload. */
	public static int overhead() {
		return Envelope.OVERHEAD;
	}

	/** Replaces the keyring; the next datagram is sealed with the new primary key. */
	public void keyring(Keyring keyring) {
		this.keyring = keyring;
	}

	/**
	 * Seals a payload.
	 * @param payload the bytes to seal
	 * @param offset where they start
	 * @param length how many
	 * @return the datagram, {@link #overhead()} bytes longer than the payload
	 */
	public byte[] seal(byte[] payload, int offset, int length) {
		if (this.counter > 0xffffffffL) {
			newSession();
		}
		SealingKey key = this.keyring.primary();
		byte[] datagram = new byte[length + Envelope.OVERHEAD];
		datagram[0] = Envelope.VERSION;
		datagram[1] = (byte) (this.clusterTag >>> 8);
		datagram[2] = (byte) this.clusterTag;
		datagram[3] = key.id();
		Envelope.putInt(datagram, 4, (int) (this.wallClockMillis.getAsLong() / 1000));
		Envelope.putLong(datagram, Envelope.NONCE_OFFSET, this.session);
		Envelope.putInt(datagram, Envelope.NONCE_OFFSET + 8, (int) this.counter++);
		try {
			this.cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(),
					new GCMParameterSpec(Envelope.TAG_BYTES * 8, datagram, Envelope.NONCE_OFFSET, Envelope.NONCE_BYTES));
			this.cipher.updateAAD(datagram, 0, Envelope.HEADER_BYTES);
			this.cipher.updateAAD(this.label);
			this.cipher.doFinal(payload, offset, length, datagram, Envelope.HEADER_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw Envelope.unexpected(ex);
		}
		return datagram;
	}

	private void newSession() {
		this.session = this.random.nextLong();
		this.counter = 0;
	}

}
