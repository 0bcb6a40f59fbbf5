package io.github.gossip.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when gossip is enabled, that is when both {@code cluster.bind-addr} and {@code cluster.key}
 * are set, or, with {@code enabled = false}, when it is not.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnGossipEnabledCondition.class)
public @interface ConditionalOnGossipEnabled {

	/**
	 * Whether to match when gossip is enabled ({@code true}) or disabled ({@code false}).
	 * @return the expected state
	 */
	boolean enabled() default true;

}
