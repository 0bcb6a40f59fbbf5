package io.github.gossip.internal.protocol;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.wire.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of message and timer reaches its own visitor method: the visitors have exactly one
 * method per permitted subclass of the sealed interfaces, and each kind calls the method for its
 * own type. With {@link Membership}'s dispatchers implementing the visitors, a new kind fails the
 * build until it is handled; and driving {@link Membership} with each kind shows that the part
 * owning it acted on it (a handler that calls the wrong part, or none, makes its case fail).
 */
class DispatchCoverageTest {

	private static final MemberId ID = new MemberId("m", 1);

	private static final Endpoint EP = Endpoint.ipv4(10, 0, 0, 1, 1);

	/** One instance of every kind of message. */
	private static final List<Message> MESSAGES = List.of(Message.Gossip.INSTANCE, new Message.Ping(1, ID),
			new Message.Ack(1), new Message.Nack(1), new Message.PingReq(1, ID, EP), new Message.JoinRequest(EP, 0),
			new Message.JoinResponse(List.of()), new Message.SyncRequest(List.of(0)),
			new Message.SyncPush(false, 1, List.of(), List.of()), new Message.LeaseRequest("r", 1, 1),
			new Message.LeaseGrant("r", 1, 1, true));

	/** One instance of every kind of timer. */
	private static final List<Timer> TIMERS = List.of(new Timer.ProbeTick(1), new Timer.ProbeTimeout(1, 1),
			new Timer.ProbeRoundEnd(1, 1), new Timer.RelayTimeout(1, 1), new Timer.SuspicionTimeout(1, "m", 1),
			new Timer.SuspicionCheck(1, "m", 1), new Timer.GossipTick(1), new Timer.JoinRetry(1, 1),
			new Timer.JoinCatchUp(1, 1), new Timer.Reap(1), new Timer.SyncTick(1), new Timer.ReconnectTick(1),
			new Timer.LeaderCheck(1), new Timer.ConflictNotice(1), new Timer.FollowUpSync(1), new Timer.LeaseTick(1),
			new Timer.LeaseCheck(1));

