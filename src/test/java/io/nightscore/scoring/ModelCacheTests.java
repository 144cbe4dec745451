package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.nightscore.ContractException;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model loaded while Spring starts and handed to the cache is the one the run's first
 * load gets (waiting for it if need be), fails that load as its own load failed, and is
 * loaded from the file after all when the warm-up never got to it or loaded it for
 * another engine.
 */
class ModelCacheTests {

	private static final String MODEL = "sample-data/churn-model.json";

	@Test
	void theFirstLoadTakesTheAdoptedModelOnceItHasLoaded() throws Exception {
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			CompletableFuture<ScoringModel> loading = new CompletableFuture<>();
			AtomicInteger claimed = new AtomicInteger();
			cache.adopt(MODEL, "v1", ScoringEngineChoice.AUTO, loading, claimed::incrementAndGet);
			ScoringModel preloaded = ScoringModel.load(Path.of(MODEL), "v1");

			CompletableFuture<ScoringModel> first = CompletableFuture.supplyAsync(() -> cache.load(MODEL, "v1"));
			Thread.sleep(100);
			assertThat(first).isNotDone();
			assertThat(claimed).hasValue(0);
			loading.complete(preloaded);

			assertThat(first.get()).isSameAs(preloaded);
			assertThat(cache.load(MODEL, "v1")).isSameAs(preloaded);
			// the load's kept log lines are written once, when the run takes the model
			assertThat(claimed).hasValue(1);
		}
	}

	@Test
	void theFirstLoadFailsAsTheAdoptedLoadFailed() {
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			ContractException refused = new ContractException("Model sample-data/churn-model.json is refused");
			cache.adopt(MODEL, "v1", ScoringEngineChoice.AUTO, CompletableFuture.failedFuture(refused), () -> {
			});

			assertThatThrownBy(() -> cache.load(MODEL, "v1")).isSameAs(refused);
		}
	}

	@Test
	void aModelNobodyLoadedIsLoadedFromItsFile() {
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.AUTO)) {
			cache.adopt(MODEL, "v1", ScoringEngineChoice.AUTO, CompletableFuture.completedFuture(null), () -> {
			});

			ScoringModel model = cache.load(MODEL, "v1");

			assertThat(model.version()).isEqualTo("v1");
			assertThat(model.engine().name()).isEqualTo("compiled");
		}
	}

	@Test
	void aModelLoadedForAnotherEngineOrVersionIsNotTaken() {
		try (ModelCache cache = new ModelCache(ScoringEngineChoice.XGBOOST)) {
			ScoringModel compiled = ScoringModel.load(Path.of(MODEL), "v1");
			cache.adopt(MODEL, "v1", ScoringEngineChoice.AUTO, CompletableFuture.completedFuture(compiled), () -> {
			});
			ScoringModel otherVersion = ScoringModel.load(Path.of(MODEL), "v2", ScoringEngineChoice.XGBOOST);
			cache.adopt(MODEL, "v2", ScoringEngineChoice.XGBOOST, CompletableFuture.completedFuture(otherVersion),
					() -> {
					});

			ScoringModel model = cache.load(MODEL, "v1");

			assertThat(model).isNotSameAs(compiled);
			assertThat(model.engine().name()).isEqualTo("xgboost");
		}
	}

}
