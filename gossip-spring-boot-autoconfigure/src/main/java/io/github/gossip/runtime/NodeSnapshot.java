package io.github.gossip.runtime;

import java.util.List;
import java.util.Map;

import io.github.gossip.protocol.Member;

/**
 * The protocol's view at one moment, copied on the protocol thread for readers on other threads.
 *
 * @param local this process as others see it
 * @param members every other known member, failed and departed ones included until reaped
 * @param leaders the announced leader of every role that has one
 */
public record NodeSnapshot(Member local, List<Member> members, Map<String, Member> leaders) {

	public NodeSnapshot {
		members = List.copyOf(members);
		leaders = Map.copyOf(leaders);
	}
}
