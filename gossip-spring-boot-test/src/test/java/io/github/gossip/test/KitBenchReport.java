package io.github.gossip.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints the kit's benchmark figures as {@code BENCH <name> key=value ...}, as the core's benchmarks
 * do, with the machine's load average (the machine is shared: a figure means little without it), and
 * appends them to {@code target/bench/results.txt}.
 */
final class KitBenchReport {

	/** Relative to the module directory, where Surefire runs tests. */
	private static final Path RESULTS = Path.of("target", "bench", "results.txt");

	private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

	private KitBenchReport() {
	}

	/**
	 * Prints and records a figure.
	 * @param name the figure's name, such as {@code kit.split_heal}
	 * @param keyValues alternating keys and values; {@code load} is added
	 */
	static synchronized void print(String name, Object... keyValues) {
		StringBuilder line = new StringBuilder("BENCH ").append(name);
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
		}
		line.append(" load=").append(loadAverage());
		System.out.println(line);
		try {
			Files.createDirectories(RESULTS.getParent());
			Files.writeString(RESULTS, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The 1, 5 and 15 minute load averages, as {@code 0.52/0.61/0.70}; {@code n/a} where there are none. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(LOAD_AVERAGE, StandardCharsets.US_ASCII).trim().split("\\s+");
			return fields[0] + "/" + fields[1] + "/" + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

}
