package io.github.gossip.autoconfigure;

import java.net.InetAddress;
import java.util.Optional;

import io.github.gossip.internal.config.AdvertisableAddresses;

/**
 * Chooses the address to advertise when the bind address is a wildcard. Advertising {@code 0.0.0.0}
 * or {@code ::} would make every peer send to itself, so a real interface address is needed. The
 * default scans the machine's interfaces; declare a bean of this type to choose otherwise (the
 * address of a pod, say).
 */
@FunctionalInterface
public interface LocalAddressResolver {

	/**
	 * The address to advertise for a wildcard bind.
	 * @param ipv6Wildcard whether the bind address is {@code ::} (dual stack) rather than {@code 0.0.0.0}
	 * @return a usable address, or empty when the machine has none
	 */
	Optional<InetAddress> advertisable(boolean ipv6Wildcard);

	/**
	 * Picks from the machine's interfaces that are up and not loopback: a site-local IPv4 address first,
	 * then any other IPv4 address, then (for {@code ::} only) a global IPv6 address. Link-local
	 * addresses are never chosen: they need a scope that peers do not share.
	 */
	static LocalAddressResolver interfaces() {
		return AdvertisableAddresses.interfaces()::advertisable;
	}

}
