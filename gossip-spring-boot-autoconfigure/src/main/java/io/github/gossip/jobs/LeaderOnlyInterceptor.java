package io.github.gossip.jobs;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * The advice of a gated bean: asks the gate, and turns a skipped call into the method's empty
 * result ({@code null}, {@code Optional.empty()}, zero or {@code false}).
 */
final class LeaderOnlyInterceptor implements MethodInterceptor {

	private final LeaderOnlyMethods methods;

	private final Supplier<LeaderGate> gate;

	/**
	 * @param gate looked up at the first call: the post-processor exists before the beans the gate
	 * needs
	 */
	LeaderOnlyInterceptor(LeaderOnlyMethods methods, Supplier<LeaderGate> gate) {
		this.methods = methods;
		this.gate = gate;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: method.getDeclaringClass();
		String role = this.methods.role(method, targetClass);
		if (role == null) {
			return invocation.proceed();
		}
		Object result = this.gate.get()
			.call(role, () -> ClassUtils.getShortName(ClassUtils.getUserClass(targetClass)) + "." + method.getName() + "()",
					invocation::proceed);
		return (result == LeaderGate.Skipped.SKIPPED) ? emptyResult(method.getReturnType()) : result;
	}

	static Object emptyResult(Class<?> type) {
		if (type == Optional.class) {
			return Optional.empty();
		}
		if (type.isPrimitive() && type != void.class) {
			return Array.get(Array.newInstance(type, 1), 0);
		}
		return null;
	}

}
