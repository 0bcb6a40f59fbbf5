package io.github.gossip.internal.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.gossip.internal.protocol.Endpoint;

/**
 * Which transports of an {@link InMemoryNetwork} can reach which: directed links that are cut, and
 * groups cut off from everyone outside them (transports bound later included). Safe to use from any
 * thread.
 */
final class Reachability {

	private final Set<Link> blocked = new HashSet<>();

	private final List<Set<Endpoint>> isolated = new ArrayList<>();

	/** Cuts the link from {@code from} to {@code to}, one way. */
	synchronized void block(Endpoint from, Endpoint to) {
		this.blocked.add(new Link(from, to));
	}

	/** Cuts {@code group} off from every transport outside it, both ways. */
	synchronized void isolate(Collection<Endpoint> group) {
		this.isolated.add(Set.copyOf(group));
	}

	/** Restores every link. */
	synchronized void heal() {
		this.blocked.clear();
		this.isolated.clear();
	}

	/** Whether a datagram from {@code from} reaches {@code to}. */
	synchronized boolean allows(Endpoint from, Endpoint to) {
		if (this.blocked.contains(new Link(from, to))) {
			return false;
		}
		for (Set<Endpoint> group : this.isolated) {
			if (group.contains(from) != group.contains(to)) {
				return false;
			}
		}
		return true;
	}

	/** A directed link between two bound endpoints. */
	private record Link(Endpoint from, Endpoint to) {
	}

}
