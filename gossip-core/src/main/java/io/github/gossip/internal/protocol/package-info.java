/**
 * The SWIM + Lifeguard membership state machine, free of Spring, Netty, I/O and clocks.
 * <p>
 * A driver owns one {@link io.github.gossip.internal.protocol.Membership} per process and calls it from a
 * single thread with the local time in millis: {@code start} (with seed addresses), {@code
 * onPacket} for every decoded datagram, {@code onTimer} for every timer it was asked to set, and
 * {@code leave} on shutdown. Effects come back through {@link io.github.gossip.internal.protocol.Outputs}:
 * packets to send (the driver encodes them with the wire codec and seals them), timers to set
 * (never cancelled; stale ones are ignored) and {@link io.github.gossip.internal.protocol.MembershipEvent}s.
 * <p>
 * {@code Membership} is a facade that dispatches inputs; each concept has its own package-private
 * type, after memberlist's one concept per file: {@code MemberTable} (records, live count, reaping),
 * {@code MergeRules} (a pure function from a record and news to a verdict) and {@code RecordMerger}
 * (which carries verdicts out), {@code FailureDetector} with {@code ProbeOrder} and
 * {@code LocalHealth}, {@code LocalIdentity}, {@code Joining}, {@code AntiEntropy},
 * {@code DatagramPacker} and {@code LeadershipWatch}. Messages and timers are dispatched through
 * visitors on their sealed interfaces, so a new kind does not compile until it is handled.
 * <p>
 * Choices worth knowing:
 * <ul>
 * <li>Identity is node id + instance id; instance ids are ordered (start time in the high bits),
 * so a restart supersedes its predecessor everywhere and news about the old process is ignored
 * from then on. A process that hears of a newer instance of itself steps down (SUPERSEDED).</li>
 * <li>Every packet header carries the sender's incarnation, so a member whose ALIVE news was
 * missed is learned the first time it talks to us, a refutation travels with every packet the
 * refuter sends, and a member we hold DEAD but that still talks to us is told so and refutes.</li>
 * <li>After joining, a node pulls the view of a random member twice more (after about two gossip
 * intervals and about eight probe intervals): members that joined concurrently were in neither the
 * seed's answer nor anyone's gossip targets, and in a mass join push gossip leaves some early
 * joiners without some later ones, which the first pull brings while the cluster is still forming.
 * At the same moments it sends a packet to up to {@code gossipFanout} members it has not heard
 * from yet, since those may have missed its ALIVE.</li>
 * <li>One probe timeout before a suspicion expires, the suspecting node pings the suspect once with
 * the suspicion attached: a live suspect refutes in its ack, so a node that missed the refutation
 * gossip does not declare it dead.</li>
 * <li>Anti-entropy is a digest push-pull ({@link io.github.gossip.internal.protocol.ViewDigest}): a
 * {@code SyncRequest} carries one 32-bit hash per bucket of node ids (a power of two, about 8
 * members per bucket, at most 128 buckets, so always one datagram); the receiver answers only the
 * buckets that differ with its full records ({@code SyncPush}, split over datagrams) and asks for
 * the sender's records of the same buckets. When views agree an exchange costs one datagram. A
 * random live member is chosen every {@code stateSyncInterval} (one more interval per doubling
 * beyond 32 members), and once more after a member joined or came back, as soon as no member has
 * arrived for two gossip intervals and at most two to three probe intervals after the first (at
 * most once per third of {@code stateSyncInterval}), because push gossip reaches each member only
 * with high probability.</li>
 * <li>Partition healing: a member that holds DEAD members or has seeds missing from its live view
 * sends a digest to one of them at random, every third of {@code stateSyncInterval} in views of up
 * to 32 live members and proportionally less often beyond. As in Serf the cluster as a whole tries
 * its failed members about once per period: a member tries with probability failed / live, so
 * every member of the smaller side of a split (or of an even split, or alone) tries every period,
 * while one crash costs about one digest per period cluster-wide. A seed missing from the
 * view altogether is tried by every member every period. A state sync never
 * turns a member we hold live into a failed one, nor the reverse at equal incarnation: the process
 * in dispute is told what the other side believes (a notice carrying its DEAD record), refutes if it
 * is alive, and answers the accuser directly; the higher incarnation then wins everywhere. We also
 * probe it out of turn (at most one such probe per probe interval): if it is dead and we missed the
 * news, our own detector fails it now rather than at its turn in the round robin. So a heal
 * does not fail, even briefly, the members of the other side. Only when the disputed member has
 * been silent towards us for longer than a probe cycle plus a suspicion (we probably missed its
 * death while cut off) does the sync start our own suspicion of it instead, which a live member
 * refutes in time.</li>
 * <li>Tombstones: DEAD and LEFT members are kept for {@code deadMemberRetention}, then reaped
 * (event REMOVED) and remembered compactly (node id, instance, incarnation) for one more window;
 * only a later instance, or the same instance with a higher incarnation (a refutation), brings a
 * reaped member back. A member we reaped that talks to us, or that a sync shows alive, is told it
 * is dead so that it refutes. Tombstones are never learned from a sync, so they cannot circulate
 * and outlive their retention.</li>
 * <li>Identity: a record of a newer instance replaces the entry in place (UPDATED), whatever its
 * address; a different node id on a reused address is a different member. A process that hears of
 * a newer instance of its own node id steps down (SUPERSEDED) and never raises its incarnation
 * against it, so two live processes with one id cannot make each other flap: the cluster follows
 * the newer one. Members tell a superseded process that still talks about its successor; the
 * superseded one reports ID_CONFLICT (about the other process) and sends it a header-only packet
 * once a minute, on which the newer one reports ID_CONFLICT too (at most once a minute per
 * conflicting instance). Records that jump the incarnation by more than
 * {@code MAX_INCARNATION_JUMP} are refused in every state.</li>
 * <li>Metadata (roles and a small user map, at most 512 bytes) travels in every record the member
 * writes about itself, versioned by its incarnation. Records learned from a packet header carry
 * none ({@code Update.metadata()} is null), and never erase what is known; a later record of the
 * same incarnation that carries it fills it in. A change emits UPDATED everywhere.</li>
 * <li>Role leadership ({@code RoleLeadership}): per role, the lowest node id (numeric order for
 * numeric ids) among live holders, this node included; a suspected leader keeps leading. A new
 * candidate is announced (LEADER_CHANGED) only after {@code leaderStabilityWindow} (default three
 * probe intervals), except that a leaving node steps down at once. During a partition each side
 * elects its own leader, and while one side fails the other's members one by one it may announce
 * several in turn; after the heal the lowest id leads again everywhere. Jobs under a role must be
 * idempotent.</li>
 * <li>An update is never piggybacked twice to the same destination, so its
 * lambda * ceil(log10(N + 1)) sends reach distinct members.</li>
 * <li>Stall guard: a timer that fires more than one probe interval late means this process was
 * frozen; probe rounds begun before that moment accuse nobody, and suspicion timeouts that fire
 * late are postponed by one probe interval so queued refutations are read first. The stall
 * raises the local health score once, however many timers it made late.</li>
 * <li>A member learned from a datagram's source address (NAT, multi-homed hosts) moves to its
 * advertised address as soon as a record it wrote itself (one with metadata) arrives; records
 * without metadata never move an advertised address.</li>
 * </ul>
 */
package io.github.gossip.internal.protocol;
