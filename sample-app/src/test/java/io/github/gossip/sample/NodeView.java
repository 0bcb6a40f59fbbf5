package io.github.gossip.sample;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node's view of the cluster, read from its {@code /api/cluster}.
 *
 * @param nodeId the node that answered
 * @param statuses member node id to status, as that node sees them
 * @param leaders role to the node id of its leader
 * @param addresses member node id to its address ({@code host:port}), as that node sees it
 */
record NodeView(String nodeId, Map<String, String> statuses, Map<String, String> leaders,
		Map<String, String> addresses) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static NodeView parse(String json) {
		JsonNode root = JSON.readTree(json);
		if (!root.get("enabled").asBoolean()) {
			throw new IllegalStateException("gossip is disabled on that node: " + json);
		}
		Map<String, String> statuses = new TreeMap<>();
		Map<String, String> addresses = new TreeMap<>();
		for (JsonNode member : root.get("members")) {
			statuses.put(member.get("nodeId").asString(), member.get("status").asString());
			addresses.put(member.get("nodeId").asString(), member.get("address").asString());
		}
		Map<String, String> leaders = new TreeMap<>();
		root.get("leaders").properties().forEach((entry) -> leaders.put(entry.getKey(), entry.getValue().asString()));
		return new NodeView(root.get("localNodeId").asString(), statuses, leaders, addresses);
	}

	String status(String nodeId) {
		return this.statuses.get(nodeId);
	}

	/** Whether exactly {@code nodeIds} are known and all of them are ALIVE. */
	boolean allAlive(java.util.Collection<String> nodeIds) {
		return this.statuses.keySet().equals(new java.util.TreeSet<>(nodeIds))
				&& this.statuses.values().stream().allMatch("ALIVE"::equals);
	}

	String address(String nodeId) {
		return this.addresses.get(nodeId);
	}

	String leader(String role) {
		return this.leaders.get(role);
	}

	@Override
	public String toString() {
		return "node " + this.nodeId + " sees " + this.statuses + ", leaders " + this.leaders;
	}

}
