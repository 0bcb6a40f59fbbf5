package io.github.gossip.internal.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact memory of members whose tombstones were reaped: node id to the last instance and
 * incarnation known. Stale gossip or a late state sync may still carry a reaped member's old
 * records; without this memory they would bring it back as a new member. Only a record that proves
 * a live process newer than the reaped one (a later instance, or the same instance refuting with a
 * higher incarnation) is admitted. Entries are kept for one more retention window, far longer than
 * gossip lives, and their number is capped.
 */
final class ReapedMembers {

	static final int MAX_ENTRIES = 16_384;

	record Reaped(long instance, long incarnation, long at) {
	}

	/** Insertion order is reap order, so expiry and the cap both drop from the head. */
	private final LinkedHashMap<String, Reaped> byNode = new LinkedHashMap<>();

	void remember(MemberId id, long incarnation, long now) {
		this.byNode.remove(id.nodeId());
		this.byNode.put(id.nodeId(), new Reaped(id.instance(), incarnation, now));
		if (this.byNode.size() > MAX_ENTRIES) {
			Iterator<String> oldest = this.byNode.keySet().iterator();
			oldest.next();
			oldest.remove();
		}
	}

	/**
	 * The DEAD record to tell a reaped process that still talks (as {@code id} at {@code incarnation},
	 * reachable at {@code at}) so that it refutes; {@code null} unless that process is one we reaped
	 * and it has not refuted yet.
	 */
	Update deathNotice(MemberId id, long incarnation, Endpoint at) {
		Reaped r = this.byNode.get(id.nodeId());
		if (r == null || r.instance() != id.instance() || incarnation > r.incarnation()) {
			return null;
		}
		return new Update(MemberState.DEAD, id, r.incarnation(), at, null);
	}

	/** Whether {@code u} may create a new entry; forgets the member when it does. */
	boolean admits(Update u) {
		Reaped r = this.byNode.get(u.member().nodeId());
		if (r == null) {
			return true;
		}
		int order = Long.compareUnsigned(u.member().instance(), r.instance);
		boolean admitted = order > 0 || (order == 0 && u.state().isLive() && u.incarnation() > r.incarnation());
		if (admitted) {
			this.byNode.remove(u.member().nodeId());
		}
		return admitted;
	}

	void expire(long now, long keepMillis) {
		for (Iterator<Map.Entry<String, Reaped>> it = this.byNode.entrySet().iterator(); it.hasNext();) {
			if (now - it.next().getValue().at <= keepMillis) {
				return;
			}
			it.remove();
		}
	}

	int size() {
		return this.byNode.size();
	}
}
