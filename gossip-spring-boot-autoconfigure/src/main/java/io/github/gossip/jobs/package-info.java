/**
 * Leader-gated jobs: {@link io.github.gossip.jobs.LeaderOnly @LeaderOnly} runs a method (typically
 * a {@code @Scheduled} one) only on the node that currently leads a role, and skips it on every other
 * node. A gated call can read what it runs as, with the fencing token it runs by, through
 * {@link io.github.gossip.jobs.LeaderRun#current()} and check that it runs behind the gate with
 * {@link io.github.gossip.jobs.LeaderAssert}.
 * {@link io.github.gossip.jobs.LeaderJobsAutoConfiguration} sets the gate up; every type not public
 * here is an implementation detail.
 */
package io.github.gossip.jobs;
