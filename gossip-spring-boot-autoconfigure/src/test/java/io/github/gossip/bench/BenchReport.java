package io.github.gossip.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints a benchmark figure as one line, {@code BENCH <name> key=value ...}, and appends it to
 * {@code target/bench/results.txt} of the module.
 */
public final class BenchReport {

	private static final Path RESULTS = Path.of("target", "bench", "results.txt");

	private BenchReport() {
	}

	/**
	 * Prints and records a figure.
	 * @param name the figure's name, such as {@code crypto.seal}
	 * @param keyValues alternating keys and values
	 */
	public static synchronized void print(String name, Object... keyValues) {
		StringBuilder line = new StringBuilder("BENCH ").append(name);
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
		}
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

}
