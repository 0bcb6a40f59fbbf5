package io.github.gossip.internal.protocol;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.gossip.internal.protocol.MembershipEvent.Kind;
import io.github.gossip.internal.protocol.MergeRules.Action;
import io.github.gossip.internal.protocol.MergeRules.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge rules as tables, one row per case, in the manner of memberlist's alive/suspect/dead
 * tests: what we hold, the news, and the verdict. Every row also checks that judging changed
 * nothing.
 */
class MergeRulesTest {

	private static final Endpoint EP = Endpoint.ipv4(10, 0, 0, 2, 7946);

	private static final Endpoint SOURCE = Endpoint.ipv4(192, 168, 0, 2, 40000);

	private static final long INSTANCE = 200;

	private static final long INCARNATION = 5;

	private static final MemberId SELF = new MemberId("me", 100);

	/** A record of "m" at incarnation 5, written by the member itself (advertised address, metadata known). */
	private static MemberRecord held(MemberState state) {
		MemberRecord e = new MemberRecord(new MemberId("m", INSTANCE), EP, INCARNATION);
		e.moveTo(0, state);
		// the member's own record: it carries the advertised address, and metadata of this incarnation
		Update own = Update.alive(e.id(), INCARNATION, EP, MemberMetadata.EMPTY);
		e.takeEndpoint(own);
		e.takeMetadata(own);
		if (state == MemberState.SUSPECT) {
			e.suspicion(new Suspicion(0, "a", 3, 4000, 24000));
		}
		return e;
	}

	private static long incarnation(String relation) {
		return switch (relation) {
			case "lower" -> INCARNATION - 1;
			case "equal" -> INCARNATION;
			case "higher" -> INCARNATION + 1;
			default -> throw new IllegalArgumentException(relation);
		};
	}

	private static long instance(String relation, long same) {
		return switch (relation) {
			case "older" -> same - 1;
			case "same" -> same;
			case "newer" -> same + 1;
			default -> throw new IllegalArgumentException(relation);
		};
	}

	private static Update news(MemberState state, MemberId member, long incarnation) {
		return new Update(state, member, incarnation, EP, (state == MemberState.SUSPECT) ? "x" : null);
	}

	private static Verdict verdict(String action, String next, String event, boolean regossip, boolean followUp) {
		return verdict(action, next, event, regossip, followUp, false);
	}

	private static Verdict verdict(String action, String next, String event, boolean regossip, boolean followUp,
			boolean thenSuspected) {
		return new Verdict(Action.valueOf(action), next.equals("-") ? null : MemberState.valueOf(next),
				event.equals("-") ? null : Kind.valueOf(event), regossip, followUp, thenSuspected);
	}

	/** Judges, checking that judging is pure: the record and its suspicion are unchanged. */
	private static Verdict judge(MemberRecord current, Update u) {
		Member before = (current != null) ? current.snapshot() : null;
		int confirmations = (current != null && current.suspicion() != null) ? current.suspicion().confirmations() : -1;
		Verdict verdict = MergeRules.aboutOther(current, u);
		if (current != null) {
			assertThat(current.snapshot()).isEqualTo(before);
			assertThat(current.endpointAdvertised()).isTrue();
			if (current.suspicion() != null) {
				assertThat(current.suspicion().confirmations()).isEqualTo(confirmations);
			}
		}
		return verdict;
	}

