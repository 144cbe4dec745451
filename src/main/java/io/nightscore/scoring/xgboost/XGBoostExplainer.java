package io.nightscore.scoring.xgboost;

import java.util.function.Consumer;

import io.nightscore.Failures;
import io.nightscore.scoring.Explainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Explains rows with XGBoost's own exact TreeSHAP ({@code Booster.predictContrib}) on a
 * dense matrix whose missing value is {@link Float#NaN}.
 *
 * <p>
 * Not thread-safe: it holds one native Booster ({@code nthread} 1, set before its thread
 * uses it). Close it to hand the Booster back to its {@link XGBoostEngine}.
 */
final class XGBoostExplainer implements Explainer {

	private final Booster booster;

	private final int featureCount;

	private final Consumer<Booster> release;

	private boolean closed;

	XGBoostExplainer(Booster booster, int featureCount, Consumer<Booster> release) {
		this.booster = booster;
		this.featureCount = featureCount;
		this.release = release;
		try {
			booster.setParam("nthread", 1);
		}
		catch (XGBoostError ex) {
			booster.dispose();
			throw new IllegalStateException("Cannot set XGBoost's nthread", ex);
		}
	}

	@Override
	public float[] contributions(float[] features, int rows) {
		int width = this.featureCount + 1;
		float[] contributions = new float[rows * width];
		if (rows == 0) {
			return contributions;
		}
		DMatrix matrix = null;
		try {
			float[] data = (features.length == rows * this.featureCount) ? features
					: java.util.Arrays.copyOf(features, rows * this.featureCount);
			matrix = new DMatrix(data, rows, this.featureCount, Float.NaN);
			float[][] result = this.booster.predictContrib(matrix, 0);
			for (int row = 0; row < rows; row++) {
				System.arraycopy(result[row], 0, contributions, row * width, width);
			}
			return contributions;
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException(
					"XGBoost failed to explain a chunk of " + rows + " rows: " + Failures.firstLine(ex.getMessage()),
					ex);
		}
		finally {
			if (matrix != null) {
				matrix.dispose();
			}
		}
	}

	@Override
	public int featureCount() {
		return this.featureCount;
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.release.accept(this.booster);
		}
	}

}
