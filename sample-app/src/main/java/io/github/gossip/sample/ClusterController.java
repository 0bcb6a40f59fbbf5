package io.github.gossip.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.github.gossip.autoconfigure.ConfiguredNode;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterEventsOverflowException;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.MemberStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster as this node sees it, for the live page ({@code /}) and for scripts: a snapshot as
 * JSON, a one-line text summary, and the membership events as server-sent events.
 */
@RestController
@RequestMapping("/api/cluster")
class ClusterController {

	static final String DISABLED = "Cluster gossip is disabled on this node: set cluster.bind-addr and cluster.key to join a cluster.";

	private final ObjectProvider<ClusterMembership> membership;

	private final ConfiguredNode configured;

	private final List<RoleJobs.RoleJob> jobs;

	private final Duration keepAlive;

	ClusterController(ObjectProvider<ClusterMembership> membership, ConfiguredNode configured,
			ObjectProvider<RoleJobs.RoleJob> jobs, @Value("${sample.sse-keep-alive:15s}") Duration keepAlive) {
		this.membership = membership;
		this.configured = configured;
		this.jobs = jobs.orderedStream().sorted(Comparator.comparing(RoleJobs.RoleJob::role)).toList();
		this.keepAlive = keepAlive;
	}

	@GetMapping
	ClusterView view() {
		String localNodeId = this.configured.nodeId().orElse(null);
		List<JobView> jobViews = this.jobs.stream().map(JobView::of).toList();
		ClusterMembership cluster = this.membership.getIfAvailable();
		if (cluster == null) {
			return new ClusterView(false, DISABLED, localNodeId, List.of(), List.of(), Map.of(), Map.of(),
					ConfiguredNode.DOCUMENTED_ROLES, jobViews);
		}
		List<MemberView> members = cluster.members().stream().map(MemberView::of).sorted(MemberView.ORDER).toList();
		List<VersionView> versions = VersionView.of(members);
		Map<String, String> leaders = new TreeMap<>();
		Map<String, Long> epochs = new TreeMap<>();
		cluster.leaders().forEach((role, leader) -> {
			leaders.put(role, leader.nodeId());
			epochs.put(role, cluster.leaderEpoch(role));
		});
		return new ClusterView(true, null, cluster.localMember().nodeId(), members, versions, leaders, epochs,
				ConfiguredNode.DOCUMENTED_ROLES, jobViews);
	}

	/** One line: this node's view of the members, the leaders and the jobs it runs. */
	@GetMapping(path = "/summary", produces = MediaType.TEXT_PLAIN_VALUE)
	String summary() {
		ClusterView view = view();
		StringBuilder line = new StringBuilder("node ").append(Optional.ofNullable(view.localNodeId()).orElse("?"));
		if (!view.enabled()) {
			line.append(" | gossip disabled");
		}
		else {
			line.append(" | members: ")
				.append(view.members()
					.stream()
					.map((member) -> member.nodeId() + " " + member.status())
					.collect(Collectors.joining(", ")));
			line.append(" | leaders: ")
				.append(view.leaders().isEmpty() ? "none"
						: view.leaders()
							.entrySet()
							.stream()
							.map((entry) -> entry.getKey() + "=" + entry.getValue() + epoch(view, entry.getKey()))
							.collect(Collectors.joining(" ")));
		}
		line.append(" | jobs: ")
			.append(view.jobs()
				.stream()
				.map((job) -> job.role() + (job.leaderOnly() ? (job.active() ? "(leader)" : "(standby)") : ""))
				.collect(Collectors.joining(" ")));
		return line.append('\n').toString();
	}

	/** The epoch of a role's leader, when this node knows one. */
	private static String epoch(ClusterView view, String role) {
		long epoch = view.epochs().getOrDefault(role, 0L);
		return (epoch > 0) ? " (epoch " + epoch + ")" : "";
	}

