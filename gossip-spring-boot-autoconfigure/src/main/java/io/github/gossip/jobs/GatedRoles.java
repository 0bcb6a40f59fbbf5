package io.github.gossip.jobs;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The roles that some gated method of this application names, as the post-processor finds them,
 * for the parts that follow those roles (leadership changes in the log). Beans created later, such
 * as prototypes, add roles after start-up: a follower hears of every role once, whenever it came.
 */
final class GatedRoles {

	private final Set<String> roles = new TreeSet<>();

	private final CopyOnWriteArrayList<Consumer<String>> followers = new CopyOnWriteArrayList<>();

	void add(String role) {
		synchronized (this.roles) {
			if (!this.roles.add(role)) {
				return;
			}
		}
		this.followers.forEach((follower) -> follower.accept(role));
	}

	/** Tells {@code follower} of every role found so far and of every role found later. */
	void follow(Consumer<String> follower) {
		this.followers.add(follower);
		snapshot().forEach(follower);
	}

	Set<String> snapshot() {
		synchronized (this.roles) {
			return Set.copyOf(this.roles);
		}
	}

}