	@ParameterizedTest(name = "held {0}, news {1} at {2} incarnation -> {3} {4} {5}")
	@CsvSource(delimiter = '|', textBlock = """
			# held  | news    | incarnation | action            | next    | event       | regossip | followUp
			ALIVE   | ALIVE   | lower       | IGNORE            | -       | -           | false    | false
			ALIVE   | ALIVE   | equal       | IGNORE            | -       | -           | false    | false
			ALIVE   | ALIVE   | higher      | TAKE              | ALIVE   | -           | true     | false
			ALIVE   | SUSPECT | lower       | IGNORE            | -       | -           | false    | false
			ALIVE   | SUSPECT | equal       | TAKE              | SUSPECT | SUSPECTED   | true     | false
			ALIVE   | SUSPECT | higher      | TAKE              | SUSPECT | SUSPECTED   | true     | false
			ALIVE   | DEAD    | lower       | IGNORE            | -       | -           | false    | false
			ALIVE   | DEAD    | equal       | TAKE              | DEAD    | FAILED      | true     | false
			ALIVE   | DEAD    | higher      | TAKE              | DEAD    | FAILED      | true     | false
			ALIVE   | LEFT    | lower       | IGNORE            | -       | -           | false    | false
			ALIVE   | LEFT    | equal       | TAKE              | LEFT    | LEFT        | true     | false
			ALIVE   | LEFT    | higher      | TAKE              | LEFT    | LEFT        | true     | false
			SUSPECT | ALIVE   | lower       | IGNORE            | -       | -           | false    | false
			SUSPECT | ALIVE   | equal       | IGNORE            | -       | -           | false    | false
			SUSPECT | ALIVE   | higher      | TAKE              | ALIVE   | ALIVE_AGAIN | true     | false
			SUSPECT | SUSPECT | lower       | IGNORE            | -       | -           | false    | false
			SUSPECT | SUSPECT | equal       | CONFIRM_SUSPICION | SUSPECT | -           | true     | false
			SUSPECT | SUSPECT | higher      | TAKE              | SUSPECT | SUSPECTED   | true     | false
			SUSPECT | DEAD    | lower       | IGNORE            | -       | -           | false    | false
			SUSPECT | DEAD    | equal       | TAKE              | DEAD    | FAILED      | true     | false
			SUSPECT | DEAD    | higher      | TAKE              | DEAD    | FAILED      | true     | false
			SUSPECT | LEFT    | lower       | IGNORE            | -       | -           | false    | false
			SUSPECT | LEFT    | equal       | TAKE              | LEFT    | LEFT        | true     | false
			SUSPECT | LEFT    | higher      | TAKE              | LEFT    | LEFT        | true     | false
			DEAD    | ALIVE   | lower       | IGNORE            | -       | -           | false    | false
			DEAD    | ALIVE   | equal       | IGNORE            | -       | -           | false    | false
			DEAD    | ALIVE   | higher      | TAKE              | ALIVE   | ALIVE_AGAIN | true     | true
			DEAD    | SUSPECT | lower       | IGNORE            | -       | -           | false    | false
			DEAD    | SUSPECT | equal       | IGNORE            | -       | -           | false    | false
			DEAD    | SUSPECT | higher      | IGNORE            | -       | -           | false    | false
			DEAD    | DEAD    | lower       | IGNORE            | -       | -           | false    | false
			DEAD    | DEAD    | equal       | IGNORE            | -       | -           | false    | false
			DEAD    | DEAD    | higher      | IGNORE            | -       | -           | false    | false
			DEAD    | LEFT    | lower       | IGNORE            | -       | -           | false    | false
			DEAD    | LEFT    | equal       | TAKE              | LEFT    | LEFT        | true     | false
			DEAD    | LEFT    | higher      | TAKE              | LEFT    | LEFT        | true     | false
			LEFT    | ALIVE   | lower       | IGNORE            | -       | -           | false    | false
			LEFT    | ALIVE   | equal       | IGNORE            | -       | -           | false    | false
			LEFT    | ALIVE   | higher      | TAKE              | ALIVE   | ALIVE_AGAIN | true     | true
			LEFT    | SUSPECT | lower       | IGNORE            | -       | -           | false    | false
			LEFT    | SUSPECT | equal       | IGNORE            | -       | -           | false    | false
			LEFT    | SUSPECT | higher      | IGNORE            | -       | -           | false    | false
			LEFT    | DEAD    | lower       | IGNORE            | -       | -           | false    | false
			LEFT    | DEAD    | equal       | IGNORE            | -       | -           | false    | false
			LEFT    | DEAD    | higher      | IGNORE            | -       | -           | false    | false
			LEFT    | LEFT    | lower       | IGNORE            | -       | -           | false    | false
			LEFT    | LEFT    | equal       | IGNORE            | -       | -           | false    | false
			LEFT    | LEFT    | higher      | IGNORE            | -       | -           | false    | false
			""")
	void newsAboutAnotherMemberOfTheSameInstance(MemberState held, MemberState news, String incarnation,
			String action, String next, String event, boolean regossip, boolean followUp) {
		MemberRecord current = held(held);
		Update u = news(news, current.id(), incarnation(incarnation));
		assertThat(judge(current, u)).isEqualTo(verdict(action, next, event, regossip, followUp));
	}

