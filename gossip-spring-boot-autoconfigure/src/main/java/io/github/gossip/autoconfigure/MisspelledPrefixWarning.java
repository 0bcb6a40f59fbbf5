package io.github.gossip.autoconfigure;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Warns about properties whose prefix is a near miss of {@code cluster}, such as the {@code cluste.}
 * of Stalwart's own documentation example: such properties are silently ignored otherwise, and a
 * role list that is ignored means every node holds the role.
 */
final class MisspelledPrefixWarning {

	private static final Log logger = LogFactory.getLog(MisspelledPrefixWarning.class);

	private static final String PREFIX = "cluster";

	private MisspelledPrefixWarning() {
	}

	static void logIfAny(Environment environment) {
		Set<String> suspects = find(environment);
		if (!suspects.isEmpty()) {
			logger.warn("Ignoring properties that look like a misspelling of the 'cluster.' prefix: " + suspects
					+ ". Did you mean " + suspects.stream().map(MisspelledPrefixWarning::corrected).toList() + "?");
		}
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
