package io.github.gossip.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;

/**
 * The layout of a sealed datagram, shared by {@link PacketSealer} and {@link PacketOpener}.
 * <pre>
 * offset  size  field
 *      0     1  format version (1)
 *      1     2  cluster tag: first bytes of SHA-256 of the cluster label
 *      3     1  key id of the sealing key
 *      4     4  sender's clock, seconds since the epoch (unsigned, wraps in 2106)
 *      8    12  nonce: sender session (8 random bytes per process) || counter (4 bytes)
 *     20     n  AES-256-GCM ciphertext of the payload
 *   20+n    16  GCM tag
 * </pre>
 * The header (bytes 0-19) and the full cluster label are authenticated as associated data, and the
 * nonce by GCM itself, so the session and counter that the replay window trusts cannot be forged.
 * A nonce never repeats under a key: each process draws a fresh 64-bit session at random and counts
 * up; 2^32 datagrams later it draws a new session.
 */
final class Envelope {

	static final byte VERSION = 1;

	static final int HEADER_BYTES = 20;

	static final int TAG_BYTES = 16;

	/** Bytes a sealed datagram adds to its payload. */
	static final int OVERHEAD = HEADER_BYTES + TAG_BYTES;

	static final int NONCE_OFFSET = 8;

	static final int NONCE_BYTES = 12;

	private Envelope() {
	}

	static byte[] labelBytes(String label) {
		return label.getBytes(StandardCharsets.UTF_8);
	}

	static short clusterTag(String label) {
		byte[] digest = SealingKey.sha256("gossip cluster tag v1/".getBytes(StandardCharsets.US_ASCII),
				labelBytes(label));
		return (short) (((digest[0] & 0xff) << 8) | (digest[1] & 0xff));
	}

	static Cipher newCipher() {
		try {
			// The JDK provider's GCM uses AES-NI and carry-less multiply: far faster than BouncyCastle's.
			return Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (NoSuchPaddingException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", ex);
		}
	}

	static void putInt(byte[] buffer, int offset, int value) {
		buffer[offset] = (byte) (value >>> 24);
		buffer[offset + 1] = (byte) (value >>> 16);
		buffer[offset + 2] = (byte) (value >>> 8);
		buffer[offset + 3] = (byte) value;
	}

	static void putLong(byte[] buffer, int offset, long value) {
		putInt(buffer, offset, (int) (value >>> 32));
		putInt(buffer, offset + 4, (int) value);
	}

	static int getInt(byte[] buffer, int offset) {
		return ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
				| ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
	}

	static long getLong(byte[] buffer, int offset) {
		return ((long) getInt(buffer, offset) << 32) | (getInt(buffer, offset + 4) & 0xffffffffL);
	}

	/** Thrown only for programming errors; never for bad input. */
	static IllegalStateException unexpected(GeneralSecurityException ex) {
		return new IllegalStateException("AES-GCM failed unexpectedly", ex);
	}

}