	@ParameterizedTest(name = "held {0}, news {2} of an {1} instance -> {3} {4} {5}")
	@CsvSource(delimiter = '|', textBlock = """
			# held  | instance | news    | action           | next    | event   | regossip | followUp | thenSuspected
			ALIVE   | older    | ALIVE   | IGNORE           | -       | -       | false    | false    | false
			DEAD    | older    | ALIVE   | IGNORE           | -       | -       | false    | false    | false
			ALIVE   | older    | DEAD    | IGNORE           | -       | -       | false    | false    | false
			ALIVE   | older    | SUSPECT | IGNORE           | -       | -       | false    | false    | false
			ALIVE   | newer    | ALIVE   | REPLACE_INSTANCE | ALIVE   | UPDATED | true     | true     | false
			SUSPECT | newer    | ALIVE   | REPLACE_INSTANCE | ALIVE   | UPDATED | true     | true     | false
			ALIVE   | newer    | SUSPECT | REPLACE_INSTANCE | SUSPECT | UPDATED | true     | true     | true
			SUSPECT | newer    | SUSPECT | REPLACE_INSTANCE | SUSPECT | UPDATED | true     | true     | true
			DEAD    | newer    | ALIVE   | REPLACE_INSTANCE | ALIVE   | JOINED  | true     | true     | false
			DEAD    | newer    | SUSPECT | REPLACE_INSTANCE | SUSPECT | JOINED  | true     | true     | true
			LEFT    | newer    | SUSPECT | REPLACE_INSTANCE | SUSPECT | JOINED  | true     | true     | true
			ALIVE   | newer    | DEAD    | REPLACE_INSTANCE | DEAD    | FAILED  | true     | false    | false
			SUSPECT | newer    | LEFT    | REPLACE_INSTANCE | LEFT    | LEFT    | true     | false    | false
			DEAD    | newer    | DEAD    | REPLACE_INSTANCE | DEAD    | -       | true     | false    | false
			LEFT    | newer    | DEAD    | REPLACE_INSTANCE | DEAD    | -       | true     | false    | false
			LEFT    | newer    | LEFT    | REPLACE_INSTANCE | LEFT    | -       | true     | false    | false
			""")
	void newsAboutAnotherInstanceOfTheNodeId(MemberState held, String instance, MemberState news, String action,
			String next, String event, boolean regossip, boolean followUp, boolean thenSuspected) {
		MemberRecord current = held(held);
		// a restart starts again from a low incarnation: the instance decides, not the incarnation
		Update u = news(news, new MemberId("m", instance(instance, INSTANCE)), 0);
		Verdict verdict = judge(current, u);
		assertThat(verdict).isEqualTo(verdict(action, next, event, regossip, followUp, thenSuspected));
		if (verdict.action() == Action.REPLACE_INSTANCE) {
			// a suspected newcomer is taken in alive first, so that it is seen to join before it is suspected
			assertThat(verdict.entered()).isEqualTo(thenSuspected ? MemberState.ALIVE : verdict.next());
		}
	}

