package io.nightscore.scoring.xgboost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.nightscore.scoring.Explainer;
import io.nightscore.support.TinyModels;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class XGBoostExplainerTests {

	private static final String[] FEATURES = { "tenure", "calls", "minutes", "plan", "region" };

	@TempDir
	Path dir;

	@Test
	void contributionsPlusBiasEqualEachRowsMargin() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("m.json"), FEATURES);
		byte[] bytes = Files.readAllBytes(model);
		int rows = 500;
		float[] features = randomRows(rows, new Random(3));
		float[][] margins = margins(bytes, features, rows);
		try (XGBoostEngine engine = XGBoostEngine.load(model, bytes, null).engine();
				Explainer explainer = engine.newExplainer()) {
			float[] contributions = explainer.contributions(features, rows);
			assertThat(contributions).hasSize(rows * (FEATURES.length + 1));
			for (int row = 0; row < rows; row++) {
				double sum = 0;
				for (int column = 0; column <= FEATURES.length; column++) {
					sum += contributions[row * (FEATURES.length + 1) + column];
				}
				assertThat(sum).as("row %d", row).isCloseTo(margins[row][0], within(1e-4));
			}
		}
	}

	@Test
	void aMissingFeatureIsExplainedAsMissingNotAsZero() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("m.json"), FEATURES);
		byte[] bytes = Files.readAllBytes(model);
		float[] missing = { Float.NaN, 1, 2, 3, 4 };
		float[] zero = { 0, 1, 2, 3, 4 };
		try (XGBoostEngine engine = XGBoostEngine.load(model, bytes, null).engine();
				Explainer explainer = engine.newExplainer()) {
			double missingSum = sum(explainer.contributions(missing, 1));
			double zeroSum = sum(explainer.contributions(zero, 1));
			assertThat(missingSum).isCloseTo(margins(bytes, missing, 1)[0][0], within(1e-4));
			assertThat(zeroSum).isCloseTo(margins(bytes, zero, 1)[0][0], within(1e-4));
		}
	}

	@Test
	void aClosedExplainersBoosterServesTheNextExplainer() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("m.json"), FEATURES);
		byte[] bytes = Files.readAllBytes(model);
		float[] row = randomRows(1, new Random(5));
		try (XGBoostEngine engine = XGBoostEngine.load(model, bytes, null).engine()) {
			float[] first;
			try (Explainer explainer = engine.newExplainer()) {
				first = explainer.contributions(row, 1);
			}
			try (Explainer explainer = engine.newExplainer()) {
				assertThat(explainer.contributions(row, 1)).containsExactly(first);
			}
		}
	}

	static float[] randomRows(int rows, Random random) {
		float[] features = new float[rows * FEATURES.length];
		for (int i = 0; i < features.length; i++) {
			features[i] = (random.nextInt(15) == 0) ? Float.NaN : (float) (random.nextGaussian() * 10);
		}
		return features;
	}

	private static double sum(float[] values) {
		double sum = 0;
		for (float value : values) {
			sum += value;
		}
		return sum;
	}

	private static float[][] margins(byte[] model, float[] features, int rows) throws Exception {
		Booster booster = XGBoost.loadModel(model);
		try {
			return booster.inplace_predict(features, rows, FEATURES.length, Float.NaN, new int[] { 0, 0 },
					Booster.PredictionType.kMargin, null);
		}
		finally {
			booster.dispose();
		}
	}

}
