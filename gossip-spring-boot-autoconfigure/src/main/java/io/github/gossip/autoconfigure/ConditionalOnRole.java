package io.github.gossip.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Registers the annotated bean or component only when this node holds every listed role, according to
 * {@code cluster.roles.*}: a node holds a role when the role's list contains its {@code cluster.node-id},
 * or when the list is absent or empty (every node holds it).
 * <p>
 * This is a start-up decision from configuration and works whether or not gossip is enabled. For a job
 * that must run on exactly one live node of the cluster at a time, use role leadership instead.
 * <pre class="code">
 * &#064;Component
 * &#064;ConditionalOnRole("purge.stores")
 * class StorePurge {
 *     &#064;Scheduled(cron = "0 0 3 * * *")
 *     void purge() { ... }
 * }
 * </pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRoleCondition.class)
public @interface ConditionalOnRole {

	/**
	 * The roles that must all be held, such as {@code purge.stores} or {@code metrics.push}.
	 * @return the role names
	 */
	String[] value();

}
