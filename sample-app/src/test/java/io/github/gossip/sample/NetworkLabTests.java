package io.github.gossip.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.gossip.sample.NetworkLab.PacketLoss;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the network-namespace tests drop packets, decided from what the machine has: a machine with
 * neither tc netem nor nft must make the packet-loss test skip with the reason, not fail.
 */
class NetworkLabTests {

	private static final String NO_NETEM = "Error: Specified qdisc kind is unknown.";

	@Test
	void netemIsUsedWhenTheKernelHasIt(@TempDir Path empty) {
		PacketLoss loss = PacketLoss.choose(null, new Executables(empty.toString()).find("nft"));
		assertThat(loss.available()).isTrue();
		assertThat(loss.netem()).isTrue();
	}

	@Test
	void nftablesIsUsedWhenTheKernelHasNoNetem(@TempDir Path bin) throws Exception {
		Path nft = Files.createFile(bin.resolve("nft"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		PacketLoss loss = PacketLoss.choose(NO_NETEM, new Executables(bin.toString()).find("nft"));
		assertThat(loss.available()).isTrue();
		assertThat(loss.netem()).isFalse();
		assertThat(loss.nft()).isEqualTo(nft);
	}

	@Test
	void withNeitherThePacketLossIsUnavailableAndSaysWhatToInstall(@TempDir Path bin) throws Exception {
		// not executable: the lookup must not take it for the tool
		Files.createFile(bin.resolve("nft"));
		PacketLoss loss = PacketLoss.choose(NO_NETEM, new Executables(bin.toString()).find("nft"));
		assertThat(loss.available()).isFalse();
		assertThat(loss.unavailable()).contains("tc netem said '" + NO_NETEM + "'")
			.contains("no nft is on the PATH")
			.contains("apt-get install nftables");
	}

	@Test
	void anNftThatCannotAddTheRuleIsUnavailableAndSaysWhy(@TempDir Path bin) throws Exception {
		Files.createFile(bin.resolve("nft"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		PacketLoss loss = PacketLoss.choose(NO_NETEM, new Executables(bin.toString()).find("nft"),
				"Error: Could not process rule: Operation not supported");
		assertThat(loss.available()).isFalse();
		assertThat(loss.unavailable()).contains("tc netem said '" + NO_NETEM + "'")
			.contains("could not add a rule: 'Error: Could not process rule: Operation not supported'");
	}

}
