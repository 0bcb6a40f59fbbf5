package io.github.gossip.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method only on the node that currently leads the named role, and skips the
 * call everywhere else. Typically beside {@code @Scheduled}, for work that must happen once per
 * cluster rather than once per node:
 * <pre class="code">
 * &#064;Scheduled(fixedDelay = 60_000)
 * &#064;LeaderOnly("acme.renew")
 * void renewCertificates() { ... }
 * </pre>
 * On a type, every public method of the bean is gated, inherited ones included and
 * {@code equals}, {@code hashCode} and {@code toString} excepted; a method's own annotation wins over
 * the type's.
 * <p>
 * The leader is decided at the moment of the call, by the one question the gate asks: whether this
 * node holds the role's fencing token
 * ({@link io.github.gossip.membership.ClusterMembership#fencingToken(String) ClusterMembership.fencingToken},
 * present exactly while {@code isLeader} is true): among the live members that hold the role, the
 * one with the lowest node id; with the role's {@code majority} policy
 * ({@code cluster.leadership.policy.<role>}), only a member that a strict majority of the role's
 * voters grants. Any role name works, named in {@code cluster.roles} or not. Without a
 * {@code ClusterMembership} (gossip disabled) this node is a cluster of one and leads every role it
 * holds by its configuration, as {@code @ConditionalOnRole} decides, so its gated methods run; not,
 * though, a majority-policy role whose majority needs more than this node's own grant.
 * <p>
 * A skipped call returns {@code null}, {@code Optional.empty()} for an {@code Optional}, and zero or
 * {@code false} for a primitive; it is counted ({@code not-leader}, or {@code no-quorum} for a
 * majority-policy role that has no leader in this node's view) and logged at DEBUG. During a gated
 * call, {@link LeaderRun#current()} describes the run, with the token it runs by, and
 * {@link LeaderAssert#assertLeader()} passes. Hand the token to the store the job writes to, so that
 * the store can refuse a leader that has been superseded; with the {@code available} policy (the
 * default) each side of a network split has its own leader, so such jobs must also be idempotent.
 * <p>
 * The gate is a proxy, as for {@code @Async} and {@code @Transactional}: it applies to calls from
 * other beans (a scheduler included), not to a bean calling its own methods. A gated method must not
 * be private, static or final, and must complete its work before it returns (a
 * {@code CompletableFuture} or reactive result would escape the gate): the application refuses to
 * start otherwise.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LeaderOnly {

	/**
	 * The role whose leader runs the method, such as {@code acme.renew}. Role names ignore case.
	 * @return the role name
	 */
	String value();

}
