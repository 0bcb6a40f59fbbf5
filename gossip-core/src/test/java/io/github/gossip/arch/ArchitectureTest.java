package io.github.gossip.arch;

import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must never be, checked on the compiled classes of the core. The protocol is a deterministic
 * state machine that runs inside the simulator: it reads no clock, draws no unseeded randomness and
 * knows nothing of sealing, sockets, the running node, configuration or the public API. Sealing
 * knows nothing of the protocol. The public membership API knows nothing of the internals.
 */
class ArchitectureTest {

	private static final String ROOT = "io.github.gossip";

	private static final String PROTOCOL = ROOT + ".internal.protocol..";

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void protocolDependsOnNothingButItselfAndTheJdk() {
		classes().that()
			.resideInAPackage(PROTOCOL)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(PROTOCOL, "java.lang..", "java.util..", "java.time..", "java.math..",
					"java.nio.charset..")
			.check(MAIN);
	}

	@Test
	void codecAndProtocolAreFreeOfSpringNettyAndReactor() {
		noClasses().that()
			.resideInAnyPackage(PROTOCOL, "..internal.wire..", "..internal.crypto..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.netty..", "reactor..")
			.check(MAIN);
	}

	@Test
	void sealingDoesNotDependOnTheProtocolOrTheCodec() {
		noClasses().that()
			.resideInAPackage("..internal.crypto..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(PROTOCOL, "..internal.wire..")
			.check(MAIN);
	}

	@Test
	void protocolDoesNotDependOnTheCodec() {
		// the codec depends on the message records, never the other way round
		noClasses().that().resideInAPackage(PROTOCOL).should().dependOnClassesThat().resideInAPackage("..wire..")
			.check(MAIN);
	}

	@Test
	void publicMembershipApiDependsOnNoInternals() {
		noClasses().that()
			.resideInAPackage(ROOT + ".membership..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".internal..")
			.check(MAIN);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
		slices().matching(ROOT + ".internal.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void protocolAndCodecReadNoClockDrawNoUnseededRandomnessAndOpenNoSocket() {
		deterministic(PROTOCOL, "..internal.wire..").check(MAIN);
		noClasses().that()
			.resideInAnyPackage(PROTOCOL, "..internal.wire..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.net..", "java.nio.channels..")
			.check(MAIN);
	}

	@Test
	void theDeterminismRuleSeesCallsAndMethodReferences() {
		// guards the rule above against passing vacuously: it must catch a clock read as a method
		// reference, as a call, and a draw from an unseeded source
		JavaClasses fixtures = new ClassFileImporter().importClasses(ClockAsMethodReference.class, ClockCall.class,
				UnseededDraw.class, SeededDraw.class);
		ArchRule rule = deterministic(getClass().getPackageName() + "..");
		String report = rule.evaluate(fixtures).getFailureReport().toString();
		assertThat(report).contains(ClockAsMethodReference.class.getSimpleName())
			.contains(ClockCall.class.getSimpleName())
			.contains(UnseededDraw.class.getSimpleName())
			.doesNotContain(SeededDraw.class.getSimpleName() + ".");
	}

	@Test
	void rulesAboveAreNotVacuous() {
		// guards the rules above against passing vacuously after a package rename
		assertThat(MAIN.stream().filter((c) -> c.getPackageName().startsWith(ROOT + ".internal.protocol")))
			.hasSizeGreaterThan(10);
		assertThat(MAIN.stream().filter((c) -> c.getPackageName().startsWith(ROOT + ".internal.wire"))).isNotEmpty();
		assertThat(MAIN.stream().filter((c) -> c.getPackageName().startsWith(ROOT + ".internal.crypto"))).isNotEmpty();
		assertThat(MAIN.stream().filter((c) -> c.getPackageName().startsWith(ROOT + ".membership"))).isNotEmpty();
	}

	private static ArchRule deterministic(String... packages) {
		return classes().that().resideInAnyPackage(packages).should(readNoClockAndDrawNoUnseededRandomness());
	}

	/** Calls, constructor calls, field reads and method or constructor references alike. */
	private static ArchCondition<JavaClass> readNoClockAndDrawNoUnseededRandomness() {
		Set<String> clockMethods = Set.of(System.class.getName() + ".currentTimeMillis",
				System.class.getName() + ".nanoTime", Instant.class.getName() + ".now",
				Math.class.getName() + ".random", UUID.class.getName() + ".randomUUID",
				"java.util.random.RandomGenerator.getDefault", "java.util.random.RandomGenerator.of");
		Set<String> forbiddenOwners = Set.of(Clock.class.getName(), ThreadLocalRandom.class.getName(),
				"java.security.SecureRandom", "java.util.SplittableRandom", "java.time.LocalDateTime",
				"java.time.ZonedDateTime", "java.time.OffsetDateTime");
		DescribedPredicate<JavaAccess<?>> forbidden = DescribedPredicate.describe("a clock or unseeded randomness",
				(access) -> {
					String owner = access.getTargetOwner().getName();
					String name = access.getTarget().getName();
					if (clockMethods.contains(owner + "." + name) || forbiddenOwners.contains(owner)) {
						return true;
					}
					// new Random() seeds itself from the clock; new Random(seed) is deterministic
					return owner.equals(Random.class.getName()) && name.equals("<init>")
							&& access.getTarget().getDescription().contains("()");
				});
		return new ArchCondition<>("read no clock and draw no unseeded randomness") {
			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				Stream<JavaAccess<?>> accesses = Stream.concat(javaClass.getAccessesFromSelf().stream(),
						javaClass.getCodeUnits().stream().flatMap((unit) -> Stream.<JavaAccess<?>>concat(
								unit.getMethodReferencesFromSelf().stream(),
								unit.getConstructorReferencesFromSelf().stream())));
				accesses.distinct().filter(forbidden).forEach((access) -> events
					.add(SimpleConditionEvent.violated(access, access.getDescription())));
			}
		};
	}

	static final class ClockAsMethodReference {

		final LongSupplier clock = System::nanoTime;

	}

	static final class ClockCall {

		long now() {
			return System.currentTimeMillis();
		}

	}

	static final class UnseededDraw {

		int draw() {
			return new Random().nextInt();
		}

	}

	static final class SeededDraw {

		int draw() {
			return new Random(42).nextInt();
		}

	}

}
