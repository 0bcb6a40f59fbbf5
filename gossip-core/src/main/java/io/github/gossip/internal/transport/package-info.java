/**
 * Not API, may change without notice. The UDP transport on Reactor Netty: binds the socket, seals and opens every datagram, counts and rate-limits drops.
 */
package io.github.gossip.internal.transport;
