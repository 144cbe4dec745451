package io.nightscore.sampledata;

/**
 * A small, fully specified pseudo-random generator (SplitMix64) whose output depends only
 * on its seed and stream, so synthetic data is identical on every JVM and platform.
 *
 * <p>
 * Unlike {@code java.util.Random#nextGaussian} or {@code RandomGenerator}'s default
 * methods, every distribution here is computed with {@link StrictMath}, whose results are
 * fixed by the JLS. Not thread-safe: create one per customer (they are cheap).
 */
final class SplitMix64 {

	private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private long state;

	/**
	 * Create the generator for one stream (a customer's index) of a seed.
	 * @param seed the data set's seed
	 * @param stream the stream within the seed, for example the customer's index
	 */
	SplitMix64(long seed, long stream) {
		this.state = mix(mix(seed) + stream * GOLDEN_GAMMA);
	}

	long nextLong() {
		this.state += GOLDEN_GAMMA;
		return mix(this.state);
	}

	/** A uniform double in {@code [0, 1)}. */
	double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	/** A uniform int in {@code [0, bound)} for a small positive bound. */
	int nextInt(int bound) {
		return (int) (((nextLong() >>> 33) * bound) >>> 31);
	}

	/** {@code true} with probability {@code p}. */
	boolean chance(double p) {
		return nextDouble() < p;
	}

	/** A normal deviate (Box-Muller, one value per call). */
	double gaussian(double mean, double standardDeviation) {
		double u1 = 1.0 - nextDouble();
		double u2 = nextDouble();
		double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
		return mean + standardDeviation * z;
	}

	/** An exponential deviate with the given mean. */
	double exponential(double mean) {
		return -mean * StrictMath.log(1.0 - nextDouble());
	}

	/** A Poisson deviate (Knuth's method, fine for the small means used here). */
	int poisson(double mean) {
		double limit = StrictMath.exp(-mean);
		double product = nextDouble();
		int count = 0;
		while (product > limit) {
			count++;
			product *= nextDouble();
		}
		return count;
	}

	private static long mix(long value) {
		long z = value;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
