package io.github.gossip.sim;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What the simulated network does to a datagram: loss (uniform or bursty), delay, duplication,
 * reordering, and partitions (two-way by group, one-way by directed pair). Mutable so that a
 * scenario can change conditions mid-run; all randomness comes from the simulator's one source.
 */
public final class NetworkModel {

	/** Decides whether one datagram is lost. */
	public interface LossModel {

		boolean drop(int from, int to, RandomGenerator random);

		static LossModel none() {
			return (from, to, random) -> false;
		}

		static LossModel uniform(double p) {
			return (from, to, random) -> p > 0 && random.nextDouble() < p;
		}

	}

	/**
	 * Gilbert-Elliott bursty loss, one two-state chain per receiver (a congested NIC or queue): in
	 * the good state datagrams are lost with {@code lossGood}, in the bad state with {@code lossBad}.
	 * Long-run loss rate = (pGB * lossBad + pBG * lossGood) / (pGB + pBG).
	 */
	public static final class GilbertElliott implements LossModel {

		private final double pGoodToBad, pBadToGood, lossGood, lossBad;

		private boolean[] bad = new boolean[0];

		public GilbertElliott(double pGoodToBad, double pBadToGood, double lossGood, double lossBad) {
			this.pGoodToBad = pGoodToBad;
			this.pBadToGood = pBadToGood;
			this.lossGood = lossGood;
			this.lossBad = lossBad;
		}

		@Override
		public boolean drop(int from, int to, RandomGenerator random) {
			if (to >= this.bad.length) {
				this.bad = java.util.Arrays.copyOf(this.bad, Math.max(to + 1, this.bad.length * 2));
			}
			boolean isBad = this.bad[to];
			isBad = isBad ? random.nextDouble() >= this.pBadToGood : random.nextDouble() < this.pGoodToBad;
			this.bad[to] = isBad;
			return random.nextDouble() < (isBad ? this.lossBad : this.lossGood);
		}

	}

	/** One-way network delay in microseconds. */
	public interface DelayModel {

		long micros(RandomGenerator random);

		static DelayModel constant(long micros) {
			return (random) -> micros;
		}

		static DelayModel uniform(long minMicros, long maxMicros) {
			return (random) -> minMicros + random.nextLong(maxMicros - minMicros + 1);
		}

		/** Fixed base plus an exponential tail: most packets fast, a few slow. */
		static DelayModel exponential(long baseMicros, long meanExtraMicros) {
			return (random) -> baseMicros + (long) (-Math.log(1 - random.nextDouble()) * meanExtraMicros);
		}

	}

	LossModel loss = LossModel.none();

	DelayModel delay = DelayModel.uniform(200, 2_000);

	double duplicate;

	double reorder;

	long reorderExtraMicros = 20_000;

	private int[] group = new int[0];

	private final Set<Long> blocked = new HashSet<>();

	public NetworkModel loss(LossModel loss) {
		this.loss = loss;
		return this;
	}

	public NetworkModel delay(DelayModel delay) {
		this.delay = delay;
		return this;
	}

	/** Probability that a datagram is delivered twice. */
	public NetworkModel duplicate(double p) {
		this.duplicate = p;
		return this;
	}

	/** Probability that a datagram is held back by up to {@code extraMicros}, overtaking order. */
	public NetworkModel reorder(double p, long extraMicros) {
		this.reorder = p;
		this.reorderExtraMicros = extraMicros;
		return this;
	}

	/** Puts node {@code index} in partition group {@code g}; only equal groups talk. */
	public void setGroup(int index, int g) {
		if (index >= this.group.length) {
			this.group = java.util.Arrays.copyOf(this.group, Math.max(index + 1, this.group.length * 2));
		}
		this.group[index] = g;
	}

	/** Heals all two-way partitions. */
	public void clearGroups() {
		java.util.Arrays.fill(this.group, 0);
	}

	/** Datagrams from {@code from} to {@code to} are lost; the other direction is untouched. */
	public void blockOneWay(int from, int to) {
		this.blocked.add(key(from, to));
	}

	public void unblockOneWay(int from, int to) {
		this.blocked.remove(key(from, to));
	}

	/** Lifts every one-way block. */
	public void unblockAll() {
		this.blocked.clear();
	}

	boolean reachable(int from, int to) {
		int gf = from < this.group.length ? this.group[from] : 0;
		int gt = to < this.group.length ? this.group[to] : 0;
		return gf == gt && (this.blocked.isEmpty() || !this.blocked.contains(key(from, to)));
	}

	private static long key(int from, int to) {
		return ((long) from << 32) | (to & 0xFFFFFFFFL);
	}

}
