package io.nightscore.scoring;

import java.util.function.Consumer;

import io.nightscore.Failures;
import io.nightscore.scoring.compiled.CompiledForest;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores a chunk of rows at once: one {@code Booster.inplace_predict} call on the chunk's
 * dense row-major matrix, which XGBoost reads in place instead of first copying it into a
 * DMatrix of its own.
 *
 * <p>
 * Not thread-safe: it holds one native Booster (whose {@code nthread} is set when the
 * scorer is made, before its thread uses it), so each scoring thread has its own scorer.
 * Close it to hand the Booster back to its {@link ScoringModel}.
 */
public final class ChunkScorer implements AutoCloseable {

	private final Booster booster;

	private final int featureCount;

	private final Consumer<Booster> release;

	private final CompiledForest compiled;

	private boolean closed;

	ChunkScorer(Booster booster, int featureCount, int threads, Consumer<Booster> release) {
		this.booster = booster;
		this.featureCount = featureCount;
		this.release = release;
		this.compiled = null;
		try {
			booster.setParam("nthread", threads);
		}
		catch (XGBoostError ex) {
			booster.dispose();
			throw new IllegalStateException("Cannot set XGBoost's nthread", ex);
		}
	}

	/**
	 * A scorer on the compiled forest (which is thread-safe and holds no native memory).
	 */
	ChunkScorer(CompiledForest compiled) {
		this.booster = null;
		this.featureCount = compiled.numFeature();
		this.release = (booster) -> {
		};
		this.compiled = compiled;
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
		if (this.compiled != null) {
			return this.compiled.score(features, rows);
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

	public int featureCount() {
		return this.featureCount;
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			if (this.booster == null) {
				return;
			}
			this.release.accept(this.booster);
		}
	}

}
