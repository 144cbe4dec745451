package io.nightscore.scoring;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores a chunk of rows at once: one DMatrix, one {@code Booster.predict} call.
 *
 * <p>
 * Not thread-safe: it owns one native Booster ({@code predict} is synchronized in
 * XGBoost4J 3.0), so each scoring thread has its own scorer. Close it to free the native
 * memory.
 */
public final class ChunkScorer implements AutoCloseable {

	private final Booster booster;

	private final int featureCount;

	ChunkScorer(Booster booster, int featureCount, int threads) {
		this.booster = booster;
		this.featureCount = featureCount;
		try {
			booster.setParam("nthread", threads);
		}
		catch (XGBoostError ex) {
			booster.dispose();
			throw new IllegalStateException("Cannot set XGBoost's nthread", ex);
		}
	}

	/**
	 * Score {@code rows} rows laid out row-major in {@code features}, the model's
	 * features in the model's order. {@link Float#NaN} is a missing value; every other
	 * value must be finite (XGBoost fails a whole matrix on a single infinity).
	 * @return one probability per row
	 */
	public float[] score(float[] features, int rows) {
		if (rows == 0) {
			return new float[0];
		}
		DMatrix matrix = null;
		try {
			matrix = new DMatrix(features, rows, this.featureCount, Float.NaN);
			float[][] predictions = this.booster.predict(matrix);
			float[] scores = new float[rows];
			for (int i = 0; i < rows; i++) {
				scores[i] = predictions[i][0];
			}
			return scores;
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException(
					"XGBoost failed to score a chunk of " + rows + " rows: " + ScoringModel.firstLine(ex), ex);
		}
		finally {
			if (matrix != null) {
				matrix.dispose();
			}
		}
	}

	public int featureCount() {
		return this.featureCount;
	}

	@Override
	public void close() {
		this.booster.dispose();
	}

}
