package io.github.gossip.internal.protocol;

/**
 * What this process believes about one other member. Mutable and confined to the protocol thread:
 * {@link MemberTable} holds the records, {@link RecordMerger} writes them as news arrives, and the
 * {@link FailureDetector}, which alone starts, confirms and ends suspicions, keeps the member's
 * {@link #suspicion()} here because it lives and dies with the record's SUSPECT state.
 */
final class MemberRecord {

	private MemberId id;

	private Endpoint endpoint;

	/** Whether {@link #endpoint} came from the member's own record, not a packet's source address. */
	private boolean endpointAdvertised;

	private MemberState state;

	private long incarnation;

	private long stateSince;

	/** Last time a packet from this process arrived; see {@link AntiEntropy} (disputed deaths). */
	private long lastHeard;

	/** Written by the {@link FailureDetector} only; see {@link #suspicion()}. */
	private Suspicion suspicion;

	private MemberMetadata metadata = MemberMetadata.EMPTY;

	/** Incarnation whose record carried {@link #metadata}; below {@link #incarnation} it may be stale. */
	private long metadataIncarnation = -1;

	/**
	 * The last {@link #snapshot()}, until a field it shows changes; null when none is made. A node
	 * copies its whole view for readers after changes, and most records are unchanged each time.
	 */
	private Member snapshot;

	/** A record with no state yet, for tests that set one with {@link #moveTo}. */
	MemberRecord(MemberId id, Endpoint endpoint, long incarnation) {
		this.id = id;
		this.endpoint = endpoint;
		this.incarnation = incarnation;
	}

	/**
	 * A member first learned from {@code u} at {@code now}, in {@code state}, with the news' address
	 * and incarnation; its metadata is taken separately (see {@link #takeMetadata}).
	 */
	MemberRecord(long now, Update u, MemberState state) {
		this(u.member(), u.endpoint(), u.incarnation());
		this.state = state;
		this.stateSince = now;
		this.lastHeard = now;
		this.endpointAdvertised = u.metadata() != null;
	}

	MemberId id() {
		return this.id;
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	boolean endpointAdvertised() {
		return this.endpointAdvertised;
	}

	MemberState state() {
		return this.state;
	}

	long incarnation() {
		return this.incarnation;
	}

	/** When the record last changed state (or was learned). */
	long stateSince() {
		return this.stateSince;
	}

	long lastHeard() {
		return this.lastHeard;
	}

	MemberMetadata metadata() {
		return this.metadata;
	}

	/** The suspicion while the member is SUSPECT, else null. */
	Suspicion suspicion() {
		return this.suspicion;
	}

	/** For the {@link FailureDetector}, which owns suspicions: starts ({@code suspicion}) or ends (null) one. */
	void suspicion(Suspicion suspicion) {
		this.suspicion = suspicion;
	}

	/** A packet from this very process arrived at {@code now}, or a refutation of it, a sign of life too. */
	void heard(long now) {
		this.lastHeard = now;
	}

	/** Sets the state, as of {@code now}; {@link MemberTable#setState} keeps the live count. */
	void moveTo(long now, MemberState state) {
		this.snapshot = null;
		this.state = state;
		this.stateSince = now;
	}

	/** Takes the incarnation of news that won over what we held. */
	void takeIncarnation(Update u) {
		this.snapshot = null;
		this.incarnation = u.incarnation();
	}

	/**
	 * A later process with the member's node id, first heard of in {@code u} at {@code now}: it
	 * takes the record over with its id, address and incarnation, and nothing of its
	 * predecessor's metadata (the caller takes the news' metadata, and sets the state).
	 */
	void replaceInstance(long now, Update u) {
		this.snapshot = null;
		this.id = u.member();
		this.endpoint = u.endpoint();
		this.endpointAdvertised = u.metadata() != null;
		this.incarnation = u.incarnation();
		this.lastHeard = now;
		this.metadata = MemberMetadata.EMPTY;
		this.metadataIncarnation = -1;
	}

	/** The record as a value; the same object until the id, address, state, incarnation or metadata changes. */
	Member snapshot() {
		Member made = this.snapshot;
		if (made == null) {
			made = new Member(this.id, this.endpoint, this.state, this.incarnation, this.metadata);
			this.snapshot = made;
		}
		return made;
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
		// leadership claims are the protocol's own: a change of them alone is no news to applications
		return u.metadata() != null && !u.metadata().describesSame(this.metadata);
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
		this.snapshot = null;
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
		this.snapshot = null;
		this.metadata = u.metadata();
		return true;
	}

}
