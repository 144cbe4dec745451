package io.nightscore.scoring.compiled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import io.nightscore.scoring.xgboost.XGBoostEngine;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The compiled engine's TreeSHAP against XGBoost4J's {@code predictContrib}: every
 * contribution and the bias of every row, on random forests (random shapes, repeated
 * features on a path, default directions, covers, zero-cover leaves, values at
 * thresholds, NaN, ±large) and on the sample model.
 */
class ForestShapTests {

	private static final long TABLES = 64L << 20;

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
	void explainsRandomForestsAsXgboost4j(long seed) throws Exception {
		Random random = new Random(seed);
		byte[] model = RandomForestEquivalenceTests.randomModel(random, 1 + random.nextInt(60), random.nextInt(9));
		int rows = 400;
		float[] features = new float[rows * RandomForestEquivalenceTests.FEATURES];
		for (int i = 0; i < features.length; i++) {
			features[i] = RandomForestEquivalenceTests.value(random);
		}
		assertExplainsAsXgboost4j(model, features, rows, "seed " + seed);
	}

	/** Rows go through the forest in blocks; a partial last block explains alike. */
	@ParameterizedTest
	@ValueSource(ints = { 1, 31, 32, 33 })
	void everyRowCountExplainsAsXgboost4j(int rows) throws Exception {
		Random random = new Random(200 + rows);
		byte[] model = RandomForestEquivalenceTests.randomModel(random, 20, 6);
		float[] features = new float[rows * RandomForestEquivalenceTests.FEATURES];
		for (int i = 0; i < features.length; i++) {
			features[i] = RandomForestEquivalenceTests.value(random);
		}
		assertExplainsAsXgboost4j(model, features, rows, rows + " rows");
	}

	@Test
	void explainsTheSampleModelAsXgboost4j() throws Exception {
		byte[] model = Files.readAllBytes(Path.of("sample-data/churn-model.json"));
		Forest forest = ForestReader.read(Path.of("churn-model.json"), model);
		Random random = new Random(42);
		int rows = 500;
		float[] features = new float[rows * forest.numFeature()];
		for (int i = 0; i < features.length; i++) {
			features[i] = (random.nextInt(12) == 0) ? Float.NaN : (float) (random.nextGaussian() * 40 + 20);
		}
		assertExplainsAsXgboost4j(model, features, rows, "sample model");
	}

	@Test
	void aModelWithoutCoversOrWithTablesTooLargeIsLeftToXgboost4j() throws Exception {
		byte[] model = new String(RandomForestEquivalenceTests.randomModel(new Random(1), 3, 3), StandardCharsets.UTF_8)
			.replaceAll("\"sum_hessian\":\\[[^\\]]*\\],?", "")
			.getBytes(StandardCharsets.UTF_8);

		assertThat(ForestShap.whyNot(ForestReader.read(Path.of("no-covers.json"), model), TABLES))
			.isEqualTo("tree 0 has no sum_hessian (node covers)");
		Forest sample = ForestReader.read(Path.of("churn-model.json"),
				Files.readAllBytes(Path.of("sample-data/churn-model.json")));
		assertThat(ForestShap.whyNot(sample, 1000))
			.matches("its tables need \\d+ KiB, more than 0 KiB \\(a sixteenth of the heap\\)");
	}

	@Test
	void theLoadCheckFindsAForestWhoseCoversDifferFromXgboosts() throws Exception {
		byte[] model = Files.readAllBytes(Path.of("sample-data/churn-model.json"));
		// the covers of tree 0 swapped between the root's children: other weights, other
		// contributions
		String text = new String(model, StandardCharsets.UTF_8);
		Forest forest = ForestReader.read(Path.of("churn-model.json"), model);
		Forest swapped = ForestReader.read(Path.of("swapped.json"), swapCovers(text).getBytes(StandardCharsets.UTF_8));
		try (XGBoostEngine xgboost = XGBoostEngine.load(Path.of("churn-model.json"), model, null).engine();
				Explainer oracle = xgboost.newExplainer()) {
			float[] rows = ExplanationCheck.sample(ProbeRows.build(forest, new float[0], 0), forest.numFeature(), 0);
			assertThat(ExplanationCheck.run(ForestShap.of(forest), oracle, rows).passed()).isTrue();
			ExplanationCheck.Result result = ExplanationCheck.run(ForestShap.of(swapped), oracle, rows);
			assertThat(result.passed()).as(result.toString()).isFalse();
			assertThat(result.toString()).matches("128 rows, max \\|diff\\| [0-9.e-]+ \\(row \\d+, column \\d+\\)");
		}
	}

	/** The model's text with the covers of the first tree's root children swapped. */
	private static String swapCovers(String json) throws Exception {
		ObjectNode root = (ObjectNode) JsonMapper.shared().readTree(json);
		ObjectNode tree = (ObjectNode) root.at("/learner/gradient_booster/model/trees/0");
		ArrayNode covers = (ArrayNode) tree.get("sum_hessian");
		int left = tree.get("left_children").get(0).asInt();
		int right = tree.get("right_children").get(0).asInt();
		float leftCover = covers.get(left).floatValue();
		covers.set(left, covers.get(right).floatValue());
		covers.set(right, leftCover);
		return root.toString();
	}

	private static void assertExplainsAsXgboost4j(byte[] model, float[] features, int rows, String what)
			throws Exception {
		Forest forest = ForestReader.read(Path.of("random.json"), model);
		assertThat(ForestShap.whyNot(forest, TABLES)).as(what).isNull();
		int width = forest.numFeature() + 1;
		float[] actual;
		try (Explainer explainer = ForestShap.of(forest).newExplainer()) {
			actual = explainer.contributions(features, rows);
		}
		Booster booster = XGBoost.loadModel(model);
		DMatrix matrix = new DMatrix(features, rows, forest.numFeature(), Float.NaN);
		try {
			float[][] expected = booster.predictContrib(matrix, 0);
			for (int r = 0; r < rows; r++) {
				for (int c = 0; c < width; c++) {
					assertThat((double) actual[r * width + c]).as("%s, row %d, column %d", what, r, c)
						.isCloseTo(expected[r][c], within(ExplanationCheck.TOLERANCE));
				}
			}
		}
		finally {
			matrix.dispose();
			booster.dispose();
		}
	}

}
