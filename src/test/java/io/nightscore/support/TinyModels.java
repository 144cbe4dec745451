package io.nightscore.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains small XGBoost models with chosen feature names for tests, on random data in
 * which every feature matters, so that a feature read from the wrong column changes the
 * score.
 */
public final class TinyModels {

	private TinyModels() {
	}

	/**
	 * Train a 30-tree binary:logistic model over {@code features} and save it to
	 * {@code file} (JSON or UBJ by the file's extension).
	 */
	public static Path train(Path file, String... features) throws XGBoostError, IOException {
		Random random = new Random(11);
		int rows = 2000;
		float[] data = new float[rows * features.length];
		float[] labels = new float[rows];
		for (int r = 0; r < rows; r++) {
			double logit = 0;
			for (int f = 0; f < features.length; f++) {
				float value = (random.nextInt(20) == 0) ? Float.NaN : (float) (random.nextGaussian() * 10);
				data[r * features.length + f] = value;
				logit += Float.isNaN(value) ? 0.3 : value * ((f % 2 == 0) ? 0.05 : -0.04) * (1 + f % 3);
			}
			labels[r] = (random.nextDouble() < 1 / (1 + Math.exp(-logit))) ? 1 : 0;
		}
		DMatrix train = new DMatrix(data, rows, features.length, Float.NaN);
		try {
			train.setLabel(labels);
			Booster booster = XGBoost.train(train,
					Map.of("objective", "binary:logistic", "max_depth", 4, "eta", 0.3, "nthread", 1), 30, Map.of(),
					null, null);
			try {
				booster.setFeatureNames(features);
				String format = file.toString().endsWith(".ubj") ? "ubj" : "json";
				try (OutputStream out = Files.newOutputStream(file)) {
					booster.saveModel(out, format);
				}
				return file;
			}
			finally {
				booster.dispose();
			}
		}
		finally {
			train.dispose();
		}
	}

}
