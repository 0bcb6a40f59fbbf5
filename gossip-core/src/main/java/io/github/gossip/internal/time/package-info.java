/**
 * Not API, may change without notice. Where a node's tasks run and what time it is there: threads
 * and the system clock in production, or one {@link io.github.gossip.internal.time.VirtualTime} that
 * runs many nodes and their network deterministically, in a test.
 */
package io.github.gossip.internal.time;
