package io.github.gossip.internal.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.github.gossip.internal.protocol.Endpoint;
import io.github.gossip.internal.protocol.MemberId;
import io.github.gossip.internal.protocol.MemberMetadata;
import io.github.gossip.internal.protocol.MemberState;
import io.github.gossip.internal.protocol.Message;
import io.github.gossip.internal.protocol.Packet;
import io.github.gossip.internal.protocol.Update;
import io.github.gossip.internal.protocol.ViewDigest;

/** Generators of every wire value, shared by the property tests and the fuzzer's seeds. */
final class WireArbitraries {

	private WireArbitraries() {
	}

	static Arbitrary<String> nodeIds() {
		Arbitrary<String> ascii = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(64);
		// multi-byte characters, kept within 64 UTF-8 bytes
		Arbitrary<String> unicode = Arbitraries.strings()
			.withCharRange('\u00a0', '\u07ff')
			.withChars('é', 'ß', '日', '本')
			.ofMinLength(1)
			.ofMaxLength(21);
		return Arbitraries.oneOf(ascii, unicode);
	}

	static Arbitrary<MemberId> memberIds() {
		return Combinators.combine(nodeIds(), Arbitraries.longs()).as(MemberId::new);
	}

	static Arbitrary<Endpoint> endpoints() {
		Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
		Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
		return Combinators.combine(Arbitraries.oneOf(v4, v6), Arbitraries.integers().between(0, 65535))
			.as(Endpoint::new);
	}

	static Arbitrary<Long> incarnations() {
		return Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, WireCodec.MAX_INCARNATION));
	}

	static Arbitrary<Long> seqs() {
		return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, Long.MAX_VALUE));
	}

	/** Metadata within bounds (at most 8 * 25 + 4 * (25 + 21) bytes): values possibly empty. */
	static Arbitrary<MemberMetadata> metadata() {
		Arbitrary<String> names = Arbitraries.strings().withCharRange('!', '~').withChars('é', '日').ofMinLength(1)
			.ofMaxLength(12);
		Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars('ß').ofMaxLength(10);
		return Combinators.combine(names.set().ofMaxSize(4), names.set().ofMaxSize(4), Arbitraries.maps(names, values)
			.ofMaxSize(4)).as((roles, excluded, map) -> {
				java.util.Set<String> onlyExcluded = new java.util.TreeSet<>(excluded);
				onlyExcluded.removeAll(roles);
				return new MemberMetadata(roles, onlyExcluded, map);
			});
	}

	static Arbitrary<Update> updates() {
		return Combinators.combine(Arbitraries.of(MemberState.class), memberIds(), incarnations(), endpoints(), nodeIds(),
				metadata().injectNull(0.5))
			.as((state, id, inc, ep, accuser, meta) -> new Update(state, id, inc, ep,
					state == MemberState.SUSPECT ? accuser : null, meta));
	}

	static Arbitrary<Message.SyncRequest> syncRequests() {
		return Arbitraries.integers().between(0, 7).flatMap((log) -> Arbitraries.integers().list().ofSize(1 << log))
			.map(Message.SyncRequest::new);
	}

	static Arbitrary<Message.SyncPush> syncPushes() {
		return Arbitraries.integers().between(0, 7).flatMap((log) -> {
			int count = 1 << log;
			return Combinators.combine(Arbitraries.of(true, false),
					Arbitraries.integers().between(0, count - 1).set().ofMaxSize(Math.min(count, 20)),
					updates().list().ofMaxSize(8))
				.as((reply, buckets, records) -> new Message.SyncPush(reply, count,
						buckets.stream().sorted().toList(), records));
		});
	}

	static Arbitrary<Message> messages() {
		return Arbitraries.oneOf(Arbitraries.just(Message.Gossip.INSTANCE),
				Combinators.combine(seqs(), memberIds()).as(Message.Ping::new), seqs().map(Message.Ack::new),
				seqs().map(Message.Nack::new),
				Combinators.combine(seqs(), memberIds(), endpoints()).as(Message.PingReq::new),
				Combinators.combine(endpoints(), incarnations()).as(Message.JoinRequest::new),
				updates().list().ofMaxSize(12).map(Message.JoinResponse::new), syncRequests().map(Message.class::cast),
				syncPushes().map(Message.class::cast));
	}

	static Arbitrary<Packet> packets() {
		return Combinators.combine(memberIds(), incarnations(), messages(), updates().list().ofMaxSize(12))
			.as(Packet::new);
	}

}
