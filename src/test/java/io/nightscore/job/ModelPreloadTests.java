package io.nightscore.job;

import java.nio.file.Files;
import java.nio.file.Path;

import io.nightscore.ContractException;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The score command's model, loaded on the warm-up thread, is the model the run's prepare
 * step gets from the cache; a model that failed to load fails the prepare step's load
 * with the load's own error; one the warm-up never loaded is loaded by the prepare step.
 */
class ModelPreloadTests {

	private static final String MODEL = "sample-data/churn-model.json";

	private static final String INPUT = "sample-data/customers";

	@Test
	void theRunGetsTheModelLoadedWhileSpringStarted() {
		ModelPreload preload = preload(MODEL);
		preload.load();
		preload.skip();
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			preload.handTo(cache);
			ScoringModel model = cache.load(MODEL, "v1");

			assertThat(model.version()).isEqualTo("v1");
			assertThat(model.engine().name()).isEqualTo("compiled");
			assertThat(cache.load(MODEL, "v1", (features) -> {
				throw new AssertionError("loaded twice");
			})).isSameAs(model);
			preload.close();
		}
	}

	@Test
	void aModelThatFailedToLoadFailsTheRunsLoadWithItsReason(@TempDir Path dir) throws Exception {
		Path broken = Files.writeString(dir.resolve("broken.json"), "{\"learner\": ");
		ModelPreload preload = preload(broken.toString());
		preload.load();
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			preload.handTo(cache);

			assertThatThrownBy(() -> cache.load(broken.toString(), "v1")).isInstanceOf(ContractException.class)
				.hasMessageContaining("broken.json");
		}
	}

	@Test
	void aModelTheWarmUpNeverGotToIsLoadedByTheRun() {
		ModelPreload preload = preload(MODEL);
		preload.skip();
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			preload.handTo(cache);

			assertThat(cache.load(MODEL, "v1").sha256()).hasSize(64);
		}
	}

	private static ModelPreload preload(String model) {
		return new ModelPreload(model, "v1", "auto", new Configuration(), INPUT, "customer_id", null);
	}

	@Test
	void aModelCheckedWithoutTheInputsRowsIsLoadedAgainByTheRun(@TempDir Path dir) {
		// the input's marker is not there yet: the check had only the model's own probe
		// rows
		ModelPreload preload = new ModelPreload(MODEL, "v1", "auto", new Configuration(), INPUT, "customer_id",
				"_NOT_YET");
		preload.load();
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			preload.handTo(cache);
			boolean[] inputAsked = { false };

			cache.load(MODEL, "v1", (features) -> {
				inputAsked[0] = true;
				return new float[0];
			});

			assertThat(inputAsked[0]).as("the run's own load asked for the input's rows").isTrue();
		}
	}

}
