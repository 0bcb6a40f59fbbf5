package io.github.gossip.protocol;

import java.util.List;
import java.util.Objects;

/** The primary message of a packet. Every packet carries exactly one, plus piggybacked updates. */
public sealed interface Message {

	/** Carries only piggybacked updates: used by gossip rounds and leave broadcasts. */
	record Gossip() implements Message {
		public static final Gossip INSTANCE = new Gossip();
	}

	/**
	 * Direct probe. {@code target} names the process the sender means, so a restarted node at the
	 * same address can tell a ping meant for its predecessor.
	 */
	record Ping(long seq, MemberId target) implements Message {
		public Ping {
			Objects.requireNonNull(target, "target");
		}
	}

	/** Answer to a {@link Ping}, or an indirect ack forwarded by the member asked in a {@link PingReq}. */
	record Ack(long seq) implements Message {
	}

	/** Sent by a member asked to probe indirectly when the target did not answer it in time. */
	record Nack(long seq) implements Message {
	}

	/** Asks the receiver to probe {@code target} on the sender's behalf and answer ack or nack. */
	record PingReq(long seq, MemberId target, Endpoint targetEndpoint) implements Message {
		public PingReq {
			Objects.requireNonNull(target, "target");
			Objects.requireNonNull(targetEndpoint, "targetEndpoint");
		}
	}

	/** A starting node asks a seed for the member list, announcing where it can be reached. */
	record JoinRequest(Endpoint advertise, long incarnation) implements Message {
		public JoinRequest {
			Objects.requireNonNull(advertise, "advertise");
		}
	}

	/**
	 * One part of the seed's view. A view larger than a datagram is split into several responses;
	 * each part is self-contained so loss of one part only delays those members.
	 */
	record JoinResponse(List<Update> members) implements Message {
		public JoinResponse {
			members = List.copyOf(members);
		}
	}
}
