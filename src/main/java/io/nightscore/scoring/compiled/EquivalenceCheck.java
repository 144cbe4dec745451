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
	 * @param rows the model's {@link ProbeRows}, row-major
	 */
	public static Result run(Forest forest, CompiledForest compiled, Scorer oracle, float[] rows) {
		int count = rows.length / forest.numFeature();
		float[] mine = compiled.score(rows, count);
		float[] theirs = oracle.score(rows, count);
		int worst = worst(mine, theirs);
		return new Result(count, difference(mine, theirs, worst), worst, mine[worst], theirs[worst]);
	}

	/**
	 * Where two engines' results differ most: the largest difference, or the last NaN (0
	 * when they are empty or equal).
	 */
	static int worst(float[] mine, float[] theirs) {
		double maxDiff = 0;
		int worst = 0;
		for (int i = 0; i < mine.length; i++) {
			double diff = Math.abs((double) mine[i] - theirs[i]);
			if (diff > maxDiff || Double.isNaN(diff)) {
				maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
				worst = i;
			}
		}
		return worst;
	}

	/** |mine - theirs| at {@code i}, infinite when either is NaN. */
	static double difference(float[] mine, float[] theirs, int i) {
		if (mine.length == 0) {
			return 0;
		}
		double diff = Math.abs((double) mine[i] - theirs[i]);
		return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
	}

}
