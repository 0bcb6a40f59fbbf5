package io.github.gossip.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/** Prints benchmark figures as {@code BENCH <name> key=value ...} and appends them to a file. */
public final class BenchReport {

	/** Relative to the module directory, where Surefire runs tests. */
	static final Path RESULTS = Path.of("target", "bench", "results.txt");

	private BenchReport() {
	}

	/**
	 * Prints and records a figure from its parts.
	 * @param name the figure's name, such as {@code crypto.seal}
	 * @param keyValues alternating keys and values
	 */
	public static void print(String name, Object... keyValues) {
		StringBuilder line = new StringBuilder(name);
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
		}
		record(line.toString());
	}

	public static synchronized void record(String line) {
		String full = "BENCH " + line;
		System.out.println(full);
		try {
			Files.createDirectories(RESULTS.getParent());
			Files.writeString(RESULTS, full + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Nearest-rank percentile of {@code values} (0 < p <= 100). */
	public static long percentile(List<Long> values, double p) {
		if (values.isEmpty()) {
			return -1;
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}
