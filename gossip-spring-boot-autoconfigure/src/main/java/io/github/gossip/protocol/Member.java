package io.github.gossip.protocol;

/** Snapshot of what one node believes about a member. */
public record Member(MemberId id, Endpoint endpoint, MemberState state, long incarnation) {
}
