package io.github.gossip.internal.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a node: one primary key that seals every outgoing datagram, and further keys that
 * only open. Keys rotate with no downtime: install the new key everywhere as a secondary, make it
 * primary everywhere, then remove the old one.
 *
 * @param primary the key that seals
 * @param secondaries keys that only open
 */
public record Keyring(SealingKey primary, List<SealingKey> secondaries) {

	public Keyring {
		secondaries = List.copyOf(secondaries);
	}

	/** A keyring with only a primary key. */
	public static Keyring of(SealingKey primary) {
		return new Keyring(primary, List.of());
	}

	/** Keys that may open a datagram with this key id, primary first. Usually one. */
	List<SealingKey> candidates(byte keyId) {
		List<SealingKey> candidates = new ArrayList<>(1);
		if (this.primary.id() == keyId) {
			candidates.add(this.primary);
		}
		for (SealingKey key : this.secondaries) {
			if (key.id() == keyId) {
				candidates.add(key);
			}
		}
		return candidates;
	}

}
