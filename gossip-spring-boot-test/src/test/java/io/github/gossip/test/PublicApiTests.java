package io.github.gossip.test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exposure is a decision: the public surface (every public or protected type and member in a
 * package that is not under {@code internal}) of the core, the auto-configuration and the test kit
 * must equal the listing in {@code api/public-api.txt} at the root of the project. It runs in the
 * test kit's module, the one that sees all three. A change to the surface fails here until the
 * listing is updated with it, in the same commit, where a reviewer sees it.
 * The test writes what it found to {@code target/public-api.txt}; copy it over the listing once the
 * change is meant.
 */
class PublicApiTests {

	private static final Path LISTING = Path.of("..", "api", "public-api.txt");

	private static final Path FOUND = Path.of("target", "public-api.txt");

	@Test
	void publicSurfaceIsTheListedOne() throws IOException {
		List<String> found = surface();
		Files.createDirectories(FOUND.getParent());
		Files.write(FOUND, found, StandardCharsets.UTF_8);
		assertThat(LISTING).as("the listing of the public API").exists();
		List<String> listed = Files.readAllLines(LISTING, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(found).as("public API (found in %s) against %s: update the listing where the change is meant",
				FOUND.toAbsolutePath().normalize(), LISTING.toAbsolutePath().normalize())
			.containsExactlyElementsOf(listed);
	}

	@Test
	void theInternalsAreOutsideTheListingAndTheListingIsNotEmpty() {
		List<String> found = surface();
		assertThat(found).noneMatch((line) -> line.contains(".internal."));
		assertThat(found).anyMatch((line) -> line.startsWith("type ") && line.contains("ClusterMembership"));
	}

	static List<String> surface() {
		List<String> lines = new ArrayList<>();
		new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.gossip")
			.stream()
			.filter((javaClass) -> !javaClass.getPackageName().contains(".internal"))
			.filter((javaClass) -> !javaClass.getPackageName().startsWith("io.github.gossip.sample"))
			.map(JavaClass::reflect)
			.filter(PublicApiTests::isExposed)
			.sorted(Comparator.comparing(Class::getName))
			.forEach((type) -> describe(type, lines));
		return lines;
	}

	private static boolean isExposed(Class<?> type) {
		if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
			return false;
		}
		for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
			if (!Modifier.isPublic(c.getModifiers()) && !(c != type && Modifier.isProtected(c.getModifiers()))) {
				return false;
			}
		}
		return true;
	}

	private static void describe(Class<?> type, List<String> lines) {
		lines.add("type " + kind(type) + " " + type.getName() + supertypes(type));
		TreeSet<String> members = new TreeSet<>();
		Stream.of(type.getDeclaredFields())
			.filter((field) -> exposed(field.getModifiers()) && !field.isSynthetic())
			.forEach((field) -> members.add("  field " + field(field)));
		Stream.of(type.getDeclaredConstructors())
			.filter((constructor) -> exposed(constructor.getModifiers()) && !constructor.isSynthetic())
			.forEach((constructor) -> members.add("  constructor " + executable(constructor)));
		Stream.of(type.getDeclaredMethods())
			.filter((method) -> exposed(method.getModifiers()) && !method.isSynthetic() && !method.isBridge())
			.forEach((method) -> members.add("  method " + executable(method)));
		lines.addAll(members);
	}

	private static boolean exposed(int modifiers) {
		return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
	}

	private static String kind(Class<?> type) {
		if (type.isAnnotation()) {
			return "@interface";
		}
		if (type.isRecord()) {
			return "record";
		}
		if (type.isEnum()) {
			return "enum";
		}
		if (type.isInterface()) {
			return "interface";
		}
		return (Modifier.isFinal(type.getModifiers()) ? "final " : Modifier.isAbstract(type.getModifiers()) ? "abstract " : "")
				+ "class";
	}

	private static String supertypes(Class<?> type) {
		StringBuilder text = new StringBuilder();
		if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
				&& !type.isRecord()) {
			text.append(" extends ").append(type.getGenericSuperclass().getTypeName());
		}
		if (type.getGenericInterfaces().length > 0 && !type.isAnnotation()) {
			text.append(type.isInterface() ? " extends " : " implements ");
			text.append(String.join(", ", Stream.of(type.getGenericInterfaces()).map((t) -> t.getTypeName()).toList()));
		}
		return text.toString();
	}

	private static String field(Field field) {
		return Modifier.toString(field.getModifiers()) + " " + field.getGenericType().getTypeName() + " "
				+ field.getName();
	}

	private static String executable(Executable executable) {
		StringBuilder text = new StringBuilder(Modifier.toString(executable.getModifiers()
				& (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.ABSTRACT | Modifier.FINAL)));
		if (executable instanceof Method method) {
			text.append(' ').append(method.getGenericReturnType().getTypeName()).append(' ').append(method.getName());
		}
		else {
			text.append(' ').append(((Constructor<?>) executable).getDeclaringClass().getSimpleName());
		}
		text.append('(')
			.append(String.join(", ", Stream.of(executable.getGenericParameterTypes()).map((t) -> t.getTypeName()).toList()))
			.append(')');
		if (executable.getGenericExceptionTypes().length > 0) {
			text.append(" throws ")
				.append(String.join(", ",
						Stream.of(executable.getGenericExceptionTypes()).map((t) -> t.getTypeName()).toList()));
		}
		return text.toString();
	}

}
