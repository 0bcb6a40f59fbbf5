package io.github.gossip.jobs;

import io.github.gossip.testsupport.FakeMembership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import reactor.core.publisher.Flux;

import io.github.gossip.autoconfigure.ClusterAutoConfiguration;
import io.github.gossip.membership.ClusterEvent;
import io.github.gossip.membership.ClusterMember;
import io.github.gossip.membership.ClusterMembership;
import io.github.gossip.membership.FencingToken;
import io.github.gossip.membership.RoleLeader;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * The gate on this node, with leadership set by hand through a {@link ClusterMembership} of the
 * test's own: who runs, what a skipped call returns, what a running call sees, what is counted.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderOnlyTests {

	private final FakeMembership membership = new FakeMembership("1");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, LeaderJobsAutoConfiguration.class))
		.withPropertyValues("cluster.node-id=1")
		.withBean(ClusterMembership.class, () -> this.membership)
		.withBean(MeterRegistry.class, () -> this.meters);

	@Test
	void aGatedMethodRunsOnTheLeaderOnlyAndEverySkipIsCounted() {
		this.runner.withBean(RenewalJob.class).run((context) -> {
			RenewalJob job = context.getBean(RenewalJob.class);
			assertThat(AopUtils.isCglibProxy(job)).isTrue();
			this.membership.lead("acme.renew", "2");
			job.renew();
			assertThat(job.runs()).hasValue(0);
			this.membership.lead("acme.renew", "1");
			job.renew();
			job.renew();
			assertThat(job.runs()).hasValue(2);
			this.membership.lead("acme.renew", null);
			job.renew();
			assertThat(job.runs()).hasValue(2);
			assertThat(count("acme.renew", "ran")).isEqualTo(2);
			assertThat(count("acme.renew", "not-leader")).isEqualTo(2);
			assertThat(count("acme.renew", "failed")).isZero();
			assertThat(this.meters.get("gossip.jobs.duration").tag("role", "acme.renew").timer().count()).isEqualTo(2);
		});
	}

	@Test
	void aSkippedCallReturnsTheEmptyResultOfItsType() {
		this.runner.withBean(ValueJob.class).run((context) -> {
			ValueJob job = context.getBean(ValueJob.class);
			this.membership.lead("reports.daily", "2");
			assertThat(job.text()).isNull();
			assertThat(job.optional()).isEmpty();
			assertThat(job.number()).isZero();
			assertThat(job.flag()).isFalse();
			this.membership.lead("reports.daily", "1");
			assertThat(job.text()).isEqualTo("report");
			assertThat(job.optional()).hasValue("report");
			assertThat(job.number()).isEqualTo(42);
			assertThat(job.flag()).isTrue();
		});
	}

	@Test
	void onABeanEveryPublicMethodIsGatedAndAMethodsOwnRoleWins() {
		this.runner.withBean(PurgeJobs.class).run((context) -> {
			PurgeJobs jobs = context.getBean(PurgeJobs.class);
			this.membership.lead("purge.stores", "2").lead("purge.accounts", "1");
			jobs.purgeStores();
			jobs.inherited();
			jobs.purgeAccounts();
			jobs.helper();
			assertThat(jobs.calls()).containsExactly("purgeAccounts", "helper");
			assertThat(jobs.toString()).isEqualTo("PurgeJobs");
			this.membership.lead("purge.stores", "1").lead("purge.accounts", "2");
			jobs.calls().clear();
			jobs.purgeStores();
			jobs.inherited();
			jobs.purgeAccounts();
			assertThat(jobs.calls()).containsExactly("purgeStores", "inherited");
		});
	}

	@Test
	void roleNamesIgnoreCase() {
		this.runner.withBean(ShoutingJob.class).run((context) -> {
			this.membership.lead("acme.renew", "1");
			ShoutingJob job = context.getBean(ShoutingJob.class);
			assertThat(job.run()).isEqualTo("acme.renew");
			assertThat(count("acme.renew", "ran")).isOne();
		});
	}

	@Test
	void theRunningCallSeesItsRoleAndSinceWhenThisNodeLeads() {
		this.runner.withBean(RenewalJob.class).withBean(ReportJob.class).run((context) -> {
			RenewalJob job = context.getBean(RenewalJob.class);
			Instant before = Instant.now();
			this.membership.lead("acme.renew", "1").lead("reports.daily", "1");
			Instant after = Instant.now();
			job.renew();
			LeaderRun seen = job.seen().get(0);
			assertThat(seen.role()).isEqualTo("acme.renew");
			assertThat(seen.leaderSince()).isBetween(before, after);
			assertThat(seen.token()).isEqualTo(new FencingToken("acme.renew", 1, "1", FakeMembership.INSTANCE));
			// the call after stays with the moment leadership began
			job.renew();
			assertThat(job.seen().get(1)).isEqualTo(seen);
			// a gated call inside another sees its own role, and the outer one its own again after
			assertThat(job.nested()).containsExactly("reports.daily", "acme.renew", "reports.daily", "acme.renew");
			assertThat(LeaderRun.current()).isEmpty();
		});
	}

	@Test
	void theAssertionPassesOnlyInsideAGatedCallOfTheRole() {
		assertThatIllegalStateException().isThrownBy(LeaderAssert::assertLeader).withMessageContaining("@LeaderOnly");
		this.runner.withBean(RenewalJob.class).withBean(ReportJob.class).run((context) -> {
			this.membership.lead("acme.renew", "1").lead("reports.daily", "1");
			RenewalJob job = context.getBean(RenewalJob.class);
			job.renew();
			assertThat(job.asserted()).containsExactly("acme.renew");
			assertThatIllegalStateException().isThrownBy(() -> job.assertFor("reports.daily"))
				.withMessage("Inside a @LeaderOnly call for role acme.renew, not for role reports.daily");
			// called past the gate (the bean calling itself), the assertion says so
			assertThatIllegalStateException().isThrownBy(job::ungatedCallOfItself)
				.withMessageContaining("Not inside a @LeaderOnly call");
		});
	}

	@Test
	void aFailedCallIsCountedTimedAndRethrown() {
		this.runner.withBean(FailingJob.class).run((context) -> {
			this.membership.lead("metrics.push", "1");
			FailingJob job = context.getBean(FailingJob.class);
			assertThatRuntimeException().isThrownBy(job::push).withMessage("collector unreachable");
			assertThat(count("metrics.push", "failed")).isOne();
			assertThat(count("metrics.push", "ran")).isZero();
			assertThat(this.meters.get("gossip.jobs.duration").tag("role", "metrics.push").timer().count()).isOne();
			assertThat(LeaderRun.current()).isEmpty();
		});
	}

	@Test
	void scheduledMethodsRunThroughTheGate() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class).withBean(ScheduledJob.class).run((context) -> {
			ScheduledJob job = context.getBean(ScheduledJob.class);
			this.membership.lead("metrics.push", "2");
			await().atMost(Duration.ofSeconds(30)).until(() -> count("metrics.push", "not-leader") >= 3);
			assertThat(job.runs()).hasValue(0);
			this.membership.lead("metrics.push", "1");
			await().atMost(Duration.ofSeconds(30)).until(() -> job.runs().get() >= 3);
			assertThat(job.outside()).hasValue(0);
		});
	}

	@Test
	void aSkippedCallIsLoggedAtDebugWithTheLeader(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(LeaderGate.class.getName(), LogLevel.DEBUG);
		try {
			this.runner.withBean(RenewalJob.class).run((context) -> {
				this.membership.lead("acme.renew", "2");
				context.getBean(RenewalJob.class).renew();
				assertThat(output).contains(
						"Skipped LeaderOnlyTests.RenewalJob.renew(): this node does not lead acme.renew (its leader is node 2)");
			});
		}
		finally {
			logging.setLogLevel(LeaderGate.class.getName(), null);
		}
	}

	@Test
	void thisNodeStartingOrStoppingToLeadIsLoggedOnceAndOtherChangesNot(CapturedOutput output) {
		this.runner.withBean(RenewalJob.class).run((context) -> {
			this.membership.lead("acme.renew", "2").lead("acme.renew", "3");
			this.membership.lead("acme.renew", "1").lead("acme.renew", "1");
			this.membership.lead("acme.renew", "2").lead("acme.renew", "3").lead("acme.renew", null);
			assertThat(output.getOut().lines().filter((line) -> line.contains("leads acme.renew")))
				.hasSize(2)
				.satisfiesExactly(
						(line) -> assertThat(line).contains("INFO")
							.endsWith("This node now leads acme.renew (epoch 3): its @LeaderOnly jobs run here"),
						(line) -> assertThat(line).contains("INFO")
							.endsWith("This node no longer leads acme.renew (node 2 does): its @LeaderOnly jobs are "
									+ "skipped here"));
		});
	}

	@Test
	void theRunningCallCarriesTheTokenThisNodeLeadsBy() {
		this.runner.withBean(RenewalJob.class).run((context) -> {
			RenewalJob job = context.getBean(RenewalJob.class);
			this.membership.lead("acme.renew", "1");
			job.renew();
			this.membership.lead("acme.renew", "2").lead("acme.renew", "1");
			job.renew();
			assertThat(job.seen()).extracting(LeaderRun::token)
				.containsExactly(new FencingToken("acme.renew", 1, "1", FakeMembership.INSTANCE),
						new FencingToken("acme.renew", 3, "1", FakeMembership.INSTANCE));
			assertThat(job.tokens()).as("what LeaderAssert hands the job").isEqualTo(
					job.seen().stream().map(LeaderRun::token).toList());
		});
	}

	@Test
	void theTokenAloneDecidesSoTheRunAndItsTokenNeverDisagree(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(LeaderGate.class.getName(), LogLevel.DEBUG);
		try {
			this.runner.withBean(RenewalJob.class).run((context) -> {
				RenewalJob job = context.getBean(RenewalJob.class);
				// a view in transition: this node is the leader but holds no token (yet, or any more)
				this.membership.lead("acme.renew", "1").token("acme.renew", Optional.empty());
				job.renew();
				assertThat(job.runs()).hasValue(0);
				assertThat(count("acme.renew", "not-leader")).isOne();
				assertThat(output).contains("Skipped LeaderOnlyTests.RenewalJob.renew(): this node does not lead "
						+ "acme.renew (this node holds no token of it at this moment)");
				// and the other way round: the token is what lets a call run, and the run carries it
				FencingToken token = new FencingToken("acme.renew", 9, "1", 5);
				this.membership.lead("acme.renew", "2").token("acme.renew", Optional.of(token));
				job.renew();
				assertThat(job.seen()).extracting(LeaderRun::token).containsExactly(token);
			});
		}
		finally {
			logging.setLogLevel(LeaderGate.class.getName(), null);
		}
	}

	@Test
	void aMajorityRoleWithoutALeaderIsSkippedForWantOfAQuorum(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(LeaderGate.class.getName(), LogLevel.DEBUG);
		try {
			this.runner.withBean(RenewalJob.class)
				.withBean(ReportJob.class)
				.withPropertyValues("cluster.roles.acme.renew=1,2,3", "cluster.leadership.policy.acme.renew=majority")
				.run((context) -> {
					RenewalJob job = context.getBean(RenewalJob.class);
					ReportJob report = context.getBean(ReportJob.class);
					this.membership.lead("acme.renew", null).lead("reports.daily", null);
					job.renew();
					report.report();
					assertThat(count("acme.renew", "no-quorum")).isOne();
					assertThat(count("acme.renew", "not-leader")).isZero();
					assertThat(output).contains("Skipped LeaderOnlyTests.RenewalJob.renew(): no quorum for acme.renew: "
							+ "with the majority policy (2 grants of 1, 2, 3) this node sees no leader of it");
					// an available role without a leader is no question of quorum
					assertThat(count("reports.daily", "not-leader")).isOne();
					assertThat(count("reports.daily", "no-quorum")).isZero();
					// another member leads: this node is merely not the leader
					this.membership.lead("acme.renew", "2");
					job.renew();
					assertThat(count("acme.renew", "not-leader")).isOne();
					this.membership.lead("acme.renew", "1");
					job.renew();
					assertThat(count("acme.renew", "ran")).isOne();
					assertThat(count("acme.renew", "no-quorum")).isOne();
					assertThat(this.meters.get("gossip.jobs.duration").tag("role", "acme.renew").timer().count())
						.as("skipped calls are not timed")
						.isOne();
				});
		}
		finally {
			logging.setLogLevel(LeaderGate.class.getName(), null);
		}
	}

	@Test
	void everyOutcomeOfARoleIsCountedFromItsFirstCall() {
		this.runner.withBean(RenewalJob.class).run((context) -> {
			this.membership.lead("acme.renew", "2");
			context.getBean(RenewalJob.class).renew();
			assertThat(this.meters.find("gossip.jobs").tag("role", "acme.renew").counters())
				.extracting((counter) -> counter.getId().getTag("outcome"))
				.containsExactlyInAnyOrder("ran", "not-leader", "no-quorum", "failed");
		});
	}

	@Test
	void aMembershipWithoutTokensIsNamedInAWarning(CapturedOutput output) {
		this.runner.withBean(RenewalJob.class).run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("does not implement ClusterMembership.fencingToken");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, LeaderJobsAutoConfiguration.class))
			.withBean(ClusterMembership.class, () -> new TokenlessMembership(this.membership))
			.withBean(RenewalJob.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("WARN").contains(TokenlessMembership.class.getName()
						+ " does not implement ClusterMembership.fencingToken(role): @LeaderOnly runs a call only with "
						+ "the token of its role's leader, so every gated call on this node will be skipped");
			});
	}

	@Test
	void whatAProxyCouldNotGateStopsTheStart() {
		this.runner.withBean(PrivateJob.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@LeaderOnly cannot gate")
				.hasMessageContaining("run() is private, so no proxy can gate it"));
		this.runner.withBean(FinalMethodJob.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("run() is final, so no proxy can gate it"));
		this.runner.withBean(HiddenScheduledJob.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("run() is @Scheduled but not public, and @LeaderOnly on the class gates public "
						+ "methods only"));
		this.runner.withBean(AsynchronousJob.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("run() returns CompletableFuture: its work would go on after the gate"));
		this.runner.withBean(NamelessJob.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@LeaderOnly on run() names no role"));
	}

	private double count(String role, String outcome) {
		return this.meters.find("gossip.jobs").tag("role", role).tag("outcome", outcome).counters().stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	static class RenewalJob {

		final AtomicInteger runs = new AtomicInteger();

		final List<LeaderRun> seen = new CopyOnWriteArrayList<>();

		final List<String> asserted = new CopyOnWriteArrayList<>();

		final List<FencingToken> tokens = new CopyOnWriteArrayList<>();

		final List<String> nested = new CopyOnWriteArrayList<>();

		private final ReportJob reports;

		RenewalJob(org.springframework.beans.factory.ObjectProvider<ReportJob> reports) {
			this.reports = reports.getIfAvailable();
		}

		@LeaderOnly("acme.renew")
		void renew() {
			this.runs.incrementAndGet();
			this.seen.add(LeaderRun.current().orElseThrow());
			this.asserted.add(LeaderAssert.assertLeader("ACME.renew").role());
			this.tokens.add(LeaderAssert.assertLeader().token());
			if (this.reports != null && this.nested.isEmpty()) {
				this.nested.add(this.reports.report());
				this.nested.add(LeaderRun.current().orElseThrow().role());
				this.nested.add(this.reports.report());
				this.nested.add(LeaderAssert.assertLeader().role());
			}
		}

		@LeaderOnly("acme.renew")
		void assertFor(String role) {
			LeaderAssert.assertLeader(role);
		}

		// read through the proxy, whose own fields are never set
		AtomicInteger runs() {
			return this.runs;
		}

		List<LeaderRun> seen() {
			return this.seen;
		}

		List<String> asserted() {
			return this.asserted;
		}

		List<FencingToken> tokens() {
			return this.tokens;
		}

		List<String> nested() {
			return this.nested;
		}

		/** A bean calling its own method goes past its proxy. */
		void ungatedCallOfItself() {
			assertFor("acme.renew");
		}

	}

	/** A membership of an application's own, written before fencing tokens existed. */
	static final class TokenlessMembership implements ClusterMembership {

		private final ClusterMembership delegate;

		TokenlessMembership(ClusterMembership delegate) {
			this.delegate = delegate;
		}

		@Override
		public ClusterMember localMember() {
			return this.delegate.localMember();
		}

		@Override
		public List<ClusterMember> members() {
			return this.delegate.members();
		}

		@Override
		public Optional<ClusterMember> member(String nodeId) {
			return this.delegate.member(nodeId);
		}

		@Override
		public Flux<ClusterEvent> events(boolean withCurrentView) {
			return this.delegate.events(withCurrentView);
		}

		@Override
		public Map<String, ClusterMember> leaders() {
			return this.delegate.leaders();
		}

		@Override
		public Optional<ClusterMember> leader(String role) {
			return this.delegate.leader(role);
		}

		@Override
		public Flux<RoleLeader> leaderChanges(String role) {
			return this.delegate.leaderChanges(role);
		}

		@Override
		public void updateMetadata(Map<String, String> metadata) {
			this.delegate.updateMetadata(metadata);
		}

	}

	static class ReportJob {

		@LeaderOnly("reports.daily")
		String report() {
			return LeaderAssert.assertLeader("reports.daily").role();
		}

	}

	static class ValueJob {

		@LeaderOnly("reports.daily")
		String text() {
			return "report";
		}

		@LeaderOnly("reports.daily")
		Optional<String> optional() {
			return Optional.of("report");
		}

		@LeaderOnly("reports.daily")
		int number() {
			return 42;
		}

		@LeaderOnly("reports.daily")
		boolean flag() {
			return true;
		}

	}

	static class PurgeBase {

		final List<String> calls = new CopyOnWriteArrayList<>();

		List<String> calls() {
			return this.calls;
		}

		public void inherited() {
			this.calls.add("inherited");
		}

	}

	@LeaderOnly("purge.stores")
	static class PurgeJobs extends PurgeBase {

		public void purgeStores() {
			this.calls.add("purgeStores");
		}

		@LeaderOnly("purge.accounts")
		public void purgeAccounts() {
			this.calls.add("purgeAccounts");
		}

		/** Not public: not gated by the class. */
		void helper() {
			this.calls.add("helper");
		}

		@Override
		public String toString() {
			return "PurgeJobs";
		}

	}

	static class ShoutingJob {

		@LeaderOnly("ACME.Renew")
		String run() {
			return LeaderAssert.assertLeader().role();
		}

	}

	static class FailingJob {

		@LeaderOnly("metrics.push")
		void push() {
			throw new IllegalStateException("collector unreachable");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	static class ScheduledJob {

		final AtomicInteger runs = new AtomicInteger();

		final AtomicInteger outside = new AtomicInteger();

		AtomicInteger runs() {
			return this.runs;
		}

		AtomicInteger outside() {
			return this.outside;
		}

		@Scheduled(fixedDelay = 20)
		@LeaderOnly("metrics.push")
		void push() {
			if (LeaderRun.current().isEmpty()) {
				this.outside.incrementAndGet();
			}
			this.runs.incrementAndGet();
		}

	}

	static class PrivateJob {

		@LeaderOnly("acme.renew")
		private void run() {
		}

		void use() {
			run();
		}

	}

	static class FinalMethodJob {

		@LeaderOnly("acme.renew")
		final void run() {
		}

	}

	@LeaderOnly("acme.renew")
	static class HiddenScheduledJob {

		@Scheduled(fixedDelay = 60_000)
		void run() {
		}

	}

	static class AsynchronousJob {

		@LeaderOnly("acme.renew")
		CompletableFuture<Void> run() {
			return CompletableFuture.completedFuture(null);
		}

	}

	static class NamelessJob {

		@LeaderOnly(" ")
		void run() {
		}

	}

}
