/**
 * The SWIM + Lifeguard membership state machine, free of Spring, Netty, I/O and clocks.
 * <p>
 * A driver owns one {@link io.github.gossip.protocol.Membership} per process and calls it from a
 * single thread with the local time in millis: {@code start} (with seed addresses), {@code
 * onPacket} for every decoded datagram, {@code onTimer} for every timer it was asked to set, and
 * {@code leave} on shutdown. Effects come back through {@link io.github.gossip.protocol.Outputs}:
 * packets to send (the driver encodes them with the wire codec and seals them), timers to set
 * (never cancelled; stale ones are ignored) and {@link io.github.gossip.protocol.MembershipEvent}s.
 * <p>
 * Choices worth knowing:
 * <ul>
 * <li>Identity is node id + instance id; instance ids are ordered (start time in the high bits),
 * so a restart supersedes its predecessor everywhere and news about the old process is ignored
 * from then on. A process that hears of a newer instance of itself steps down (SUPERSEDED).</li>
 * <li>Every packet header carries the sender's incarnation, so a member whose ALIVE news was
 * missed is learned the first time it talks to us, a refutation travels with every packet the
 * refuter sends, and a member we hold DEAD but that still talks to us is told so and refutes.</li>
 * <li>After joining, a node pulls the view of a random member twice more (about 2 s and 8 s later):
 * members that joined concurrently were in neither the seed's answer nor anyone's gossip targets.
 * At the same moments it sends a packet to up to {@code gossipFanout} members it has not heard
 * from yet, since those may have missed its ALIVE.</li>
 * <li>One probe timeout before a suspicion expires, the suspecting node pings the suspect once with
 * the suspicion attached: a live suspect refutes in its ack, so a node that missed the refutation
 * gossip does not declare it dead.
 * Periodic anti-entropy and partition healing are a later step; {@code stateSyncInterval} and the
 * DEAD tombstones kept for {@code deadMemberRetention} are there for it.</li>
 * <li>An update is never piggybacked twice to the same destination, so its
 * lambda * ceil(log10(N + 1)) sends reach distinct members.</li>
 * <li>Stall guard: a timer that fires more than one probe interval late means this process was
 * frozen; probe rounds begun before that moment accuse nobody, and suspicion timeouts that fire
 * late are postponed by one probe interval so queued refutations are read first.</li>
 * </ul>
 */
package io.github.gossip.protocol;
