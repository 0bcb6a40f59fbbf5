package io.github.gossip.internal.config;

/**
 * A seed as configured: a host and the port it listens on.
 *
 * @param host the host; names are resolved again for every join and heal attempt
 * @param port the UDP port
 */
public record SeedNode(HostAddress host, int port) {

	/** What a seed may look like, for error messages. */
	public static final String ALLOWED = "host, host:port, [ipv6] or [ipv6]:port, with a port from 1 to 65535";

	/**
	 * Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 literal.
	 * @param text the seed
	 * @param defaultPort the port when none is written
	 * @return the seed
	 * @throws IllegalArgumentException with the reason if it cannot be parsed
	 */
	public static SeedNode parse(String text, int defaultPort) {
		String value = text.trim();
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("missing ']'");
			}
			HostAddress host = HostAddress.parse(value.substring(0, close + 1));
			String rest = value.substring(close + 1);
			if (rest.isEmpty()) {
				return new SeedNode(host, defaultPort);
			}
			if (!rest.startsWith(":")) {
				throw new IllegalArgumentException("expected ':port' after ']'");
			}
			return new SeedNode(host, parsePort(rest.substring(1)));
		}
		int firstColon = value.indexOf(':');
		if (firstColon >= 0 && firstColon == value.lastIndexOf(':')) {
			return new SeedNode(HostAddress.parse(value.substring(0, firstColon)),
					parsePort(value.substring(firstColon + 1)));
		}
		if (firstColon >= 0) {
			// "fd00::1:1180" could be an address or an address and a port: make the user say which
			throw new IllegalArgumentException("an IPv6 seed must be written in brackets, [v6] or [v6]:port");
		}
		return new SeedNode(HostAddress.parse(value), defaultPort);
	}

	/** A key under which two seeds that name the same socket compare equal, however written. */
	String canonical() {
		return this.host.canonical() + "|" + this.port;
	}

	private static int parsePort(String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("port '" + text + "' is not a number from 1 to 65535");
	}

	@Override
	public String toString() {
		return this.host.toUriHost() + ":" + this.port;
	}

}
