package io.nightscore.scoring;

/**
 * What {@link BlockExplainer} found for one block: reasons for the rows that needed them,
 * and the full contributions of the rows in the run's global SHAP sample.
 *
 * @param reasons one entry per row given, {@code null} for rows not explained
 * @param sample the rows of the global sample, indexed like {@code reasons}
 */
public record BlockExplanation(ScoreReason[][] reasons, ShapSample sample) {

	/** The reasons of a row, or {@code null} when it was not explained. */
	public ScoreReason[] reasons(int row) {
		return this.reasons[row];
	}

}
