/**
 * Not API, may change without notice. The running node: binds the protocol, the transport and the timers on one protocol thread, and publishes its view as a ClusterMembership.
 */
package io.github.gossip.internal.runtime;
