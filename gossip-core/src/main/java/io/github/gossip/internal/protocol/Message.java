package io.github.gossip.internal.protocol;

import java.util.List;
import java.util.Objects;

/** The primary message of a packet. Every packet carries exactly one, plus piggybacked updates. */
public sealed interface Message {

	/**
	 * Calls the method of {@code visitor} for this kind of message. A new kind of message must
	 * implement this, which needs a new visitor method, which every visitor must then implement: a
	 * new kind cannot go unhandled silently.
	 */
	void accept(Visitor visitor);

	/** One method per kind of message. */
	interface Visitor {

		void onGossip(Gossip gossip);

		void onPing(Ping ping);

		void onAck(Ack ack);

		void onNack(Nack nack);

		void onPingReq(PingReq pingReq);

		void onJoinRequest(JoinRequest joinRequest);

		void onJoinResponse(JoinResponse joinResponse);

		void onSyncRequest(SyncRequest syncRequest);

		void onSyncPush(SyncPush syncPush);

		void onLeaseRequest(LeaseRequest leaseRequest);

		void onLeaseGrant(LeaseGrant leaseGrant);

	}

	/** Carries only piggybacked updates: used by gossip rounds and leave broadcasts. */
	record Gossip() implements Message {
		public static final Gossip INSTANCE = new Gossip();

		@Override
		public void accept(Visitor visitor) {
			visitor.onGossip(this);
		}
	}

	/**
	 * Direct probe. {@code target} names the process the sender means, so a restarted node at the
	 * same address can tell a ping meant for its predecessor.
	 */
	record Ping(long seq, MemberId target) implements Message {
		public Ping {
			Objects.requireNonNull(target, "target");
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onPing(this);
		}
	}

	/** Answer to a {@link Ping}, or an indirect ack forwarded by the member asked in a {@link PingReq}. */
	record Ack(long seq) implements Message {

		@Override
		public void accept(Visitor visitor) {
			visitor.onAck(this);
		}
	}

	/** Sent by a member asked to probe indirectly when the target did not answer it in time. */
	record Nack(long seq) implements Message {

		@Override
		public void accept(Visitor visitor) {
			visitor.onNack(this);
		}
	}

	/** Asks the receiver to probe {@code target} on the sender's behalf and answer ack or nack. */
	record PingReq(long seq, MemberId target, Endpoint targetEndpoint) implements Message {
		public PingReq {
			Objects.requireNonNull(target, "target");
			Objects.requireNonNull(targetEndpoint, "targetEndpoint");
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onPingReq(this);
		}
	}

	/** A starting node asks a seed for the member list, announcing where it can be reached. */
	record JoinRequest(Endpoint advertise, long incarnation) implements Message {
		public JoinRequest {
			Objects.requireNonNull(advertise, "advertise");
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onJoinRequest(this);
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

		@Override
		public void accept(Visitor visitor) {
			visitor.onJoinResponse(this);
		}
	}

	/**
	 * Anti-entropy, first step: the sender's view summarised as one hash per bucket of node ids
	 * (see {@link ViewDigest}). The receiver answers with a {@link SyncPush} of the buckets whose
	 * hashes differ from its own, or with nothing when the views agree, which is the steady state:
	 * one small datagram per exchange, whatever the cluster size.
	 */
	record SyncRequest(List<Integer> bucketHashes) implements Message {
		public SyncRequest {
			bucketHashes = List.copyOf(bucketHashes);
			if (!ViewDigest.isValidBucketCount(bucketHashes.size())) {
				throw new IllegalArgumentException("bucket count must be a power of two up to "
						+ ViewDigest.MAX_BUCKETS + ": " + bucketHashes.size());
			}
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onSyncRequest(this);
		}
	}

	/**
	 * Anti-entropy, second step: the sender's full records of some buckets (of {@code bucketCount}).
	 * A view larger than a datagram is split into several pushes; each lists the buckets whose
	 * records start in it. With {@code wantReply} the receiver sends back its own records of the
	 * listed buckets, which completes the push-pull.
	 */
	record SyncPush(boolean wantReply, int bucketCount, List<Integer> buckets, List<Update> records)
			implements Message {
		public SyncPush {
			if (!ViewDigest.isValidBucketCount(bucketCount)) {
				throw new IllegalArgumentException("bad bucket count " + bucketCount);
			}
			buckets = List.copyOf(buckets);
			int previous = -1;
			for (int b : buckets) {
				if (b <= previous || b >= bucketCount) {
					throw new IllegalArgumentException("buckets must ascend within 0.." + (bucketCount - 1));
				}
				previous = b;
			}
			records = List.copyOf(records);
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onSyncPush(this);
		}
	}

	/**
	 * A candidate for a majority-policy role asks a voter for its lease, proposing {@code epoch};
	 * renewals repeat the epoch. {@code seq} ties the answer to the moment of asking, from which the
	 * candidate measures its lease.
	 */
	record LeaseRequest(String role, long epoch, long seq) implements Message {
		public LeaseRequest {
			Objects.requireNonNull(role, "role");
			if (epoch < 1) {
				throw new IllegalArgumentException("epoch " + epoch);
			}
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onLeaseRequest(this);
		}
	}

	/**
	 * A voter's answer to a {@link LeaseRequest}: granted for the request's epoch, or refused with the
	 * highest epoch the voter knows for the role, which a candidate must then exceed.
	 */
	record LeaseGrant(String role, long epoch, long seq, boolean granted) implements Message {
		public LeaseGrant {
			Objects.requireNonNull(role, "role");
			if (epoch < 0) {
				throw new IllegalArgumentException("epoch " + epoch);
			}
		}

		@Override
		public void accept(Visitor visitor) {
			visitor.onLeaseGrant(this);
		}
	}
}
