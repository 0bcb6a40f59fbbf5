package io.github.gossip.jobs;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

/** Matches the methods that {@link LeaderOnlyMethods} gates. */
final class LeaderOnlyPointcut extends StaticMethodMatcherPointcut {

	private final LeaderOnlyMethods methods;

	LeaderOnlyPointcut(LeaderOnlyMethods methods) {
		this.methods = methods;
		setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, LeaderOnly.class));
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return this.methods.role(method, targetClass) != null;
	}

}
