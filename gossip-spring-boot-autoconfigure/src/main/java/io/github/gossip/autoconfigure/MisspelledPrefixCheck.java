package io.github.gossip.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.github.gossip.config.InvalidSettingsException.Violation;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds properties whose prefix is a near miss of {@code cluster}, such as the {@code cluste.} of
 * Stalwart's own documentation example, which Spring would silently ignore. Ignoring a role list
 * means every node holds the role (every node renews the certificates), ignoring a key leaves
 * gossip off or a rotation key missing, and ignoring a leadership policy gives a role a leader on
 * each side of a split: those stop start-up, unless the application says the prefix is its own. Any other near miss only degrades tuning or joining, and is a WARN.
 */
final class MisspelledPrefixCheck {

	static final String OPT_OUT = "cluster.allow-near-miss-prefix";

	private static final Log logger = LogFactory.getLog(MisspelledPrefixCheck.class);

	private static final String PREFIX = "cluster";

	private MisspelledPrefixCheck() {
	}

	/**
	 * Logs the near misses that are not fatal and returns one violation per property that would set
	 * roles or keys (none when {@code allowed}).
	 */
	static List<Violation> check(Environment environment, boolean allowed) {
		Set<String> suspects = find(environment);
		Set<String> fatal = new TreeSet<>();
		Set<String> warned = new TreeSet<>();
		for (String name : suspects) {
			(!allowed && consequence(name) != null ? fatal : warned).add(name);
		}
		if (!warned.isEmpty()) {
			logger.warn("Ignoring properties that look like a misspelling of the 'cluster.' prefix: " + warned
					+ ". Did you mean " + warned.stream().map(MisspelledPrefixCheck::corrected).toList() + "?");
		}
		// a role list written as [0], [1]: one violation for the list
		Set<String> reported = new TreeSet<>();
		fatal.forEach((name) -> reported.add(name.replaceFirst("\\[\\d+]$", "")));
		List<Violation> violations = new ArrayList<>();
		for (String name : reported) {
			String fix = corrected(name);
			violations.add(new Violation(name, null, "looks like a misspelling of " + fix + "; as written it is ignored, "
					+ consequence(name) + "; rename it to " + fix + ", or set " + OPT_OUT
					+ "=true if this prefix is your own"));
		}
		return violations;
	}

	/** What ignoring the property would do, when that is worse than a default; {@code null} otherwise. */
	private static String consequence(String name) {
		String rest = name.substring(firstSegment(name).length()).toLowerCase(Locale.ROOT);
		String segment = rest.substring(1).split("[._\\[]", 2)[0].replace("-", "");
		return switch (segment) {
			case "roles" -> "and a role that is not configured is held by every node";
			case "key" -> "and gossip stays off without cluster.key";
			case "secondarykeys" -> "and packets sealed with that key would be dropped";
			case "leadership" -> "and a role meant to have the majority policy is available: a leader on every "
					+ "side of a network split";
			default -> null;
		};
	}

	static Set<String> find(Environment environment) {
		Set<String> suspects = new TreeSet<>();
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return suspects;
		}
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (isNearMiss(firstSegment(name))) {
						suspects.add(name);
					}
				}
			}
		}
		return suspects;
	}

	private static String firstSegment(String name) {
		int end = 0;
		while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '_' && name.charAt(end) != '[') {
			end++;
		}
		// A bare word (no dot or underscore after it) is not a property prefix, e.g. an env var CLUSTERS.
		return (end < name.length()) ? name.substring(0, end).toLowerCase(Locale.ROOT) : "";
	}

	static boolean isNearMiss(String segment) {
		// One edit (a swap of neighbours counts as one) catches real typos; two would flag words like "counter".
		if (segment.length() < PREFIX.length() - 1 || segment.equals(PREFIX)) {
			return false;
		}
		return distance(segment, PREFIX) <= 1;
	}

	private static String corrected(String name) {
		String segment = name.substring(0, firstSegment(name).length());
		String rest = name.substring(segment.length());
		boolean upper = segment.equals(segment.toUpperCase(Locale.ROOT));
		return (upper ? PREFIX.toUpperCase(Locale.ROOT) : PREFIX) + rest;
	}

	/** Optimal string alignment distance: edits, with a swap of two neighbours counted once. */
	private static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}
