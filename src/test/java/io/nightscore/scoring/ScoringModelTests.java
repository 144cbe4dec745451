package io.nightscore.scoring;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nightscore.ContractException;
import io.nightscore.support.TinyModels;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Loading and checking models, and scoring a chunk, without Spring or a database.
 */
class ScoringModelTests {

	static final Path PYTHON_17_MODEL = Path.of("src/test/resources/models/python-xgboost-1.7-stump.json");

	@TempDir
	Path dir;

	@Test
	void modelSavedByPythonXgboost17ScoresAsItsTreesSay() {
		// given two stumps: tenure_months < 12 → -0.4 else 0.3 (missing → left);
		// support_calls < 3 → -0.2
		// else 0.5 (missing → right), base score 0.5 (margin 0)
		ScoringModel model = ScoringModel.load(PYTHON_17_MODEL, "py17");

		float[] rows = { 5, 1, 20, 7, Float.NaN, Float.NaN };
		float[] scores;
		try (Scorer scorer = model.newScorer()) {
			scores = scorer.score(rows, 3);
		}

		assertThat(model.featureNames()).containsExactly("tenure_months", "support_calls");
		assertThat(model.objective()).isEqualTo("binary:logistic");
		assertThat(model.numTrees()).isEqualTo(2);
		assertThat(model.version()).isEqualTo("py17");
		assertThat(scores[0]).isCloseTo(sigmoid(-0.4 - 0.2), within(1e-6f));
		assertThat(scores[1]).isCloseTo(sigmoid(0.3 + 0.5), within(1e-6f));
		assertThat(scores[2]).isCloseTo(sigmoid(-0.4 + 0.5), within(1e-6f));
	}

	@Test
	void jsonAndUbjOfTheSameModelScoreAlike() throws Exception {
		String[] features = { "a", "b", "c" };
		ScoringModel json = ScoringModel.load(TinyModels.train(this.dir.resolve("m.json"), features), null);
		ScoringModel ubj = ScoringModel.load(TinyModels.train(this.dir.resolve("m.ubj"), features), null);
		float[] rows = { 1, -2, 3, Float.NaN, 0, 7, -9, 4, Float.NaN };

		try (Scorer fromJson = json.newScorer(); Scorer fromUbj = ubj.newScorer()) {
			assertThat(fromUbj.score(rows, 3)).containsExactly(fromJson.score(rows, 3));
		}
		assertThat(ubj.featureNames()).containsExactly(features);
		assertThat(json.version()).startsWith("sha256-").hasSize("sha256-".length() + 12);
		assertThat(json.sha256()).isNotEqualTo(ubj.sha256());
	}

	@Test
	void scorersHeldAtOnceAndScorersMadeAfterOthersClosedScoreAlike() throws Exception {
		ScoringModel model = ScoringModel.load(TinyModels.train(this.dir.resolve("m.json"), "a", "b"), null);
		float[] rows = { 1, -2, Float.NaN, 5, 3, 3 };
		float[] expected;
		try (Scorer first = model.newScorer(); Scorer second = model.newScorer()) {
			expected = first.score(rows, 3);
			assertThat(second.score(rows, 3)).containsExactly(expected);
			first.close();
		}

		try (Scorer reused = model.newScorer()) {
			assertThat(reused.score(rows, 3)).containsExactly(expected);
		}
		model.close();
		try (Scorer afterClose = model.newScorer()) {
			assertThat(afterClose.score(rows, 3)).containsExactly(expected);
		}
	}

	@Test
	void modelWithoutFeatureNamesIsRefusedWithAReason() throws Exception {
		Booster booster = XGBoost.loadModel(Files.readAllBytes(PYTHON_17_MODEL));
		Path unnamed = this.dir.resolve("unnamed.json");
		try {
			booster.setFeatureNames(new String[0]);
			try (OutputStream out = Files.newOutputStream(unnamed)) {
				booster.saveModel(out, "json");
			}
		}
		finally {
			booster.dispose();
		}

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> ScoringModel.load(unnamed, null))
			.withMessageContaining("unnamed.json")
			.withMessageContaining("has no feature names");
	}

	@Test
	void fileThatIsNotAModelIsRefusedWithAReason() throws Exception {
		Path garbage = Files.writeString(this.dir.resolve("model.json"), "this is not a model");

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> ScoringModel.load(garbage, null))
			.withMessageContaining("model.json")
			.withMessageContaining("is not an XGBoost JSON or UBJ model");
	}

	@Test
	void missingModelFileSaysSo() {
		assertThatExceptionOfType(ContractException.class)
			.isThrownBy(() -> ScoringModel.load(this.dir.resolve("nope.json"), null))
			.withMessageContaining("does not exist");
	}

	private static float sigmoid(double margin) {
		return (float) (1 / (1 + Math.exp(-margin)));
	}

}
