package io.nightscore.scoring.xgboost;

import java.util.function.Consumer;

import io.nightscore.Failures;
import io.nightscore.scoring.Scorer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores a chunk of rows with one {@code Booster.inplace_predict} call on the chunk's
 * dense row-major matrix, which XGBoost reads in place instead of first copying it into a
 * DMatrix of its own.
 *
 * <p>
 * Not thread-safe: it holds one native Booster (whose {@code nthread} is set when the
 * scorer is made, before its thread uses it). Closing it hands the Booster back to its
 * {@link XGBoostEngine}.
 */
final class XGBoostScorer implements Scorer {

	private final Booster booster;

	private final int featureCount;

	private final Consumer<Booster> release;

	private boolean closed;

	XGBoostScorer(Booster booster, int featureCount, int threads, Consumer<Booster> release) {
		this.booster = booster;
		this.featureCount = featureCount;
		this.release = release;
		try {
			booster.setParam("nthread", threads);
		}
		catch (XGBoostError ex) {
			booster.dispose();
			throw new IllegalStateException("Cannot set XGBoost's nthread", ex);
		}
	}

	/**
	 * {@inheritDoc} XGBoost fails a whole matrix on a single infinity, so the row check
	 * rejects those rows first.
	 */
	@Override
	public float[] score(float[] features, int rows) {
		if (rows == 0) {
			return new float[0];
		}
		try {
			float[][] predictions = this.booster.inplace_predict(features, rows, this.featureCount, Float.NaN);
			float[] scores = new float[rows];
			for (int i = 0; i < rows; i++) {
				scores[i] = predictions[i][0];
			}
			return scores;
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException(
					"XGBoost failed to score a chunk of " + rows + " rows: " + Failures.firstLine(ex.getMessage()), ex);
		}
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.release.accept(this.booster);
		}
	}

}
