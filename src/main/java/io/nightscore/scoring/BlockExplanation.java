package io.nightscore.scoring;

/**
 * What {@link BlockExplainer} found for one block: reason codes for the rows that needed
 * them, and the full contributions of the rows in the run's global SHAP sample.
 *
 * @param reasons one entry per row of the block, {@code null} for rows not explained
 * @param sampleRows the block rows in the global sample, ascending
 * @param sampleContributions their contributions, row-major, {@code featureCount + 1} per
 * row (the last is the bias)
 * @param featureCount the model's number of features
 */
public record BlockExplanation(ReasonCodes[] reasons, int[] sampleRows, float[] sampleContributions, int featureCount) {

	/** An explanation of a block of {@code rows} rows in which nothing was explained. */
	public static BlockExplanation none(int rows, int featureCount) {
		return new BlockExplanation(new ReasonCodes[rows], new int[0], new float[0], featureCount);
	}

	/** The reason codes of a row, or {@code null} when it was not explained. */
	public ReasonCodes reasons(int row) {
		return this.reasons[row];
	}

	/** The contributions of the {@code index}-th sample row (features, then bias). */
	public float[] sampleContributions(int index) {
		int width = this.featureCount + 1;
		return java.util.Arrays.copyOfRange(this.sampleContributions, index * width, (index + 1) * width);
	}

}
