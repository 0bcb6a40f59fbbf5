package io.github.gossip.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample application is a user: it reaches the library only through its documented public
 * packages, never its internals.
 */
class PublicApiOnlyTests {

	private static final JavaClasses SAMPLE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.gossip.sample");

	@Test
	void theSampleUsesOnlyThePublicPackages() {
		noClasses().should()
			.dependOnClassesThat(resideInAPackage("io.github.gossip..")
				.and(not(resideInAnyPackage("io.github.gossip.sample..", "io.github.gossip.membership..",
						"io.github.gossip.autoconfigure..", "io.github.gossip.config..", "io.github.gossip.node..",
						"io.github.gossip.jobs.."))))
			.check(SAMPLE);
	}

	@Test
	void theSamplesTestsUseOnlyThePublicPackagesAndTheTestKit() {
		JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
			.importPackages("io.github.gossip.sample");
		noClasses().should()
			.dependOnClassesThat(resideInAPackage("io.github.gossip..")
				.and(not(resideInAnyPackage("io.github.gossip.sample..", "io.github.gossip.membership..",
						"io.github.gossip.autoconfigure..", "io.github.gossip.config..", "io.github.gossip.node..",
						"io.github.gossip.jobs..", "io.github.gossip.test"))))
			.check(tests);
		// guards the rule against passing vacuously: the tests do use the kit
		classes().that()
			.haveSimpleName("ClusterControllerTests")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.gossip.test")
			.check(tests);
	}

	@Test
	void theRuleAboveSeesTheSamplesUseOfTheLibrary() {
		// guards the rule above against passing vacuously: the sample does use the library
		classes().that()
			.haveSimpleName("ClusterController")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.gossip.membership..")
			.check(SAMPLE);
	}

}
