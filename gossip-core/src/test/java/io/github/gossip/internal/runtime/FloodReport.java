package io.github.gossip.internal.runtime;

/**
 * What a {@link HostileFlood} did to a node, counted by the node itself.
 *
 * @param sent hostile datagrams sent
 * @param received datagrams the node's socket took in meanwhile (loopback may drop a few; the
 * cluster's own traffic is included)
 * @param decoded datagrams that opened and decoded into protocol packets (the cluster's own traffic)
 * @param dropped datagrams dropped and counted by reason
 */
record FloodReport(long sent, long received, long decoded, long dropped) {

	/** Datagrams neither decoded nor counted as dropped: lost to an escaped error. Must be zero. */
	long escaped() {
		return this.received - this.decoded - this.dropped;
	}

}
