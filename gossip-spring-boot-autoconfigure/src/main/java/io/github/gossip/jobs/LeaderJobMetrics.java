package io.github.gossip.jobs;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of the gate: {@code gossip.jobs} counts calls by {@code role} and
 * {@code outcome} ({@code ran}, {@code not-leader}, {@code no-quorum}, {@code failed}),
 * {@code gossip.jobs.duration} times the calls that ran, by {@code role}. Roles come from the
 * annotations of the application, so the number of time series is fixed. A role's four counters
 * appear together at its first call.
 */
final class LeaderJobMetrics implements GatedCallObserver {

	private final MeterRegistry registry;

	private final Map<String, RoleMeters> meters = new ConcurrentHashMap<>();

	LeaderJobMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void observe(String role, GatedOutcome outcome, long nanos) {
		RoleMeters byRole = this.meters.computeIfAbsent(role, this::register);
		byRole.calls().get(outcome).increment();
		if (!outcome.skipped()) {
			byRole.duration().record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private RoleMeters register(String role) {
		Map<GatedOutcome, Counter> calls = new EnumMap<>(GatedOutcome.class);
		for (GatedOutcome outcome : GatedOutcome.values()) {
			calls.put(outcome, Counter.builder("gossip.jobs")
				.description("Calls of @LeaderOnly methods, by role and outcome")
				.tag("role", role)
				.tag("outcome", outcome.tag())
				.register(this.registry));
		}
		Timer duration = Timer.builder("gossip.jobs.duration")
			.description("How long @LeaderOnly methods ran on this node, by role")
			.tag("role", role)
			.register(this.registry);
		return new RoleMeters(calls, duration);
	}

	private record RoleMeters(Map<GatedOutcome, Counter> calls, Timer duration) {
	}

}
