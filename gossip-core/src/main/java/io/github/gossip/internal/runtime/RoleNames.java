package io.github.gossip.internal.runtime;

import java.util.Locale;

/**
 * Role names compare without regard to case or surrounding blanks, as Spring Boot's relaxed binding
 * treats property names: {@code cluster.roles.Purge.Stores} names the role {@code purge.stores}.
 */
public final class RoleNames {

	private RoleNames() {
	}

	/** The form in which a role name is compared and announced. */
	public static String normalize(String role) {
		return role.strip().toLowerCase(Locale.ROOT);
	}

}
