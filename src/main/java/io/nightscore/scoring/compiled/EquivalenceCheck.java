package io.nightscore.scoring.compiled;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.Scorer;

/**
 * Scores a model's {@link ProbeRows} with the compiled forest and with XGBoost4J, its
 * oracle, and reports the largest difference. Run at every model load, before any row is
 * scored. Stateless; the Booster must not be used by another thread meanwhile.
 */
public final class EquivalenceCheck {

	/** Largest difference in probability the compiled engine may show. */
	public static final double TOLERANCE = 1e-6;

	private EquivalenceCheck() {
	}

	/**
	 * What the check found.
	 *
	 * @param rows probe rows scored by both engines
	 * @param maxDiff the largest |compiled - XGBoost4J|
	 * @param worstRow the probe row that showed it
	 * @param compiled the compiled engine's score of that row
	 * @param xgboost XGBoost4J's score of that row
	 */
	public record Result(int rows, double maxDiff, int worstRow, float compiled, float xgboost) {

		public boolean passed() {
			return this.maxDiff <= TOLERANCE;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%d probe rows, max |diff| %.3g (row %d: %s vs XGBoost4J %s)",
					this.rows, this.maxDiff, this.worstRow, this.compiled, this.xgboost);
		}

	}

	/**
	 * @param extra rows to probe besides the thresholds' (e.g. the input's first rows),
	 * row-major, {@code extraRows} of them
	 */
	public static Result run(Forest forest, CompiledForest compiled, Scorer oracle, float[] extra, int extraRows) {
		int n = forest.numFeature();
		float[] rows = ProbeRows.build(forest, extra, extraRows);
		int count = rows.length / n;
		float[] mine = compiled.score(rows, count);
		float[] theirs = oracle.score(rows, count);
		double maxDiff = 0;
		int worst = 0;
		for (int r = 0; r < count; r++) {
			double diff = Math.abs((double) mine[r] - theirs[r]);
			if (diff > maxDiff || Double.isNaN(diff)) {
				maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
				worst = r;
			}
		}
		return new Result(count, maxDiff, worst, mine[worst], theirs[worst]);
	}

}
