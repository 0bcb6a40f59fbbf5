package io.github.gossip.internal.protocol;

/**
 * What this process believes about one other member. Mutable and confined to the protocol thread:
 * {@link MemberTable} holds the records, {@link RecordMerger} writes them as news arrives, and the
 * {@link FailureDetector}, which alone starts, confirms and ends suspicions, keeps the member's
 * {@link #suspicion()} here because it lives and dies with the record's SUSPECT state.
 */
final class MemberRecord {

	MemberId id;

	Endpoint endpoint;

	/** Whether {@link #endpoint} came from the member's own record, not a packet's source address. */
	boolean endpointAdvertised;

	MemberState state;

	long incarnation;

	long stateSince;

	/** Last time a packet from this process arrived; see {@link AntiEntropy} (disputed deaths). */
	long lastHeard;

	/** Written by the {@link FailureDetector} only; see {@link #suspicion()}. */
	private Suspicion suspicion;

	MemberMetadata metadata = MemberMetadata.EMPTY;

	/** Incarnation whose record carried {@link #metadata}; below {@link #incarnation} it may be stale. */
	long metadataIncarnation = -1;

	MemberRecord(MemberId id, Endpoint endpoint, long incarnation) {
		this.id = id;
		this.endpoint = endpoint;
		this.incarnation = incarnation;
	}

	/** The suspicion while the member is SUSPECT, else null. */
	Suspicion suspicion() {
		return this.suspicion;
	}

	/** For the {@link FailureDetector}, which owns suspicions: starts ({@code suspicion}) or ends (null) one. */
	void suspicion(Suspicion suspicion) {
		this.suspicion = suspicion;
	}

	Member snapshot() {
		return new Member(this.id, this.endpoint, this.state, this.incarnation, this.metadata);
	}

	boolean metadataKnown() {
		return this.metadataIncarnation >= this.incarnation;
	}

	/** This record as news; it carries the metadata when we know it for this incarnation. */
	Update update() {
		String accuser = (this.state == MemberState.SUSPECT) ? this.suspicion.firstAccuser : null;
		return new Update(this.state, this.id, this.incarnation, this.endpoint, accuser,
				metadataKnown() ? this.metadata : null);
	}

	/**
	 * Whether {@link #takeEndpoint} would take the address of {@code u}: a record with metadata was
	 * written by the member itself, so it carries the advertised address, which an instance never
	 * changes; records without metadata (learned from a header, or relayed by someone who learned
	 * them so) never move an advertised address.
	 */
	boolean takesEndpointOf(Update u) {
		return !this.endpointAdvertised || u.metadata() != null;
	}

	/** Whether taking the address of {@code u} would move this member. */
	boolean wouldMove(Update u) {
		return takesEndpointOf(u) && !u.endpoint().equals(this.endpoint);
	}

	/** Whether taking the metadata of {@code u} would change what we know. */
	boolean wouldChangeMetadata(Update u) {
		return u.metadata() != null && !u.metadata().equals(this.metadata);
	}

	/**
	 * Takes the record's address unless we hold the member's advertised one and the record may not
	 * carry it (see {@link #takesEndpointOf}). A packet's source address can differ from the
	 * advertised one (NAT, multi-homed hosts). True if the address changed.
	 */
	boolean takeEndpoint(Update u) {
		if (!takesEndpointOf(u)) {
			return false;
		}
		boolean moved = !u.endpoint().equals(this.endpoint);
		this.endpoint = u.endpoint();
		this.endpointAdvertised = u.metadata() != null;
		return moved;
	}

	/** Stores the record's metadata if it carries any; true if that changed what we knew. */
	boolean takeMetadata(Update u) {
		if (u.metadata() == null) {
			return false;
		}
		this.metadataIncarnation = u.incarnation();
		if (u.metadata().equals(this.metadata)) {
			return false;
		}
		this.metadata = u.metadata();
		return true;
	}

}
