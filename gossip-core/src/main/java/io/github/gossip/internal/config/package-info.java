/**
 * Not API, may change without notice: the settings of a node as written, their validation (one set
 * of rules for the {@code cluster.*} properties and the plain-Java builder) and their resolution
 * into the options a running node takes. Use {@code io.github.gossip.node.ClusterNode.builder()} or
 * the {@code cluster.*} properties instead.
 */
package io.github.gossip.internal.config;
