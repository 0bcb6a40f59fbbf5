package io.github.gossip.internal.protocol;

import java.util.Objects;

/** Snapshot of what one node believes about a member. */
public record Member(MemberId id, Endpoint endpoint, MemberState state, long incarnation, MemberMetadata metadata) {

	public Member {
		Objects.requireNonNull(metadata, "metadata");
	}

	public Member(MemberId id, Endpoint endpoint, MemberState state, long incarnation) {
		this(id, endpoint, state, incarnation, MemberMetadata.EMPTY);
	}
}
