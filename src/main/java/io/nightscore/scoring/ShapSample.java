package io.nightscore.scoring;

import java.util.Arrays;

/**
 * The rows of a block that belong to the run's global SHAP sample, with their full
 * contributions: one column per feature, then the bias.
 *
 * @param rows the rows' indexes in their block, ascending
 * @param contributions row-major, {@code width} values per row
 * @param width the model's number of features plus one
 */
public record ShapSample(int[] rows, float[] contributions, int width) {

	/** The number of sample rows. */
	public int size() {
		return this.rows.length;
	}

	/** The contributions of the {@code index}-th sample row (features, then bias). */
	public float[] contributions(int index) {
		return Arrays.copyOfRange(this.contributions, index * this.width, (index + 1) * this.width);
	}

}
