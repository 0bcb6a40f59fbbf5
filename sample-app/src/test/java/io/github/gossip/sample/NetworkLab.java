package io.github.gossip.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network namespaces for real partitions: one namespace per node, each with an {@code eth0} whose
 * peer sits in a bridge namespace, so nothing is added to the machine's own network namespace.
 * Node {@code i} has address {@code 10.179.0.i/24}. The bridge namespace holds two bridges: every
 * node starts on {@code brA}; moving some to {@code brB} splits the cluster. Linux only, as root.
 */
final class NetworkLab implements AutoCloseable {

	private static final Pattern OWN_NAMESPACE = Pattern.compile("gsp(\\d+)-(br|n\\d+)");

	private final String prefix;

	private final int size;

	private final List<String> created = new ArrayList<>();

	/** Node to its address, where {@link #moveAddress} changed it. */
	private final Map<Integer, String> moved = new ConcurrentHashMap<>();

	private final Thread cleanupOnExit = new Thread(this::close, "network-lab-cleanup");

	private NetworkLab(String prefix, int size) {
		this.prefix = prefix;
		this.size = size;
	}

	/** Creates {@code size} node namespaces named {@code gsp<pid>-n<i>} and the bridge namespace. */
	static NetworkLab create(int size) throws IOException, InterruptedException {
		NetworkLab lab = new NetworkLab("gsp" + ProcessHandle.current().pid() + "-", size);
		Runtime.getRuntime().addShutdownHook(lab.cleanupOnExit);
		try {
			lab.build();
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			lab.close();
			throw ex;
		}
		return lab;
	}

	private void build() throws IOException, InterruptedException {
		String bridge = bridgeNamespace();
		addNamespace(bridge);
		ip("-n", bridge, "link", "set", "lo", "up");
		for (String name : List.of("brA", "brB")) {
			ip("-n", bridge, "link", "add", name, "type", "bridge");
			ip("-n", bridge, "link", "set", name, "up");
		}
		for (int i = 1; i <= this.size; i++) {
			String node = namespace(i);
			addNamespace(node);
			ip("-n", bridge, "link", "add", port(i), "type", "veth", "peer", "name", "eth0", "netns", node);
			ip("-n", bridge, "link", "set", port(i), "master", "brA");
			ip("-n", bridge, "link", "set", port(i), "up");
			ip("-n", node, "link", "set", "lo", "up");
			ip("-n", node, "addr", "add", address(i) + "/24", "dev", "eth0");
			ip("-n", node, "link", "set", "eth0", "up");
		}
	}

	String namespace(int node) {
		return this.prefix + "n" + node;
	}

	/** The address node {@code i} starts with. */
	static String address(int node) {
		return "10.179.0." + node;
	}

	/** The address node {@code i} has now. */
	String addressOf(int node) {
		return this.moved.getOrDefault(node, address(node));
	}

	/**
	 * Gives node {@code i}'s {@code eth0} another address in the same subnet instead of the one it
	 * has, as a rescheduled pod gets a new IP: whatever listened on the old one is gone for good.
	 */
	void moveAddress(int node, String address) throws IOException, InterruptedException {
		// the old one goes first: removing a subnet's primary address removes its secondaries with it
		ip("-n", namespace(node), "addr", "del", addressOf(node) + "/24", "dev", "eth0");
		ip("-n", namespace(node), "addr", "add", address + "/24", "dev", "eth0");
		this.moved.put(node, address);
	}

	/** The command prefix that runs a process inside node {@code i}'s namespace (it execs it). */
	List<String> exec(int node) {
		return List.of("ip", "netns", "exec", namespace(node));
	}

	/** Cuts node {@code i} off: its bridge port goes down, both directions. */
	void cut(int node) throws IOException, InterruptedException {
		ip("-n", bridgeNamespace(), "link", "set", port(node), "down");
	}

	void reconnect(int node) throws IOException, InterruptedException {
		ip("-n", bridgeNamespace(), "link", "set", port(node), "up");
	}

