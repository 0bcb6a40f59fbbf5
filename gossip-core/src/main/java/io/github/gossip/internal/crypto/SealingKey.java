package io.github.gossip.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A 256-bit AES key derived from the configured {@code cluster.key}, with a one-byte id carried in
 * each datagram (so the receiver tries the right key first) and a short public fingerprint for logs
 * and endpoints. Neither the id nor the fingerprint reveals anything useful about the key: both are
 * truncated hashes of the derived key under a separate domain.
 * <p>
 * Derivation happens once per process: a passphrase goes through Argon2id (memory-hard, so a
 * captured packet does not make guessing cheap), a raw key of full strength only through HKDF.
 * Both are salted with the cluster label so two clusters sharing a passphrase get different keys.
 */
public final class SealingKey {

	/** Argon2id cost: OWASP's minimum recommendation (19 MiB, 2 passes), about 50 ms on one core. */
	static final int ARGON2_MEMORY_KIB = 19 * 1024;

	static final int ARGON2_ITERATIONS = 2;

	private static final int KEY_BYTES = 32;

	private final SecretKeySpec key;

	private final byte id;

	private final String fingerprint;

	private SealingKey(byte[] keyBytes) {
		this.key = new SecretKeySpec(keyBytes, "AES");
		byte[] digest = sha256("gossip key fingerprint v1".getBytes(StandardCharsets.US_ASCII), keyBytes);
		this.id = digest[0];
		this.fingerprint = HexFormat.of().formatHex(digest, 1, 7);
		Arrays.fill(keyBytes, (byte) 0);
	}

	/**
	 * Derives a key from a passphrase with Argon2id.
	 * @param passphrase the passphrase
	 * @param label the cluster label, possibly empty
	 * @return the key
	 */
	public static SealingKey fromPassphrase(String passphrase, String label) {
		Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
			.withVersion(Argon2Parameters.ARGON2_VERSION_13)
			.withMemoryAsKB(ARGON2_MEMORY_KIB)
			.withIterations(ARGON2_ITERATIONS)
			.withParallelism(1)
			.withSalt(salt(label))
			.build();
		Argon2BytesGenerator generator = new Argon2BytesGenerator();
		generator.init(parameters);
		byte[] out = new byte[KEY_BYTES];
		generator.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), out);
		return new SealingKey(out);
	}

	/**
	 * Derives a key from 32 bytes of random key material with HKDF-SHA256.
	 * @param rawKey the raw key
	 * @param label the cluster label, possibly empty
	 * @return the key
	 */
	public static SealingKey fromRawKey(byte[] rawKey, String label) {
		if (rawKey.length != KEY_BYTES) {
			throw new IllegalArgumentException("A raw key must have " + KEY_BYTES + " bytes");
		}
		HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(new HKDFParameters(rawKey, salt(label), "gossip aead key v1".getBytes(StandardCharsets.US_ASCII)));
		byte[] out = new byte[KEY_BYTES];
		hkdf.generateBytes(out, 0, out.length);
		return new SealingKey(out);
	}

	private static byte[] salt(String label) {
		// Argon2 needs at least 8 bytes of salt; the fixed prefix also separates this use from any other.
		return ("gossip-spring-boot cluster key v1/" + label).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] sha256(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	SecretKeySpec secretKey() {
		return this.key;
	}

	/** The id written in each datagram sealed with this key. */
	public byte id() {
		return this.id;
	}

	/** A short public fingerprint (12 hex digits) that tells keys apart in logs and endpoints. */
	public String fingerprint() {
		return this.fingerprint;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SealingKey that && that.fingerprint.equals(this.fingerprint) && that.id == this.id;
	}

	@Override
	public int hashCode() {
		return this.fingerprint.hashCode();
	}

	@Override
	public String toString() {
		return "SealingKey[fingerprint=" + this.fingerprint + "]";
	}

}
