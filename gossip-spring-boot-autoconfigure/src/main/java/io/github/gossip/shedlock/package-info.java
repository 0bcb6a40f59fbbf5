/**
 * ShedLock on role leadership: when ShedLock is on the classpath and the application defines no
 * {@code LockProvider} of its own, {@link io.github.gossip.shedlock.ShedLockAutoConfiguration}
 * provides one that grants the lock of a {@code @SchedulerLock(name = ...)} job to the current
 * leader of the role of that name, so that existing ShedLock jobs run on one node of the cluster
 * without a database. Every type not public here is an implementation detail.
 */
package io.github.gossip.shedlock;
