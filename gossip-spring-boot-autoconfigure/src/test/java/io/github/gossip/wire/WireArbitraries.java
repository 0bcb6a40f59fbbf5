package io.github.gossip.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.github.gossip.protocol.Endpoint;
import io.github.gossip.protocol.MemberId;
import io.github.gossip.protocol.MemberState;
import io.github.gossip.protocol.Message;
import io.github.gossip.protocol.Packet;
import io.github.gossip.protocol.Update;

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

	static Arbitrary<Update> updates() {
		return Combinators.combine(Arbitraries.of(MemberState.class), memberIds(), incarnations(), endpoints(), nodeIds())
			.as((state, id, inc, ep, accuser) -> new Update(state, id, inc, ep,
					state == MemberState.SUSPECT ? accuser : null));
	}

	static Arbitrary<Message> messages() {
		return Arbitraries.oneOf(Arbitraries.just(Message.Gossip.INSTANCE),
				Combinators.combine(seqs(), memberIds()).as(Message.Ping::new), seqs().map(Message.Ack::new),
				seqs().map(Message.Nack::new),
				Combinators.combine(seqs(), memberIds(), endpoints()).as(Message.PingReq::new),
				Combinators.combine(endpoints(), incarnations()).as(Message.JoinRequest::new),
				updates().list().ofMaxSize(12).map(Message.JoinResponse::new));
	}

	static Arbitrary<Packet> packets() {
		return Combinators.combine(memberIds(), incarnations(), messages(), updates().list().ofMaxSize(12))
			.as(Packet::new);
	}

}
