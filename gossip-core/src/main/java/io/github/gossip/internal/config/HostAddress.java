package io.github.gossip.internal.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as written in the configuration: an IPv4 literal, an IPv6 literal (with or without
 * brackets) or a DNS host name. Parsing never performs a DNS lookup; names are resolved by the
 * transport when it binds or sends, so that a seed's addresses can change between retries.
 *
 * @param host the host without brackets ({@code ::1}, {@code 10.0.0.1}, {@code node1.example})
 * @param kind what kind of host it is
 */
public record HostAddress(String host, Kind kind) {

	/** What a host may look like, for error messages. */
	public static final String ALLOWED = "an IPv4 address, an IPv6 address (optionally in brackets) or a host name";

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

	private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");

	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

	private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	/** The kinds of host. */
	public enum Kind {

		IPV4, IPV6, HOST_NAME

	}

	/**
	 * Parses a host.
	 * @param text the host, trimmed by the caller
	 * @return the host
	 * @throws IllegalArgumentException if it is none of the allowed forms
	 */
	public static HostAddress parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("blank");
		}
		String host = text;
		if (host.startsWith("[") || host.endsWith("]")) {
			if (!(host.startsWith("[") && host.endsWith("]")) || host.length() < 3) {
				throw new IllegalArgumentException("unbalanced brackets");
			}
			host = host.substring(1, host.length() - 1);
			rejectZone(host);
			if (!isIpv6(host)) {
				throw new IllegalArgumentException("brackets must enclose an IPv6 address");
			}
			return new HostAddress(host, Kind.IPV6);
		}
		if (IPV4.matcher(host).matches()) {
			return new HostAddress(host, Kind.IPV4);
		}
		if (host.indexOf(':') >= 0) {
			rejectZone(host);
			if (isIpv6(host)) {
				return new HostAddress(host, Kind.IPV6);
			}
			throw new IllegalArgumentException("not a valid IPv6 address");
		}
		if (LOOKS_NUMERIC.matcher(host).matches()) {
			throw new IllegalArgumentException("not a valid IPv4 address");
		}
		if (isHostName(host)) {
			return new HostAddress(host.toLowerCase(Locale.ROOT), Kind.HOST_NAME);
		}
		throw new IllegalArgumentException("not a valid host name");
	}

	private static void rejectZone(String host) {
		if (host.indexOf('%') >= 0) {
			// a zone names an interface of this machine and means nothing to the peers it is advertised to
			throw new IllegalArgumentException("IPv6 zone ids (%...) are not supported; use a global or unique-local address");
		}
	}

	private static boolean isIpv6(String host) {
		if (!IPV6_CHARS.matcher(host).matches() || host.indexOf(':') < 0) {
			return false;
		}
		try {
			// A literal containing ':' is parsed, never looked up.
			return InetAddress.getByName(host).getAddress().length == 16 || host.contains(".");
		}
		catch (UnknownHostException | SecurityException ex) {
			return false;
		}
	}

	private static boolean isHostName(String host) {
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		if (name.isEmpty() || name.length() > 253) {
			return false;
		}
		for (String label : name.split("\\.", -1)) {
			if (!LABEL.matcher(label).matches()) {
				return false;
			}
		}
		return true;
	}

	/** Whether this is {@code 0.0.0.0} or {@code ::}, which bind every interface but reach no one. */
	public boolean isWildcard() {
		return literal().map(InetAddress::isAnyLocalAddress).orElse(false);
	}

	/** The IP address of a literal host; empty for a host name. */
	public java.util.Optional<InetAddress> literal() {
		if (this.kind == Kind.HOST_NAME) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional.of(InetAddress.getByName(this.host));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Validated literal did not parse: " + this.host, ex);
		}
	}

	/** One spelling per host: the address bytes of a literal, the lower-case name otherwise. */
	public String canonical() {
		return literal().map((address) -> java.util.HexFormat.of().formatHex(address.getAddress())).orElse(this.host);
	}

	/** The host as it would be written before {@code :port}: IPv6 in brackets. */
	public String toUriHost() {
		return (this.kind == Kind.IPV6) ? "[" + this.host + "]" : this.host;
	}

	@Override
	public String toString() {
		return toUriHost();
	}

}
