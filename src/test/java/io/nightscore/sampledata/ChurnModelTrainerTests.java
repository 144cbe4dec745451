package io.nightscore.sampledata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChurnModelTrainer}.
 */
class ChurnModelTrainerTests {

	private static final String[] FEATURE_NAMES = ChurnDataGenerator.FEATURE_NAMES.toArray(String[]::new);

	private final ChurnModelTrainer trainer = new ChurnModelTrainer(20, 4, 0.3, 2);

	@TempDir
	Path dir;

	@Test
	void jsonModelReloadsWithTheFeatureNamesAndTypes() throws Exception {
		Path file = this.dir.resolve("model.json");
		TrainingResult result = this.trainer.train(7, 5_000, file);
		assertThat(result.modelFile()).isEqualTo(file);
		assertThat(result.trees()).isEqualTo(20);
		Booster booster = XGBoost.loadModel(Files.readAllBytes(file));
		try {
			assertThat(booster.getFeatureNames()).containsExactly(FEATURE_NAMES);
			assertThat(booster.getFeatureTypes()).containsExactly(ChurnMatrices.featureTypes());
			assertThat(booster.getNumFeature()).isEqualTo(FEATURE_NAMES.length);
		}
		finally {
			booster.dispose();
		}
		JsonNode learner = JsonMapper.builder().build().readTree(file).path("learner");
		assertThat(learner.path("feature_names").valueStream().map(JsonNode::asString)).containsExactly(FEATURE_NAMES);
		assertThat(learner.path("objective").path("name").asString()).isEqualTo("binary:logistic");
	}

	@Test
	void ubjModelIsSavedAsUniversalBinaryJsonAndReloads() throws Exception {
		Path file = this.dir.resolve("model.ubj");
		this.trainer.train(7, 2_000, file);
		byte[] bytes = Files.readAllBytes(file);
		assertThat(bytes[0]).isEqualTo((byte) '{');
		assertThat(bytes[1]).isNotEqualTo((byte) '"');
		Booster booster = XGBoost.loadModel(bytes);
		try {
			assertThat(booster.getFeatureNames()).containsExactly(FEATURE_NAMES);
		}
		finally {
			booster.dispose();
		}
	}

	@Test
	void modelSeparatesChurnersOnTheHoldout() throws Exception {
		TrainingResult result = this.trainer.train(7, 5_000, this.dir.resolve("model.json"));
		assertThat(result.holdout().rows()).isEqualTo(1_000);
		assertThat(result.holdout().auc()).isGreaterThan(0.8);
		assertThat(result.holdout().logLoss()).isLessThan(0.45);
	}

	@Test
	void sameArgumentsSaveTheSameModelWhateverTheThreads() throws Exception {
		new ChurnModelTrainer(10, 4, 0.3, 1).train(7, 2_000, this.dir.resolve("one.json"));
		new ChurnModelTrainer(10, 4, 0.3, 2).train(7, 2_000, this.dir.resolve("two.json"));
		assertThat(Files.readAllBytes(this.dir.resolve("two.json")))
			.isEqualTo(Files.readAllBytes(this.dir.resolve("one.json")));
	}

	@Test
	void rejectsAModelFileThatIsNeitherJsonNorUbj() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.trainer.train(7, 100, this.dir.resolve("model.bin")))
			.withMessageContaining("must end in .json (JSON) or .ubj (UBJSON)");
		assertThat(Arrays.asList(this.dir.toFile().list())).isEmpty();
	}

}