	/**
	 * The current view (one CURRENT event per member, one LEADER_CHANGED per leader), then every
	 * change. A client that falls too far behind sees the stream end, and an {@code EventSource}
	 * reconnects and starts again from a fresh view. 204 when gossip is disabled, which tells an
	 * {@code EventSource} not to reconnect.
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<Flux<ServerSentEvent<EventView>>> events() {
		ClusterMembership cluster = this.membership.getIfAvailable();
		if (cluster == null) {
			return ResponseEntity.noContent().build();
		}
		// events arrive on the protocol thread: encode and write them elsewhere
		Flux<ServerSentEvent<EventView>> events = cluster.events(true)
			.publishOn(Schedulers.parallel())
			.map((event) -> ServerSentEvent.builder(EventView.of(event, cluster)).build())
			.onErrorResume(ClusterEventsOverflowException.class, (ex) -> Flux.empty());
		// comments keep idle connections open through proxies and reveal departed clients
		return ResponseEntity.ok(events.publish((shared) -> Flux.merge(shared,
				Flux.interval(this.keepAlive)
					.map((tick) -> ServerSentEvent.<EventView>builder().comment("keep-alive").build())
					.takeUntilOther(shared.then()))));
	}

	/**
	 * {@code versions} the application versions of the live members, {@code leaders} role to node
	 * id, {@code epochs} role to the epoch this node knows of its leader.
	 */
	record ClusterView(boolean enabled, String message, String localNodeId, List<MemberView> members,
			List<VersionView> versions, Map<String, String> leaders, Map<String, Long> epochs, List<String> roles,
			List<JobView> jobs) {
	}

	/** {@code appVersion} null when the member announces none. */
	record MemberView(String nodeId, String address, String status, long incarnation, List<String> roles,
			String appVersion, Map<String, String> metadata, boolean local) {

		static final Comparator<MemberView> ORDER = Comparator.comparing(MemberView::nodeId, ClusterMember.NODE_ID_ORDER);

		static MemberView of(ClusterMember member) {
			return new MemberView(member.nodeId(), member.address().getHostString() + ":" + member.address().getPort(),
					member.status().name(), member.incarnation(), member.roles().stream().sorted().toList(),
					member.appVersion().orElse(null), new TreeMap<>(member.metadata()), member.local());
		}

	}

	/**
	 * One application version and the live (alive or suspected) members that run it, as the page's
	 * versions table shows them: a rolling upgrade moves the members from one row to the next.
	 * {@code version} null for the members that announce none, listed last.
	 */
	record VersionView(String version, int members, List<String> nodeIds) {

		static List<VersionView> of(List<MemberView> members) {
			Map<String, List<String>> byVersion = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
			members.stream()
				.filter((member) -> MemberStatus.valueOf(member.status()).isLive())
				.forEach((member) -> byVersion.computeIfAbsent(member.appVersion(), (v) -> new ArrayList<>())
					.add(member.nodeId()));
			List<VersionView> versions = new ArrayList<>();
			byVersion.forEach((version, nodeIds) -> versions.add(new VersionView(version, nodeIds.size(), nodeIds)));
			return versions;
		}

	}

	/** {@code epoch} only for {@code LEADER_CHANGED}: the role's epoch as this node knows it. */
	record EventView(String type, MemberView member, String role, Long epoch, Instant timestamp) {

		static EventView of(ClusterEvent event, ClusterMembership cluster) {
			// read when the event is sent, a moment after the change: the epoch never decreases, so
			// this is the epoch of the latest leader, which is the one the page shows
			Long epoch = (event.type() == ClusterEvent.Type.LEADER_CHANGED) ? cluster.leaderEpoch(event.role()) : null;
			return new EventView(event.type().name(), (event.member() != null) ? MemberView.of(event.member()) : null,
					event.role(), epoch, event.timestamp());
		}

	}

	record JobView(String role, boolean leaderOnly, boolean active, long runs) {

		static JobView of(RoleJobs.RoleJob job) {
			return new JobView(job.role(), job.leaderOnly(), job.active(), job.runs());
		}

	}

}
