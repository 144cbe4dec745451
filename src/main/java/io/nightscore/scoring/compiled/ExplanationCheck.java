package io.nightscore.scoring.compiled;

import java.util.Locale;

import io.nightscore.scoring.Explainer;

/**
 * Explains a sample of a model's {@link ProbeRows} (spread over the thresholds' rows, and
 * the input's first rows) with {@link ForestShap} and with XGBoost4J's
 * {@code predictContrib}, its oracle, and reports the largest difference of any
 * contribution or bias. Run before a model the compiled engine scores explains its first
 * row. Stateless; the oracle must not be used by another thread meanwhile.
 */
public final class ExplanationCheck {

	/**
	 * Largest difference in a contribution (margin units) {@link ForestShap} may show.
	 */
	public static final double TOLERANCE = 1e-5;

	/**
	 * Rows explained by both: XGBoost4J takes most of a millisecond a row on a 100-tree
	 * model, and this runs in every run that explains.
	 */
	static final int SAMPLE_ROWS = 128;

	private ExplanationCheck() {
	}

	/**
	 * What the check found.
	 *
	 * @param rows rows explained by both
	 * @param maxDiff the largest |Java - XGBoost4J| over every contribution and the bias
	 * @param worstRow the sample row that showed it
	 * @param worstColumn its column (the feature index, or the feature count for the
	 * bias)
	 */
	public record Result(int rows, double maxDiff, int worstRow, int worstColumn) {

		public boolean passed() {
			return this.maxDiff <= TOLERANCE;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d rows, max |diff| %.3g (row %d, column %d)", this.rows, this.maxDiff,
					this.worstRow, this.worstColumn);
		}

	}

	/**
	 * @param rows the rows to explain, row-major: a {@link #sample} of the probe rows
	 */
	public static Result run(ForestShap shap, Explainer oracle, float[] rows) {
		int width = oracle.featureCount() + 1;
		int count = rows.length / oracle.featureCount();
		float[] mine;
		try (Explainer explainer = shap.newExplainer()) {
			mine = explainer.contributions(rows, count);
		}
		float[] theirs = oracle.contributions(rows, count);
		int worst = EquivalenceCheck.worst(mine, theirs);
		return new Result(count, EquivalenceCheck.difference(mine, theirs, worst), worst / width, worst % width);
	}

	/**
	 * Up to {@link #SAMPLE_ROWS} of a model's probe rows ({@code n} features each, the
	 * input's {@code extraRows} last): a quarter from the input's rows, the rest strided
	 * over the thresholds' rows.
	 */
	static float[] sample(float[] probes, int n, int extraRows) {
		int count = probes.length / n;
		if (count <= SAMPLE_ROWS) {
			return probes;
		}
		int fromInput = Math.min(extraRows, SAMPLE_ROWS / 4);
		int fromThresholds = SAMPLE_ROWS - fromInput;
		int thresholdRows = Math.max(1, count - extraRows);
		float[] sample = new float[SAMPLE_ROWS * n];
		for (int i = 0; i < fromThresholds; i++) {
			int row = (int) ((long) i * thresholdRows / fromThresholds);
			System.arraycopy(probes, row * n, sample, i * n, n);
		}
		System.arraycopy(probes, (count - fromInput) * n, sample, fromThresholds * n, fromInput * n);
		return sample;
	}

}
