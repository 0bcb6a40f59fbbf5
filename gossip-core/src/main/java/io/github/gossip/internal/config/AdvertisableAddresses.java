package io.github.gossip.internal.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the address to advertise when the bind address is a wildcard. Advertising {@code 0.0.0.0}
 * or {@code ::} would make every peer send to itself, so a real interface address is needed.
 */
@FunctionalInterface
public interface AdvertisableAddresses {

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
	static AdvertisableAddresses interfaces() {
		return (ipv6Wildcard) -> {
			List<InetAddress> candidates;
			try {
				candidates = Collections.list(NetworkInterface.getNetworkInterfaces())
					.stream()
					.filter(AdvertisableAddresses::isUsable)
					.flatMap(NetworkInterface::inetAddresses)
					.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()
							&& !address.isAnyLocalAddress())
					.filter((address) -> address instanceof Inet4Address || ipv6Wildcard)
					.toList();
			}
			catch (SocketException ex) {
				return Optional.empty();
			}
			return candidates.stream().min(Comparator.comparingInt(AdvertisableAddresses::preference));
		};
	}

	private static boolean isUsable(NetworkInterface networkInterface) {
		try {
			return networkInterface.isUp() && !networkInterface.isLoopback() && !networkInterface.isVirtual();
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static int preference(InetAddress address) {
		if (address instanceof Inet4Address) {
			return address.isSiteLocalAddress() ? 0 : 1;
		}
		return (address instanceof Inet6Address && !address.isSiteLocalAddress()) ? 2 : 3;
	}

}
