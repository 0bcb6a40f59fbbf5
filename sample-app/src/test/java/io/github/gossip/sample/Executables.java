package io.github.gossip.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the external tools a test drives (ip, tc, nft, Chromium) on a search path, so that a test
 * whose tool is missing can skip with a warning instead of failing, and so that the lookup can be
 * given another path than this process's {@code PATH}.
 */
final class Executables {

	private final List<Path> directories;

	Executables(String searchPath) {
		this.directories = Stream.of(searchPath.split(File.pathSeparator))
			.filter((dir) -> !dir.isEmpty())
			.map(Path::of)
			.toList();
	}

	/** The tools on this process's {@code PATH}. */
	static Executables onPath() {
		return new Executables(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin"));
	}

	/** The first of {@code names} that is an executable file on the search path. */
	Optional<Path> find(String... names) {
		return Stream.of(names)
			.flatMap((name) -> this.directories.stream().map((dir) -> dir.resolve(name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
