package io.github.gossip.internal.config;

/**
 * How a front end names the settings in its error messages.
 */
public interface SettingNames {

	/** The name of {@code setting}, such as {@code cluster.heartbeat} or {@code heartbeat}. */
	String of(Setting setting);

	/** The name of one element of a list setting, such as {@code cluster.seed-nodes[2]}. */
	default String of(Setting setting, int index) {
		return of(setting) + "[" + index + "]";
	}

	/** The name of the list of node ids assigned {@code role}, such as {@code cluster.roles.acme.renew}. */
	default String ofRole(String role) {
		return of(Setting.ROLES) + "." + role;
	}

	/**
	 * The name of the leadership policy of {@code role}, such as
	 * {@code cluster.leadership.policy.acme.renew}.
	 */
	default String ofLeadershipPolicy(String role) {
		return "leadershipPolicy(" + role + ")";
	}

	/**
	 * The name of the quorum of a majority-policy {@code role}, such as
	 * {@code cluster.leadership.quorum.acme.renew}.
	 */
	default String ofLeadershipQuorum(String role) {
		return "leadershipPolicy(" + role + ").quorum";
	}

	/**
	 * Why the node id is required, appended to "is required", such as " when gossip is enabled"; empty
	 * when it always is.
	 */
	default String whenNodeIdIsRequired() {
		return "";
	}

}
