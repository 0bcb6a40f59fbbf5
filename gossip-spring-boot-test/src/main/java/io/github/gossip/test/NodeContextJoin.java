package io.github.gossip.test;

import java.util.Map;

import io.github.gossip.internal.runtime.NodeClusterMembership;
import io.github.gossip.internal.runtime.NodeRuntime;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Joins an application context, before it refreshes, to its node of a simulated cluster: the node's
 * {@code cluster.*} properties ahead of every other source, a {@link NodeRuntime} bean that the
 * auto-configured node runs on (the virtual time, the simulated network, the node's pausable loop
 * and seeded draws), the {@code taskScheduler} of its jobs on the virtual time, and the hand-over of
 * its membership to the {@link SimulatedNode} before it starts, so that the node's events are
 * recorded from the first.
 */
final class NodeContextJoin {

	/** The name of the property source with the node's {@code cluster.*} properties. */
	static final String PROPERTY_SOURCE = "simulatedClusterNode";

	static final String RUNTIME_BEAN = "simulatedClusterNodeRuntime";

	/** The name {@code @Scheduled} looks for when the context has several schedulers. */
	static final String SCHEDULER_BEAN = "taskScheduler";

	private NodeContextJoin() {
	}

	static void join(ConfigurableApplicationContext context, SimulatedNode node, Map<String, Object> properties,
			NodeRuntime runtime, VirtualTaskScheduler scheduler) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
		BeanDefinitionRegistry registry = registry(context);
		registry.registerBeanDefinition(RUNTIME_BEAN, new RootBeanDefinition(NodeRuntime.class, () -> runtime));
		registry.registerBeanDefinition(SCHEDULER_BEAN,
				new RootBeanDefinition(VirtualTaskScheduler.class, () -> scheduler));
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof NodeClusterMembership membership) {
					node.attach(membership);
				}
				return bean;
			}

		});
		context.addApplicationListener((event) -> {
			if (event instanceof ContextRefreshedEvent refreshed && refreshed.getApplicationContext() == context
					&& !node.attachedTo(context)) {
				throw new IllegalStateException("The application of simulated node '" + node.id()
						+ "' has no gossip node to run on the simulated cluster: does it define a ClusterMembership "
						+ "bean of its own?");
			}
		});
	}

	static BeanDefinitionRegistry registry(ConfigurableApplicationContext context) {
		if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
			return registry;
		}
		throw new IllegalStateException("A simulated node needs an application context whose bean factory takes "
				+ "bean definitions, such as Spring Boot's; got " + context.getClass().getName());
	}

}
