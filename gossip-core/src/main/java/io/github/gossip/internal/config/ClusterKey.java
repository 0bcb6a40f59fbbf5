package io.github.gossip.internal.config;

import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * A shared secret, as configured. Its {@code toString} never reveals it.
 * <p>
 * Two forms are accepted: a passphrase (at least {@value #MIN_PASSPHRASE_LENGTH} characters,
 * stretched by a password hash before use) or a raw 256-bit key written {@code base64:<44 chars>} or
 * {@code hex:<64 hex digits>} for users who already hold a random key.
 */
public final class ClusterKey {

	/** Shortest passphrase accepted: below this, an offline guess of a captured packet gets cheap. */
	public static final int MIN_PASSPHRASE_LENGTH = 16;

	/** Length of a raw key in bytes (AES-256). */
	public static final int RAW_KEY_BYTES = 32;

	/** A hint shown with every key error. */
	public static final String HINT = "use a passphrase of at least " + MIN_PASSPHRASE_LENGTH
			+ " characters, or generate a raw key with 'openssl rand -base64 32' and write it as base64:<key>";

	private final String secret;

	private final byte[] rawKey;

	private ClusterKey(String secret, byte[] rawKey) {
		this.secret = secret;
		this.rawKey = rawKey;
	}

	/**
	 * Checks and wraps a configured key.
	 * @param secret the key as configured
	 * @return the key
	 * @throws IllegalArgumentException with a reason that never contains the secret
	 */
	public static ClusterKey of(String secret) {
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("is blank; " + HINT);
		}
		if (!secret.equals(secret.strip())) {
			throw new IllegalArgumentException("has leading or trailing whitespace, which other nodes may not share; remove it");
		}
		if (secret.startsWith("base64:")) {
			return raw(secret, "base64", Base64.getDecoder()::decode);
		}
		if (secret.startsWith("hex:")) {
			return raw(secret, "hex", HexFormat.of()::parseHex);
		}
		if (secret.length() < MIN_PASSPHRASE_LENGTH) {
			throw new IllegalArgumentException(
					"is too short to be safe (at least " + MIN_PASSPHRASE_LENGTH + " characters are required); " + HINT);
		}
		return new ClusterKey(secret, null);
	}

	private static ClusterKey raw(String secret, String form, Function<String, byte[]> decoder) {
		byte[] raw;
		try {
			raw = decoder.apply(secret.substring(form.length() + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("starts with '" + form + ":' but is not valid " + form + "; " + HINT);
		}
		if (raw.length != RAW_KEY_BYTES) {
			throw new IllegalArgumentException("is a " + form + " key of " + raw.length + " bytes, but exactly "
					+ RAW_KEY_BYTES + " are required; " + HINT);
		}
		return new ClusterKey(secret, raw);
	}

	/** Whether the key is raw key material rather than a passphrase. */
	public boolean isRaw() {
		return this.rawKey != null;
	}

	/** The passphrase or the raw form's text, for key derivation only. */
	public String secret() {
		return this.secret;
	}

	/** A copy of the raw key bytes; only for {@link #isRaw() raw} keys. */
	public byte[] rawKey() {
		if (this.rawKey == null) {
			throw new IllegalStateException("Not a raw key");
		}
		return this.rawKey.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ClusterKey key && key.secret.equals(this.secret);
	}

	@Override
	public int hashCode() {
		return this.secret.hashCode();
	}

	@Override
	public String toString() {
		return isRaw() ? "ClusterKey[raw, ******]" : "ClusterKey[passphrase, ******]";
	}

}
