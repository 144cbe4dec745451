package io.nightscore.scoring;

import java.util.Arrays;

/**
 * Which scored rows get reason codes: every row from a minimum score (the {@code high}
 * risk band), or the riskiest fraction of each block. Rows of the global SHAP sample are
 * chosen apart from these, by {@link #sampled}.
 *
 * <p>
 * The top fraction is taken per block (chunk), not over the whole run, which a single
 * pass cannot know in advance: with blocks of thousands of customers in no particular
 * order it is about that fraction of the run, and every block's riskiest rows are
 * explained. Immutable and thread-safe.
 *
 * @param minScore explain rows scoring at least this, or {@code NaN} when a fraction is
 * used
 * @param topFraction the fraction of each block to explain, or {@code 0} when a minimum
 * score is used (or when no row gets reasons, the minimum score being {@code NaN})
 * @param sampleStride every row whose row number is a multiple of this joins the global
 * SHAP sample; {@code 0} for no sample
 */
public record ExplainSelection(float minScore, double topFraction, long sampleStride) {

	public ExplainSelection {
		if (!Float.isNaN(minScore) && topFraction > 0) {
			throw new IllegalArgumentException("Give either a minimum score or a top fraction");
		}
		if (topFraction < 0 || topFraction > 1) {
			throw new IllegalArgumentException("Top fraction must be within 0 and 1: " + topFraction);
		}
		if (sampleStride < 0) {
			throw new IllegalArgumentException("Sample stride must not be negative: " + sampleStride);
		}
	}

	/** Explain every row scoring at least {@code minScore}. */
	public static ExplainSelection fromScore(float minScore, long sampleStride) {
		return new ExplainSelection(minScore, 0, sampleStride);
	}

	/**
	 * Explain the riskiest {@code fraction} of each block's rows; {@code 0} gives no row
	 * reasons (only the sample is explained).
	 */
	public static ExplainSelection topFraction(double fraction, long sampleStride) {
		return new ExplainSelection(Float.NaN, fraction, sampleStride);
	}

	/**
	 * The sample stride that gives about {@code sampleRows} rows from {@code totalRows}
	 * rows: 1 (every row) when there are fewer.
	 */
	public static long strideFor(long totalRows, int sampleRows) {
		if (sampleRows <= 0) {
			return 0;
		}
		return Math.max(1, (totalRows + sampleRows - 1) / sampleRows);
	}

	/**
	 * Which of {@code rows} scores get reason codes.
	 * @return one flag per row, {@code true} for the rows to explain
	 */
	public boolean[] explained(float[] scores, int rows) {
		boolean[] chosen = new boolean[rows];
		if (!Float.isNaN(this.minScore)) {
			for (int row = 0; row < rows; row++) {
				chosen[row] = scores[row] >= this.minScore;
			}
			return chosen;
		}
		int wanted = (int) Math.min(rows, Math.ceil(this.topFraction * rows));
		if (wanted == 0) {
			return chosen;
		}
		float[] sorted = Arrays.copyOf(scores, rows);
		Arrays.sort(sorted);
		float threshold = sorted[rows - wanted];
		int strictlyAbove = 0;
		for (int row = 0; row < rows; row++) {
			if (scores[row] > threshold) {
				chosen[row] = true;
				strictlyAbove++;
			}
		}
		for (int row = 0; row < rows && strictlyAbove < wanted; row++) {
			if (scores[row] == threshold) {
				chosen[row] = true;
				strictlyAbove++;
			}
		}
		return chosen;
	}

	/** Whether the row with this 1-based row number joins the global SHAP sample. */
	public boolean sampled(long rowNumber) {
		return this.sampleStride > 0 && rowNumber % this.sampleStride == 0;
	}

}