	/** Moves node {@code i} to bridge {@code brA} or {@code brB}; nodes on different bridges cannot talk. */
	void attach(int node, String bridge) throws IOException, InterruptedException {
		ip("-n", bridgeNamespace(), "link", "set", port(node), "master", bridge);
	}

	/**
	 * How this machine can drop packets at random: tc netem when the kernel has it (tried on node
	 * 1's link, then removed), otherwise nftables when {@code nft} is on the search path.
	 */
	PacketLoss packetLoss(Executables tools) throws IOException, InterruptedException {
		Result netem = run(List.of("ip", "netns", "exec", namespace(1), "tc", "qdisc", "add", "dev", "eth0", "root",
				"netem", "loss", "0%"));
		if (netem.exit() == 0) {
			run(List.of("ip", "netns", "exec", namespace(1), "tc", "qdisc", "del", "dev", "eth0", "root"));
		}
		if (netem.exit() == 0) {
			return PacketLoss.choose(null, Optional.empty());
		}
		Optional<Path> nft = tools.find("nft");
		String nftError = null;
		if (nft.isPresent()) {
			// an nft on the PATH may still be unusable (a kernel without nf_tables): try the rule once
			Result probe = run(List.of("ip", "netns", "exec", namespace(1), nft.get().toString(), "-f", "-"),
					lossRules(0));
			if (probe.exit() == 0) {
				run(List.of("ip", "netns", "exec", namespace(1), nft.get().toString(), "delete", "table", "inet",
						"gossiploss"));
			}
			else {
				nftError = probe.output().trim();
			}
		}
		return PacketLoss.choose(netem.output().trim(), nft, nftError);
	}

	private static String lossRules(int percent) {
		return "table inet gossiploss {\n chain out {\n  type filter hook output priority 0; policy accept;\n"
				+ "  oifname \"eth0\" numgen random mod 100 < " + percent + " drop\n }\n}\n";
	}

	/**
	 * Drops {@code percent} % of the packets node {@code i} sends, at random, the way {@code how}
	 * says: a netem qdisc, or an nftables rule of the same effect ({@code numgen random}).
	 */
	void addLoss(int node, int percent, PacketLoss how) throws IOException, InterruptedException {
		if (!how.available()) {
			throw new IllegalStateException(how.unavailable());
		}
		Result result;
		if (how.netem()) {
			result = run(List.of("ip", "netns", "exec", namespace(node), "tc", "qdisc", "add", "dev", "eth0", "root",
					"netem", "loss", percent + "%"));
		}
		else {
			result = run(List.of("ip", "netns", "exec", namespace(node), how.nft().toString(), "-f", "-"),
					lossRules(percent));
		}
		if (result.exit() != 0) {
			throw new IllegalStateException("cannot add packet loss with " + how + ": " + result.output().trim());
		}
	}

	void removeLoss(int node, PacketLoss how) throws InterruptedException, IOException {
		if (how.netem()) {
			run(List.of("ip", "netns", "exec", namespace(node), "tc", "qdisc", "del", "dev", "eth0", "root"));
		}
		else if (how.nft() != null) {
			run(List.of("ip", "netns", "exec", namespace(node), how.nft().toString(), "delete", "table", "inet",
					"gossiploss"));
		}
	}

