package io.github.gossip.jobs;

import java.util.function.Supplier;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;

/**
 * Proxies the beans that have {@link LeaderOnly} methods, as {@code @Async} and method validation
 * proxy theirs. The gate comes before any advice the bean already has, so that a skipped call opens
 * no transaction and starts no other work.
 */
final class LeaderOnlyBeanPostProcessor extends AbstractAdvisingBeanPostProcessor {

	private final LeaderOnlyMethods methods = new LeaderOnlyMethods();

	private final GatedRoles roles = new GatedRoles();

	LeaderOnlyBeanPostProcessor(Supplier<LeaderGate> gate) {
		this.advisor = new DefaultPointcutAdvisor(new LeaderOnlyPointcut(this.methods),
				new LeaderOnlyInterceptor(this.methods, gate));
		setBeforeExistingAdvisors(true);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof AopInfrastructureBean)) {
			this.methods.inspect(AopProxyUtils.ultimateTargetClass(bean)).forEach(this.roles::add);
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	/** The roles of the gated methods found so far. */
	GatedRoles roles() {
		return this.roles;
	}

}
