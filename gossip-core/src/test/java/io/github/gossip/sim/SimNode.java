package io.github.gossip.sim;

import java.util.ArrayList;
import java.util.List;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Membership;
import io.github.gossip.internal.protocol.MembershipEvent;

/**
 * One simulated process slot: a fixed node id and address, and the {@link Membership} of its
 * current process (replaced on restart). Counts traffic and records events with global time.
 */
public final class SimNode {

	/** An event as seen by this node, stamped with global virtual time in millis. */
	public record Observed(long atMillis, MemberId observer, MembershipEvent event) {
	}

	final int index;

	final String nodeId;

	final Endpoint endpoint;

	Membership membership;

	/** Roles and values the slot's processes start with. */
	MemberMetadata metadata = MemberMetadata.EMPTY;

	/** Bumped on crash/restart so events of a dead process are discarded. */
	int generation;

	boolean up;

	/** Down after {@link Simulator#exit}: its host refuses datagrams to its port. */
	boolean portClosed;

	long pausedUntilMicros;

	long clockOffsetMillis;

	double clockRate = 1.0;

	long txPackets, rxPackets, txBytes, rxBytes;

	/** Datagrams carrying a state sync (digest or pushed records), and those carrying pushed records. */
	long syncTxBytes, syncRxBytes, syncPushTxPackets;

	/** Source address of this node's datagrams when it differs from the advertised one; see {@link Simulator#sourceAddress}. */
	Endpoint sourceAddress;

	/** With a {@link #sourceAddress}: the nodes this one sent to, which its NAT mapping lets in. */
	final java.util.Set<Integer> contacted = new java.util.HashSet<>();

	final List<Observed> events = new ArrayList<>();

	SimNode(int index, String nodeId, Endpoint endpoint) {
		this.index = index;
		this.nodeId = nodeId;
		this.endpoint = endpoint;
	}

	public int index() {
		return this.index;
	}

	public String nodeId() {
		return this.nodeId;
	}

	public Endpoint endpoint() {
		return this.endpoint;
	}

	public boolean isUp() {
		return this.up;
	}

	public Membership membership() {
		return this.membership;
	}

	public List<Observed> events() {
		return this.events;
	}

	public long txPackets() {
		return this.txPackets;
	}

	public long rxPackets() {
		return this.rxPackets;
	}

	public long txBytes() {
		return this.txBytes;
	}

	public long rxBytes() {
		return this.rxBytes;
	}

	public long syncTxBytes() {
		return this.syncTxBytes;
	}

	public long syncRxBytes() {
		return this.syncRxBytes;
	}

	public long syncPushTxPackets() {
		return this.syncPushTxPackets;
	}

	/** State of {@code other} in this node's view, or null if unknown. */
	public MemberState stateOf(SimNode other) {
		return this.membership.member(other.nodeId).map((m) -> m.state()).orElse(null);
	}

	/** Instance of {@code other} in this node's view, or 0 if unknown. */
	public long instanceOf(SimNode other) {
		return this.membership.member(other.nodeId).map((m) -> m.id().instance()).orElse(0L);
	}

	/** Local clock reading at global time {@code micros}. */
	long localMillis(long micros) {
		return this.clockOffsetMillis + (long) Math.floor(micros * this.clockRate / 1000.0);
	}

	/** Global time at which the local clock reads {@code millis}. */
	long globalMicros(long millis) {
		long micros = (long) Math.ceil((millis - this.clockOffsetMillis) * 1000.0 / this.clockRate);
		// floating point may land a micro early, where the clock still reads one less: a timer
		// fired there would find itself not yet due and be scheduled again at the same instant
		while (localMillis(micros) < millis) {
			micros++;
		}
		return micros;
	}

	@Override
	public String toString() {
		return this.nodeId + "@" + this.endpoint;
	}

}
