package io.nightscore.scoring.compiled;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.TinyModels;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled forest scores as XGBoost4J does, row for row, on real models.
 */
class CompiledForestTests {

	@TempDir
	Path dir;

	@Test
	void pythonStumpsScoreAsXgboost4j() throws Exception {
		assertScoresLikeXgboost4j(Path.of("src/test/resources/models/python-xgboost-1.7-stump.json"));
	}

	@Test
	void tinyModelScoresAsXgboost4j() throws Exception {
		assertScoresLikeXgboost4j(TinyModels.train(this.dir.resolve("m.json"), "a", "b", "c"));
		assertScoresLikeXgboost4j(TinyModels.train(this.dir.resolve("m.ubj"), "a", "b", "c"));
	}

	@Test
	void sampleChurnModelScoresAsXgboost4j() throws Exception {
		assertScoresLikeXgboost4j(ChurnInputs.MODEL);
	}

	static void assertScoresLikeXgboost4j(Path model) throws Exception {
		byte[] bytes = Files.readAllBytes(model);
		Forest forest = ForestReader.read(model, bytes);
		CompiledForest compiled = CompiledForest.compile(forest);
		int n = forest.numFeature();
		float[] rows = ProbeRows.build(forest, new float[0], 0);
		Random random = new Random(5);
		int count = rows.length / n;
		Booster booster = XGBoost.loadModel(bytes);
		try {
			float[][] expected = booster.inplace_predict(rows, count, n, Float.NaN);
			float[] actual = compiled.score(rows, count);
			for (int r = 0; r < count; r++) {
				assertThat((double) actual[r]).as("row %d of %d of %s", r, count, model)
					.isCloseTo(expected[r][0], org.assertj.core.api.Assertions.within(1e-6));
			}
		}
		finally {
			booster.dispose();
		}
	}

}
