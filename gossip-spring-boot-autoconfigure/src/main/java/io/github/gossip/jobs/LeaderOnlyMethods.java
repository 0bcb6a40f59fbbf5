package io.github.gossip.jobs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import io.github.gossip.internal.runtime.RoleNames;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Which methods the gate applies to, and for which role: a method's own {@link LeaderOnly} (also on
 * a method it overrides or implements), else its type's, for public methods. Also refuses, at
 * start-up, what a proxy would silently leave ungated: a job that runs everywhere because its
 * method is private or final is worse than one that does not start.
 */
final class LeaderOnlyMethods {

	private static final String SCHEDULED = "org.springframework.scheduling.annotation.Scheduled";

	private final Map<MethodClassKey, Optional<String>> roles = new ConcurrentHashMap<>();

	private final Map<Class<?>, Set<String>> inspected = new ConcurrentHashMap<>();

	/**
	 * The role that gates {@code method} called on an instance of {@code targetClass}.
	 * @return the normalized role, or {@code null} when the method is not gated
	 */
	String role(Method method, Class<?> targetClass) {
		return this.roles.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> Optional.ofNullable(resolve(method, targetClass))).orElse(null);
	}

	private static String resolve(Method method, Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		if (Modifier.isStatic(specific.getModifiers())) {
			return null;
		}
		LeaderOnly own = AnnotatedElementUtils.findMergedAnnotation(specific, LeaderOnly.class);
		if (own != null) {
			return RoleNames.normalize(own.value());
		}
		LeaderOnly onType = AnnotatedElementUtils.findMergedAnnotation(userClass, LeaderOnly.class);
		return (onType != null && isGatedByType(specific)) ? RoleNames.normalize(onType.value()) : null;
	}

	private static boolean isGatedByType(Method method) {
		// Object's methods stay ungated also where overridden: a log line must never read "null"
		return Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
				&& !ReflectionUtils.isObjectMethod(method);
	}

	/**
	 * Checks the gated methods of {@code type} once.
	 * @return the roles they name
	 * @throws IllegalStateException if the gate could not apply to one of them
	 */
	Set<String> inspect(Class<?> type) {
		return this.inspected.computeIfAbsent(type, LeaderOnlyMethods::check);
	}

	private static Set<String> check(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, LeaderOnly.class)) {
			return Set.of();
		}
		List<String> problems = new ArrayList<>();
		Set<String> roles = new TreeSet<>();
		LeaderOnly onType = AnnotatedElementUtils.findMergedAnnotation(type, LeaderOnly.class);
		if (onType != null) {
			roles.add(role(onType, "the class", problems));
			if (Modifier.isFinal(type.getModifiers())) {
				problems.add("the class is final, so no proxy can gate it");
			}
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
			LeaderOnly own = AnnotatedElementUtils.findMergedAnnotation(method, LeaderOnly.class);
			int modifiers = method.getModifiers();
			String name = method.getName() + "()";
			if (own != null) {
				roles.add(role(own, name, problems));
				if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers)) {
					problems.add(name + " is " + (Modifier.isPrivate(modifiers) ? "private" : "static")
							+ ", so no proxy can gate it");
				}
			}
			boolean gated = own != null || (onType != null && isGatedByType(method));
			if (gated && Modifier.isFinal(modifiers)) {
				problems.add(name + " is final, so no proxy can gate it");
			}
			if (gated && isAsynchronous(method.getReturnType())) {
				problems.add(name + " returns " + method.getReturnType().getSimpleName()
						+ ": its work would go on after the gate, which decides and measures the call itself");
			}
			if (own == null && onType != null && !isGatedByType(method)
					&& MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(SCHEDULED)) {
				problems.add(name + " is @Scheduled but not public, and @LeaderOnly on the class gates public methods "
						+ "only: make it public or annotate the method itself");
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"@LeaderOnly cannot gate " + type.getName() + ": " + String.join("; ", problems));
		}
		return Set.copyOf(roles);
	}

	private static String role(LeaderOnly annotation, String where, List<String> problems) {
		if (annotation.value().isBlank()) {
			problems.add("@LeaderOnly on " + where + " names no role");
		}
		return RoleNames.normalize(annotation.value());
	}

	private static boolean isAsynchronous(Class<?> returnType) {
		return Future.class.isAssignableFrom(returnType)
				|| ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType) != null;
	}

}
