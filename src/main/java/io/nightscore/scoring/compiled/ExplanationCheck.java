package io.nightscore.scoring.compiled;

import java.util.Locale;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.forest.Forest;

/**
 * Explains a sample of a model's {@link ProbeRows} (spread over the thresholds' rows, and
 * the input's first rows) with {@link ForestShap} and with XGBoost4J's
 * {@code predictContrib}, its oracle, and reports the largest difference of any
 * contribution or bias. Run at every model load that the compiled engine scores, before
 * any row is explained. Stateless; the oracle must not be used by another thread
 * meanwhile.
 */
public final class ExplanationCheck {

	/**
	 * Largest difference in a contribution (margin units) {@link ForestShap} may show.
	 */
	public static final double TOLERANCE = 1e-5;

	/**
	 * Rows explained by both: XGBoost4J takes most of a millisecond a row on a 100-tree
	 * model, and this runs at every start.
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
	 * @param extra the input's first rows, row-major, {@code extraRows} of them; up to a
	 * quarter of the sample comes from them
	 */
	public static Result run(Forest forest, ForestShap shap, Explainer oracle, float[] extra, int extraRows) {
		int n = forest.numFeature();
		float[] probes = ProbeRows.build(forest, extra, extraRows);
		float[] rows = sample(probes, probes.length / n, n, extraRows);
		int count = rows.length / n;
		float[] mine;
		try (Explainer explainer = shap.newExplainer()) {
			mine = explainer.contributions(rows, count);
		}
		float[] theirs = oracle.contributions(rows, count);
		double maxDiff = 0;
		int worst = 0;
		for (int i = 0; i < mine.length; i++) {
			double diff = Math.abs((double) mine[i] - theirs[i]);
			if (diff > maxDiff || Double.isNaN(diff)) {
				maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
				worst = i;
			}
		}
		return new Result(count, maxDiff, worst / (n + 1), worst % (n + 1));
	}

	/**
	 * Up to {@link #SAMPLE_ROWS} rows: a quarter from the end (the input's rows), the
	 * rest strided over the thresholds' probe rows.
	 */
	static float[] sample(float[] probes, int count, int n, int extraRows) {
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