	/**
	 * Reads {@code path} from node {@code i}'s web server, from inside its namespace (the test's own
	 * namespace has no route to it), with bash's /dev/tcp so that no HTTP tool is needed.
	 * @return the body of a 200 response, or {@code null}
	 */
	String httpGet(int node, int port, String path) {
		String address = addressOf(node);
		String script = "exec 3<>/dev/tcp/" + address + "/" + port + " && printf 'GET " + path
				+ " HTTP/1.0\\r\\nHost: " + address + "\\r\\n\\r\\n' >&3 && cat <&3";
		try {
			Result result = run(List.of("timeout", "5", "ip", "netns", "exec", namespace(node), "bash", "-c", script));
			String response = result.output();
			int body = response.indexOf("\r\n\r\n");
			if (result.exit() != 0 || body < 0 || !response.startsWith("HTTP/1.") || !response.split(" ", 3)[1].equals("200")) {
				return null;
			}
			return response.substring(body + 4);
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Removes the namespaces of earlier runs that died before cleaning up (their pid is gone). */
	static void removeLeftovers() throws IOException, InterruptedException {
		for (String line : run(List.of("ip", "netns", "list")).output().lines().toList()) {
			String name = line.split("\\s+")[0];
			Matcher matcher = OWN_NAMESPACE.matcher(name);
			if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
				System.err.println("WARN removing network namespace " + name + " left over by an earlier run");
				removeNamespace(name);
			}
		}
	}

	@Override
	public synchronized void close() {
		for (String name : this.created) {
			try {
				removeNamespace(name);
			}
			catch (IOException | InterruptedException ex) {
				System.err.println("WARN could not remove network namespace " + name + ": " + ex);
			}
		}
		this.created.clear();
		if (Thread.currentThread() != this.cleanupOnExit) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.cleanupOnExit);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down already
			}
		}
	}

	private static void removeNamespace(String name) throws IOException, InterruptedException {
		// a namespace with processes in it outlives its name: kill them first
		for (String pid : run(List.of("ip", "netns", "pids", name)).output().lines().map(String::trim).toList()) {
			if (!pid.isEmpty()) {
				ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
		run(List.of("ip", "netns", "del", name));
	}

	private String bridgeNamespace() {
		return this.prefix + "br";
	}

	private static String port(int node) {
		return "p" + node;
	}

	private void addNamespace(String name) throws IOException, InterruptedException {
		ip("netns", "add", name);
		this.created.add(0, name);
	}

	private static void ip(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("ip"));
		command.addAll(List.of(args));
		Result result = run(command);
		if (result.exit() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
		}
	}

	private static Result run(List<String> command) throws IOException, InterruptedException {
		return run(command, null);
	}

	private static Result run(List<String> command, String input) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (input != null) {
			process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish");
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	/** Whether this process runs as root (the only case where the lab can be built). */
	static boolean isRoot() {
		try {
			return run(List.of("id", "-u")).output().trim().equals("0");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private record Result(int exit, String output) {
	}

	/**
	 * How random packet loss is applied on this machine: with tc netem ({@code netem}), else with
	 * nftables ({@code nft}, the executable), else not at all ({@code unavailable} says why).
	 */
	record PacketLoss(boolean netem, Path nft, String unavailable) {

		/**
		 * @param netemError what tc said when adding a netem qdisc failed, {@code null} if it worked
		 * @param nft the nft executable, if one was found
		 */
		static PacketLoss choose(String netemError, Optional<Path> nft) {
			return choose(netemError, nft, null);
		}

		/**
		 * @param netemError what tc said when adding a netem qdisc failed, {@code null} if it worked
		 * @param nft the nft executable, if one was found
		 * @param nftError what nft said when a trial rule failed, {@code null} if it worked
		 */
		static PacketLoss choose(String netemError, Optional<Path> nft, String nftError) {
			if (netemError == null) {
				return new PacketLoss(true, null, null);
			}
			if (nft.isPresent() && nftError != null) {
				return new PacketLoss(false, null, "random packet loss needs tc netem or a working nftables: tc netem "
						+ "said '" + netemError + "' and " + nft.get() + " could not add a rule: '" + nftError
						+ "'; load the kernel's nf_tables or sch_netem module");
			}
			if (nft.isPresent()) {
				return new PacketLoss(false, nft.get(), null);
			}
			return new PacketLoss(false, null, "random packet loss needs tc netem or nftables, and this machine has "
					+ "neither: tc netem said '" + netemError + "' and no nft is on the PATH; install nftables "
					+ "(apt-get install nftables) or load the kernel's sch_netem module");
		}

		boolean available() {
			return this.unavailable == null;
		}

		@Override
		public String toString() {
			return this.netem ? "tc netem" : (this.nft != null) ? "an nftables random drop (" + this.nft
					+ "; the kernel has no tc netem)" : "nothing: " + this.unavailable;
		}

	}

}
