package io.github.gossip.internal.protocol;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of message and timer reaches its own visitor method: the visitors have exactly one
 * method per permitted subclass of the sealed interfaces, and each kind calls the method for its
 * own type. With {@link Membership}'s dispatchers implementing the visitors, a new kind fails the
 * build until it is handled.
 */
class DispatchCoverageTest {

	private static final MemberId ID = new MemberId("m", 1);

	private static final Endpoint EP = Endpoint.ipv4(10, 0, 0, 1, 1);

	/** One instance of every kind of message. */
	private static final List<Message> MESSAGES = List.of(Message.Gossip.INSTANCE, new Message.Ping(1, ID),
			new Message.Ack(1), new Message.Nack(1), new Message.PingReq(1, ID, EP), new Message.JoinRequest(EP, 0),
			new Message.JoinResponse(List.of()), new Message.SyncRequest(List.of(0)),
			new Message.SyncPush(false, 1, List.of(), List.of()));

	/** One instance of every kind of timer. */
	private static final List<Timer> TIMERS = List.of(new Timer.ProbeTick(1), new Timer.ProbeTimeout(1, 1),
			new Timer.ProbeRoundEnd(1, 1), new Timer.RelayTimeout(1, 1), new Timer.SuspicionTimeout(1, "m", 1),
			new Timer.SuspicionCheck(1, "m", 1), new Timer.GossipTick(1), new Timer.JoinRetry(1, 1),
			new Timer.JoinCatchUp(1, 1), new Timer.Reap(1), new Timer.SyncTick(1), new Timer.ReconnectTick(1),
			new Timer.LeaderCheck(1), new Timer.ConflictNotice(1), new Timer.FollowUpSync(1));

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

}
