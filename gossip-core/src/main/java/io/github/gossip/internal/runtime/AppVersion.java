package io.github.gossip.internal.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.gossip.membership.ClusterMember;

/**
 * The application version a node announces: one entry of its metadata, under
 * {@link ClusterMember#APP_VERSION_KEY}, set by the node's configuration ({@code cluster.app-version},
 * the build, or {@code ClusterNodeBuilder.appVersion}) and never by the user metadata, so that an
 * operator can trust it while a rolling upgrade goes through the cluster.
 * <p>
 * Short and printable, so that it fits next to the roles and user metadata in a member's record
 * (at most 64 + 1 value bytes and 11 + 1 key bytes of the 512 that a record's metadata may take)
 * and shows as it is in a log line, a JSON document or a table cell.
 */
public final class AppVersion {

	/** What a version may be, for error messages. */
	public static final String ALLOWED = "1 to 64 printable ASCII characters without spaces, such as 1.4.2 or "
			+ "2.0.0-rc.1+build.7";

	private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,64}");

	private AppVersion() {
	}

	/** Whether {@code version} may be announced. */
	public static boolean isValid(@Nullable String version) {
		return version != null && VALID.matcher(version).matches();
	}

	/**
	 * The metadata values to announce: the user's, with the application version, if any.
	 * @param user the user metadata, as given to {@code updateMetadata} or the builder
	 * @param version the application version of this node, or {@code null} for none
	 * @return the values to announce
	 * @throws IllegalArgumentException if {@code user} sets the version's key to anything but the
	 * version this node announces (the same value is accepted, so that a member's metadata read back
	 * from the view can be changed and given again)
	 */
	public static Map<String, String> withUserMetadata(Map<String, String> user, @Nullable String version) {
		String key = ClusterMember.APP_VERSION_KEY;
		if (user.containsKey(key) && (version == null || !version.equals(user.get(key)))) {
			throw new IllegalArgumentException("metadata key '" + key + "' is reserved for the application version, "
					+ ((version != null) ? "which this node announces as '" + version + "'"
							: "which this node does not announce")
					+ "; allowed: other keys, or '" + key + "' with the version this node announces; set the version "
					+ "with cluster.app-version or ClusterNodeBuilder.appVersion");
		}
		if (version == null) {
			return user;
		}
		Map<String, String> values = new LinkedHashMap<>(user);
		values.put(key, version);
		return values;
	}

}