	@Test
	void theMessageVisitorHasOneMethodPerKindAndEveryKindCallsItsOwn() {
		assertOneMethodPerKind(Message.class, Message.Visitor.class);
		assertThat(MESSAGES.stream().map(Object::getClass).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
		for (Message message : MESSAGES) {
			List<Object> visited = new ArrayList<>();
			message.accept(recording(Message.Visitor.class, visited));
			assertThat(visited).as(message.getClass().getSimpleName()).containsExactly(message);
		}
	}

	@Test
	void theTimerVisitorHasOneMethodPerKindAndEveryKindCallsItsOwn() {
		assertOneMethodPerKind(Timer.class, Timer.Visitor.class);
		assertThat(TIMERS.stream().map(Object::getClass).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(Timer.class.getPermittedSubclasses());
		for (Timer timer : TIMERS) {
			List<Object> visited = new ArrayList<>();
			timer.accept(recording(Timer.Visitor.class, visited));
			assertThat(visited).as(timer.getClass().getSimpleName()).containsExactly(timer);
		}
	}

	private static void assertOneMethodPerKind(Class<?> sealed, Class<?> visitor) {
		List<Class<?>> parameters = Arrays.stream(visitor.getDeclaredMethods())
			.peek((m) -> assertThat(m.getParameterCount()).as(m.getName()).isEqualTo(1))
			.map((m) -> m.getParameterTypes()[0])
			.collect(Collectors.toList());
		assertThat(parameters).doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(Set.of(sealed.getPermittedSubclasses()));
	}

	/** A visitor that records the argument, checking that the method is the one for its type. */
	private static <V> V recording(Class<V> visitor, List<Object> visited) {
		return visitor.cast(Proxy.newProxyInstance(visitor.getClassLoader(), new Class<?>[] { visitor },
				(proxy, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return method.invoke(visited, args);
					}
					assertThat(method.getParameterTypes()[0]).isEqualTo(args[0].getClass());
					visited.add(args[0]);
					return null;
				}));
	}

	@Test
	void membershipDispatchesMessagesAndTimersWithTheVisitors() {
		List<Class<?>> dispatchers = Arrays.stream(Membership.class.getDeclaredClasses())
			.filter((c) -> Message.Visitor.class.isAssignableFrom(c) || Timer.Visitor.class.isAssignableFrom(c))
			.collect(Collectors.toList());
		assertThat(dispatchers).hasSize(2);
	}

	// ------------------------------------------------------------------ each kind reaches its handler

	private static final MemberId SELF = new MemberId("me", 100);

	private static final Endpoint SELF_EP = Endpoint.ipv4(10, 0, 0, 1, 7946);

	private static final MemberId PEER = new MemberId("peer", 200);

	private static final Endpoint PEER_EP = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private static final MemberId HELPER = new MemberId("helper", 300);

	private static final Endpoint HELPER_EP = Endpoint.ipv4(10, 0, 0, 3, 7946);

	private static final MemberId SEED = new MemberId("seed", 400);

	private static final Endpoint SEED_EP = Endpoint.ipv4(10, 0, 0, 4, 7946);

	private static final MemberId NEWCOMER = new MemberId("newcomer", 500);

	private static final Endpoint NEWCOMER_EP = Endpoint.ipv4(10, 0, 0, 5, 7946);

	/** Every kind of message, with a case that shows the part owning it acted on it. */
	private static Map<Class<? extends Message>, Runnable> messageCases() {
		Map<Class<? extends Message>, Runnable> cases = new LinkedHashMap<>();
		cases.put(Message.Gossip.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			// only its piggybacked news counts, merged before dispatch; the gossip itself wants no answer,
			// and the news is passed on at once
			d.receive(100, PEER, PEER_EP, Message.Gossip.INSTANCE, Update.alive(NEWCOMER, 0, NEWCOMER_EP));
			assertThat(d.membership.member(NEWCOMER.nodeId())).isPresent();
			assertThat(d.sent).isEmpty();
			assertThat(d.gossiped).isNotEmpty()
				.anySatisfy((p) -> assertThat(p.updates()).contains(Update.alive(NEWCOMER, 0, NEWCOMER_EP)));
		});
		cases.put(Message.Ping.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.receive(100, PEER, PEER_EP, new Message.Ping(42, SELF));
			assertThat(d.sent).extracting(Packet::message).containsExactly(new Message.Ack(42));
			assertThat(d.sentTo).containsExactly(PEER_EP);
		});
		cases.put(Message.Ack.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			Message.Ping ping = d.probe(1000);
			d.receive(1010, ping.target(), d.endpointOf(ping.target()), new Message.Ack(ping.seq()));
			// the answered probe is over: its timeout neither asks for help nor ends a round
			d.clear();
			d.fire(d.lastBefore(Timer.ProbeTimeout.class));
			assertThat(d.messages(Message.PingReq.class)).isEmpty();
			assertThat(d.timers(Timer.ProbeRoundEnd.class)).isEmpty();
		});
		cases.put(Message.Nack.class, () -> {
			// the helper owes a nack; one that arrives keeps our health score where it was
			assertThat(Driven.healthAfterAnIndirectProbe(true)).isZero();
			assertThat(Driven.healthAfterAnIndirectProbe(false)).isOne();
		});
		cases.put(Message.PingReq.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.receive(100, PEER, PEER_EP, new Message.PingReq(9, HELPER, HELPER_EP));
			assertThat(d.sentTo).containsExactly(HELPER_EP);
			assertThat(d.messages(Message.Ping.class)).extracting(Message.Ping::target).containsExactly(HELPER);
			assertThat(d.timers(Timer.RelayTimeout.class)).hasSize(1);
		});
		cases.put(Message.JoinRequest.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.receive(100, NEWCOMER, NEWCOMER_EP, new Message.JoinRequest(NEWCOMER_EP, 0));
			assertThat(d.messages(Message.JoinResponse.class)).isNotEmpty();
			assertThat(d.sentTo).containsOnly(NEWCOMER_EP);
		});
		cases.put(Message.JoinResponse.class, () -> {
			Driven d = Driven.joiningThroughSeed();
			assertThat(d.membership.isJoined()).isFalse();
			d.receive(100, SEED, SEED_EP, new Message.JoinResponse(List.of(Update.alive(SEED, 0, SEED_EP))));
			assertThat(d.membership.isJoined()).isTrue();
		});
		cases.put(Message.SyncRequest.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			// a digest that differs from ours in its one bucket: we push our records of it
			d.receive(100, PEER, PEER_EP, new Message.SyncRequest(List.of(0)));
			assertThat(d.messages(Message.SyncPush.class)).isNotEmpty();
			assertThat(d.sentTo).containsOnly(PEER_EP);
		});
		cases.put(Message.SyncPush.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.receive(100, PEER, PEER_EP,
					new Message.SyncPush(false, 1, List.of(0), List.of(Update.alive(NEWCOMER, 0, NEWCOMER_EP))));
			assertThat(d.membership.member(NEWCOMER.nodeId())).isPresent();
		});
		cases.put(Message.LeaseRequest.class, () -> {
			Driven d = Driven.withMajorityRole();
			// the peer is not the lowest voter: the answer is a refusal, but an answer all the same
			d.receive(Driven.GRANTS_FROM, PEER, PEER_EP, new Message.LeaseRequest(MAJORITY_ROLE, 1, 1));
			assertThat(d.messages(Message.LeaseGrant.class)).extracting(Message.LeaseGrant::granted)
				.containsExactly(false);
			assertThat(d.sentTo).containsExactly(PEER_EP);
		});
		cases.put(Message.LeaseGrant.class, () -> {
			Driven d = Driven.withMajorityRole();
			Message.LeaseRequest request = d.askForLease();
			assertThat(d.membership.term(MAJORITY_ROLE, Driven.GRANTS_FROM + 10)).isEmpty();
			d.receive(Driven.GRANTS_FROM + 10, PEER, PEER_EP,
					new Message.LeaseGrant(MAJORITY_ROLE, request.epoch(), request.seq(), true));
			assertThat(d.membership.term(MAJORITY_ROLE, Driven.GRANTS_FROM + 10)).isPresent();
		});
		return cases;
	}

	private static final String MAJORITY_ROLE = "acme.renew";

	/** Every kind of timer, with a case that shows the part owning it acted on it. */
	private static Map<Class<? extends Timer>, Runnable> timerCases() {
		Map<Class<? extends Timer>, Runnable> cases = new LinkedHashMap<>();
		cases.put(Timer.ProbeTick.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.ProbeTick(1000));
			assertThat(d.messages(Message.Ping.class)).hasSize(1);
			assertThat(d.timers(Timer.ProbeTick.class)).hasSize(1);
		});
		cases.put(Timer.ProbeTimeout.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.probe(1000);
			d.clear();
			d.fire(d.lastBefore(Timer.ProbeTimeout.class));
			assertThat(d.messages(Message.PingReq.class)).hasSize(1);
			assertThat(d.timers(Timer.ProbeRoundEnd.class)).hasSize(1);
		});
		cases.put(Timer.ProbeRoundEnd.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			Message.Ping ping = d.probe(1000);
			d.fire(d.last(Timer.ProbeTimeout.class));
			d.clear();
			d.fire(d.lastBefore(Timer.ProbeRoundEnd.class));
			assertThat(d.eventKinds()).containsExactly(Kind.SUSPECTED);
			assertThat(d.events.get(0).member().id()).isEqualTo(ping.target());
		});
		cases.put(Timer.RelayTimeout.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.receive(100, PEER, PEER_EP, new Message.PingReq(9, HELPER, HELPER_EP));
			d.clear();
			d.fire(d.lastBefore(Timer.RelayTimeout.class));
			assertThat(d.messages(Message.Nack.class)).containsExactly(new Message.Nack(9));
			assertThat(d.sentTo).containsExactly(PEER_EP);
		});
		cases.put(Timer.SuspicionTimeout.class, () -> {
			Driven d = Driven.withPeerSuspected();
			d.fire(d.lastBefore(Timer.SuspicionTimeout.class));
			assertThat(d.eventKinds()).containsExactly(Kind.FAILED);
		});
		cases.put(Timer.SuspicionCheck.class, () -> {
			Driven d = Driven.withPeerSuspected();
			d.fire(d.lastBefore(Timer.SuspicionCheck.class));
			assertThat(d.messages(Message.Ping.class)).extracting(Message.Ping::target).containsExactly(PEER);
			assertThat(d.sent.get(0).updates()).first().extracting(Update::state).isEqualTo(MemberState.SUSPECT);
		});
		cases.put(Timer.GossipTick.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.GossipTick(1000));
			assertThat(d.timers(Timer.GossipTick.class)).hasSize(1);
		});
		cases.put(Timer.JoinRetry.class, () -> {
			Driven d = Driven.joiningThroughSeed();
			d.fire(new Timer.JoinRetry(1000, 1));
			assertThat(d.messages(Message.JoinRequest.class)).hasSize(1);
			assertThat(d.timers(Timer.JoinRetry.class)).extracting(Timer.JoinRetry::attempt).containsExactly(2);
		});
		cases.put(Timer.JoinCatchUp.class, () -> {
			Driven d = Driven.joiningThroughSeed();
			d.receive(100, SEED, SEED_EP, new Message.JoinResponse(List.of(Update.alive(SEED, 0, SEED_EP))));
			d.clear();
			d.fire(d.lastBefore(Timer.JoinCatchUp.class));
			// catching up: another join request to a member, for whatever the first answer missed
			assertThat(d.messages(Message.JoinRequest.class)).hasSize(1);
		});
		cases.put(Timer.Reap.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.Reap(1000));
			assertThat(d.timers(Timer.Reap.class)).hasSize(1);
		});
		cases.put(Timer.SyncTick.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.SyncTick(1000));
			assertThat(d.timers(Timer.SyncTick.class)).hasSize(1);
			assertThat(d.messages(Message.SyncRequest.class)).hasSize(1);
		});
		cases.put(Timer.ReconnectTick.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.ReconnectTick(1000));
			assertThat(d.timers(Timer.ReconnectTick.class)).hasSize(1);
		});
		cases.put(Timer.LeaderCheck.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			// the leader is announced once the view was stable for the window the check waits out
			d.fire(d.lastBefore(Timer.LeaderCheck.class));
			assertThat(d.eventKinds()).contains(Kind.LEADER_CHANGED);
		});
		cases.put(Timer.ConflictNotice.class, () -> {
			// only a superseded process acts on it, before any dispatch; dispatched, it is stale
			Driven d = Driven.withPeerAndHelper();
			d.fire(new Timer.ConflictNotice(1000));
			assertThat(d.sent).isEmpty();
			assertThat(d.timers).isEmpty();
			assertThat(d.events).isEmpty();
		});
		cases.put(Timer.FollowUpSync.class, () -> {
			Driven d = Driven.withPeerAndHelper();
			d.fire(d.lastBefore(Timer.FollowUpSync.class));
			assertThat(d.messages(Message.SyncRequest.class)).hasSize(1);
		});
		cases.put(Timer.LeaseTick.class, () -> {
			Driven d = Driven.withMajorityRole();
			d.fire(new Timer.LeaseTick(Driven.GRANTS_FROM));
			assertThat(d.messages(Message.LeaseRequest.class)).hasSize(1);
			assertThat(d.sentTo).containsExactly(PEER_EP);
			assertThat(d.timers(Timer.LeaseTick.class)).hasSize(1);
		});
		cases.put(Timer.LeaseCheck.class, () -> {
			Driven d = Driven.withMajorityRole();
			Message.LeaseRequest request = d.askForLease();
			d.receive(Driven.GRANTS_FROM + 10, PEER, PEER_EP,
					new Message.LeaseGrant(MAJORITY_ROLE, request.epoch(), request.seq(), true));
			d.clear();
			// the lease runs out unrenewed: the check ends the term and tells of the lost leader
			Timer.LeaseCheck check = d.lastBefore(Timer.LeaseCheck.class);
			d.fire(check);
			assertThat(d.membership.terms()).isEmpty();
			assertThat(d.eventKinds()).contains(Kind.LEADER_CHANGED);
		});
		return cases;
	}

	@Test
	void membershipHandsEveryKindOfMessageToThePartThatActsOnIt() {
		Map<Class<? extends Message>, Runnable> cases = messageCases();
		assertThat(cases.keySet()).containsExactlyInAnyOrder(asMessageKinds(Message.class.getPermittedSubclasses()));
		assertThat(failures(cases)).isEmpty();
	}

	@Test
	void membershipHandsEveryKindOfTimerToThePartThatActsOnIt() {
		Map<Class<? extends Timer>, Runnable> cases = timerCases();
		assertThat(cases.keySet()).containsExactlyInAnyOrder(asTimerKinds(Timer.class.getPermittedSubclasses()));
		assertThat(failures(cases)).isEmpty();
	}

	/** Runs every case; the kinds that did not reach their handler, each with what went wrong. */
	private static List<String> failures(Map<? extends Class<?>, Runnable> cases) {
		List<String> failures = new ArrayList<>();
		cases.forEach((kind, check) -> {
			try {
				check.run();
			}
			catch (AssertionError | RuntimeException ex) {
				// a missing output may also surface as a lookup that finds nothing
				failures.add(kind.getSimpleName() + " did not reach its handler: " + ex);
			}
		});
		return failures;
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends Message>[] asMessageKinds(Class<?>[] kinds) {
		return (Class<? extends Message>[]) kinds;
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends Timer>[] asTimerKinds(Class<?>[] kinds) {
		return (Class<? extends Timer>[]) kinds;
	}

	/** A {@link Membership} driven by hand, its outputs recorded. */
	private static final class Driven implements Outputs {

		final List<Endpoint> sentTo = new ArrayList<>();

		final List<Packet> sent = new ArrayList<>();

		final List<Packet> gossiped = new ArrayList<>();

		final List<Timer> timers = new ArrayList<>();

		final List<MembershipEvent> events = new ArrayList<>();

		/** Every timer ever scheduled, kept across {@link #clear}. */
		final List<Timer> allTimers = new ArrayList<>();

		final Membership membership;

		/** Voters grant from one promise length after they start. */
		static final long GRANTS_FROM = MajorityLeases.VOTE_INTERVALS * ProtocolConfig.lan().probeInterval().toMillis();

		private Driven(List<Endpoint> seeds) {
			this(seeds, Map.of());
		}

		private Driven(List<Endpoint> seeds, Map<String, QuorumRule> quorums) {
			this.membership = new Membership(ProtocolConfig.lan(), SELF, SELF_EP, MemberMetadata.EMPTY, quorums,
					new SplittableRandom(7), new WireCodec(), this);
			this.membership.start(0, seeds);
		}

		/**
		 * As {@link #withPeerAndHelper}, with one role of the majority policy whose voters are this
		 * node and the peer: this node, the lower one, is the candidate, and needs both grants.
		 */
		static Driven withMajorityRole() {
			Driven d = new Driven(List.of(),
					Map.of(MAJORITY_ROLE, QuorumRule.majorityOf(Set.of(SELF.nodeId(), PEER.nodeId()))));
			d.receive(0, PEER, PEER_EP, Message.Gossip.INSTANCE, Update.alive(HELPER, 0, HELPER_EP));
			d.clear();
			return d;
		}

		/** Fires a lease tick once voters grant; the request sent to the peer. */
		Message.LeaseRequest askForLease() {
			clear();
			fire(new Timer.LeaseTick(GRANTS_FROM));
			return messages(Message.LeaseRequest.class).get(0);
		}

		/** Running alone, then told of a peer (by its header) and a helper (by its news). */
		static Driven withPeerAndHelper() {
			Driven d = new Driven(List.of());
			d.receive(0, PEER, PEER_EP, Message.Gossip.INSTANCE, Update.alive(HELPER, 0, HELPER_EP));
			d.clear();
			return d;
		}

		/** As {@link #withPeerAndHelper}, and the helper suspects the peer. */
		static Driven withPeerSuspected() {
			Driven d = withPeerAndHelper();
			d.receive(10, HELPER, HELPER_EP, Message.Gossip.INSTANCE,
					new Update(MemberState.SUSPECT, PEER, 0, PEER_EP, HELPER.nodeId()));
			d.clear();
			return d;
		}

		/** Started with one seed that has not answered yet. */
		static Driven joiningThroughSeed() {
			Driven d = new Driven(List.of(SEED_EP));
			d.clear();
			return d;
		}

		/**
		 * Probes a member, which stays silent; the other one is asked to probe it for us, and
		 * answers with a nack or not: our health score after the round.
		 */
		static int healthAfterAnIndirectProbe(boolean nacked) {
			Driven d = withPeerAndHelper();
			Message.Ping ping = d.probe(1000);
			d.fire(d.last(Timer.ProbeTimeout.class));
			Message.PingReq request = d.messages(Message.PingReq.class).get(0);
			MemberId helper = ping.target().equals(PEER) ? HELPER : PEER;
			if (nacked) {
				d.receive(1400, helper, d.endpointOf(helper), new Message.Nack(request.seq()));
			}
			d.fire(d.last(Timer.ProbeRoundEnd.class));
			return d.membership.health();
		}

		void receive(long now, MemberId from, Endpoint address, Message message, Update... updates) {
			this.membership.onPacket(now, address, new Packet(from, 0, message, List.of(updates)));
		}

		void fire(Timer timer) {
			this.membership.onTimer(timer.at(), timer);
		}

		/** Fires a probe tick at {@code now}; the ping it sent. */
		Message.Ping probe(long now) {
			clear();
			fire(new Timer.ProbeTick(now));
			return messages(Message.Ping.class).get(0);
		}

		Endpoint endpointOf(MemberId id) {
			return id.equals(PEER) ? PEER_EP : HELPER_EP;
		}

		void clear() {
			this.sentTo.clear();
			this.sent.clear();
			this.gossiped.clear();
			this.timers.clear();
			this.events.clear();
		}

		<T extends Message> List<T> messages(Class<T> type) {
			return this.sent.stream().map(Packet::message).filter(type::isInstance).map(type::cast).toList();
		}

		<T extends Timer> List<T> timers(Class<T> type) {
			return this.timers.stream().filter(type::isInstance).map(type::cast).toList();
		}

		/** The latest timer of {@code type} scheduled since the last {@link #clear}. */
		<T extends Timer> T last(Class<T> type) {
			List<T> found = timers(type);
			assertThat(found).as("%s scheduled", type.getSimpleName()).isNotEmpty();
			return found.get(found.size() - 1);
		}

		/** The latest timer of {@code type} ever scheduled, also before the last {@link #clear}. */
		<T extends Timer> T lastBefore(Class<T> type) {
			List<T> found = this.allTimers.stream().filter(type::isInstance).map(type::cast).toList();
			assertThat(found).as("%s scheduled", type.getSimpleName()).isNotEmpty();
			return found.get(found.size() - 1);
		}

		List<Kind> eventKinds() {
			return this.events.stream().map(MembershipEvent::kind).toList();
		}

		/**
		 * Gossip rounds, which pass news on as it arrives and at every tick, are kept apart from the
		 * answers, probes and requests that show a part acting on an input.
		 */
		@Override
		public void send(Endpoint to, Packet packet) {
			if (packet.message() instanceof Message.Gossip) {
				this.gossiped.add(packet);
				return;
			}
			this.sentTo.add(to);
			this.sent.add(packet);
		}

		@Override
		public void schedule(Timer timer) {
			this.timers.add(timer);
			this.allTimers.add(timer);
		}

		@Override
		public void event(MembershipEvent event) {
			this.events.add(event);
		}

	}

}
