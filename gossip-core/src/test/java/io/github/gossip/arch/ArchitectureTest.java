package io.github.gossip.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the protocol core portable and testable without a container or a socket: the state
 * machine, the codec and the crypto layer must not reach for Spring, Netty or Reactor.
 */
class ArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.gossip");

	@Test
	void coreIsFreeOfSpringNettyAndReactor() {
		noClasses().that()
			.resideInAnyPackage("..protocol..", "..wire..", "..crypto..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.netty..", "reactor..")
			.check(MAIN);
	}

	@Test
	void protocolDoesNotDependOnTheCodec() {
		// the codec depends on the message records, never the other way round
		noClasses().that().resideInAPackage("..protocol..").should().dependOnClassesThat().resideInAPackage("..wire..")
			.check(MAIN);
	}

	@Test
	void coreReadsNoClockAndOpensNoSocket() {
		noClasses().that()
			.resideInAnyPackage("..protocol..", "..wire..")
			.should()
			.callMethod(System.class, "currentTimeMillis")
			.orShould()
			.callMethod(System.class, "nanoTime")
			.orShould()
			.dependOnClassesThat()
			.resideInAnyPackage("java.net..", "java.nio.channels..")
			.check(MAIN);
	}

	@Test
	void rulesAboveAreNotVacuous() {
		// guards the rules above against passing vacuously after a package rename
		classes().that().resideInAPackage("..protocol..").should().haveSimpleNameNotEndingWith("Impl").check(MAIN);
	}

}
