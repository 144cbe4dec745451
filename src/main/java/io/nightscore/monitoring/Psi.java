package io.nightscore.monitoring;

/**
 * The population stability index of two binned distributions: how far the actual shares
 * moved from the expected ones. Rules of thumb (and nightscore's defaults): below 0.1
 * stable, 0.1 to 0.25 a shift worth a look, above 0.25 a shift that holds the run.
 */
public final class Psi {

	/**
	 * The share an empty bin counts as, so that a bin empty on one side gives a large but
	 * finite term.
	 */
	public static final double EMPTY_SHARE = 1e-4;

	private Psi() {
	}

	/**
	 * The PSI of {@code actual} counts against {@code expected} counts, bin by bin.
	 * @return the PSI, or {@code NaN} when either side has no values
	 */
	public static double of(long[] actual, long[] expected) {
		if (actual.length != expected.length) {
			throw new IllegalArgumentException(actual.length + " bins against " + expected.length);
		}
		double actualTotal = sum(actual);
		double expectedTotal = sum(expected);
		if (actualTotal == 0 || expectedTotal == 0) {
			return Double.NaN;
		}
		double psi = 0;
		for (int i = 0; i < actual.length; i++) {
			double a = Math.max(actual[i] / actualTotal, EMPTY_SHARE);
			double e = Math.max(expected[i] / expectedTotal, EMPTY_SHARE);
			psi += (a - e) * Math.log(a / e);
		}
		return psi;
	}

	private static double sum(long[] counts) {
		double total = 0;
		for (long count : counts) {
			total += count;
		}
		return total;
	}

}