	@ParameterizedTest(name = "unknown member, news {0} -> {1} {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			# news  | action | next    | event  | regossip | followUp | thenSuspected | entered
			ALIVE   | ADD    | ALIVE   | JOINED | true     | true     | false         | ALIVE
			SUSPECT | ADD    | SUSPECT | JOINED | true     | true     | true          | ALIVE
			DEAD    | ADD    | DEAD    | -      | true     | false    | false         | DEAD
			LEFT    | ADD    | LEFT    | -      | true     | false    | false         | LEFT
			""")
	void newsAboutAnUnknownMember(MemberState news, String action, String next, String event, boolean regossip,
			boolean followUp, boolean thenSuspected, MemberState entered) {
		Update u = news(news, new MemberId("m", INSTANCE), 3);
		Verdict verdict = judge(null, u);
		assertThat(verdict).isEqualTo(verdict(action, next, event, regossip, followUp, thenSuspected));
		assertThat(verdict.entered()).isEqualTo(entered);
	}

	@ParameterizedTest(name = "news {0} at our incarnation {1} (leaving {3}, {2} instance) -> {4}")
	@CsvSource(delimiter = '|', textBlock = """
			# news  | incarnation | instance | leaving | action        | next  | event
			ALIVE   | lower       | same     | false   | IGNORE        | -     | -
			ALIVE   | equal       | same     | false   | IGNORE        | -     | -
			ALIVE   | higher      | same     | false   | REFUTE        | ALIVE | -
			SUSPECT | lower       | same     | false   | IGNORE        | -     | -
			SUSPECT | equal       | same     | false   | REFUTE        | ALIVE | -
			SUSPECT | higher      | same     | false   | REFUTE        | ALIVE | -
			DEAD    | lower       | same     | false   | IGNORE        | -     | -
			DEAD    | equal       | same     | false   | REFUTE        | ALIVE | -
			DEAD    | higher      | same     | false   | REFUTE        | ALIVE | -
			LEFT    | equal       | same     | false   | REFUTE        | ALIVE | -
			ALIVE   | higher      | same     | true    | REASSERT_LEFT | LEFT  | -
			DEAD    | equal       | same     | true    | REASSERT_LEFT | LEFT  | -
			LEFT    | lower       | same     | true    | IGNORE        | -     | -
			ALIVE   | lower       | newer    | false   | STEP_DOWN     | LEFT  | SUPERSEDED
			DEAD    | equal       | newer    | true    | STEP_DOWN     | LEFT  | SUPERSEDED
			ALIVE   | higher      | older    | false   | IGNORE        | -     | -
			DEAD    | higher      | older    | false   | IGNORE        | -     | -
			""")
	void newsAboutOurselves(MemberState news, String incarnation, String instance, boolean leaving, String action,
			String next, String event) {
		Update u = news(news, new MemberId(SELF.nodeId(), instance(instance, SELF.instance())), incarnation(incarnation));
		// news about ourselves is never gossiped on: we gossip our own record instead
		assertThat(MergeRules.aboutSelf(SELF, INCARNATION, leaving, u)).isEqualTo(verdict(action, next, event, false, false));
	}

	@Test
	void implausibleIncarnationJumpsAreIgnoredAboutOthersAndOurselves() {
		long limit = INCARNATION + MergeRules.MAX_INCARNATION_JUMP;
		for (MemberState held : MemberState.values()) {
			for (MemberState news : MemberState.values()) {
				Update u = news(news, new MemberId("m", INSTANCE), limit + 1);
				assertThat(judge(held(held), u).action()).as("%s over %s", news, held).isEqualTo(Action.IGNORE);
			}
		}
		assertThat(judge(held(MemberState.DEAD), news(MemberState.ALIVE, new MemberId("m", INSTANCE), limit)).action())
			.isEqualTo(Action.TAKE);
		assertThat(MergeRules.aboutSelf(SELF, INCARNATION, false, news(MemberState.DEAD, SELF, limit + 1)).action())
			.isEqualTo(Action.IGNORE);
		assertThat(MergeRules.aboutSelf(SELF, INCARNATION, false, news(MemberState.DEAD, SELF, limit)).action())
			.isEqualTo(Action.REFUTE);
	}

	@Test
	void aSuspicionIsConfirmedOnlyByNewAccusersUpToTheExpectedNumber() {
		MemberRecord current = held(MemberState.SUSPECT);
		Update byFirstAccuser = new Update(MemberState.SUSPECT, current.id(), INCARNATION, EP, "a");
		assertThat(judge(current, byFirstAccuser)).isEqualTo(Verdict.IGNORE);
		current.suspicion().confirm("b");
		current.suspicion().confirm("c");
		current.suspicion().confirm("d");
		Update byFifth = new Update(MemberState.SUSPECT, current.id(), INCARNATION, EP, "e");
		assertThat(judge(current, byFifth)).as("K = 3 confirmations already counted").isEqualTo(Verdict.IGNORE);
	}

	@Test
	void metadataOfTheIncarnationLearnedFromAHeaderIsFilledInAndMovesToTheAdvertisedAddress() {
		MemberId m = new MemberId("m", INSTANCE);
		MemberRecord fromHeader = new MemberRecord(m, SOURCE, INCARNATION);
		fromHeader.moveTo(0, MemberState.ALIVE);
		MemberMetadata metadata = new MemberMetadata(Set.of("web"), Map.of());
		Update own = Update.alive(m, INCARNATION, EP, metadata);
		assertThat(judge2(fromHeader, own))
			.isEqualTo(new Verdict(Action.FILL_METADATA, MemberState.ALIVE, Kind.UPDATED, true, false));
		// the same, about a member we hold failed: the incarnation rule applies, nothing to fill
		fromHeader.moveTo(0, MemberState.DEAD);
		assertThat(judge2(fromHeader, own)).isEqualTo(Verdict.IGNORE);
		// a record without metadata never moves an advertised address nor fills anything
		MemberRecord advertised = held(MemberState.ALIVE);
		Update relayed = Update.alive(m, INCARNATION + 1, SOURCE);
		assertThat(judge(advertised, relayed))
			.isEqualTo(new Verdict(Action.TAKE, MemberState.ALIVE, null, true, false));
		// a newer record the member wrote with new metadata is an update
		Update changed = Update.alive(m, INCARNATION + 1, EP, metadata);
		assertThat(judge(advertised, changed))
			.isEqualTo(new Verdict(Action.TAKE, MemberState.ALIVE, Kind.UPDATED, true, false));
	}

	/** {@link #judge} for records not written by the member itself. */
	private static Verdict judge2(MemberRecord current, Update u) {
		Member before = current.snapshot();
		Verdict verdict = MergeRules.aboutOther(current, u);
		assertThat(current.snapshot()).isEqualTo(before);
		assertThat(current.endpointAdvertised()).isFalse();
		return verdict;
	}

}
