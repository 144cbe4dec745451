package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.Map;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --engine}: the same input scored by the compiled engine and by XGBoost4J gives
 * the reference scores (XGBoost4J's, computed independently) within 1e-6 either way, and
 * each run records the engine that scored it; a bad value is a usage error.
 */
@JobIntegrationTest
class ScoringEngineIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	@Test
	void compiledAndXgboostEnginesPublishTheSameScoresAndRecordWhichScored() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("customers"), 3000, 2, 53);

		Result compiled = Nightscore.run(Map.of("NIGHTSCORE_ENGINE", "compiled"),
				input.score("--scoring-date", "2026-11-15"));
		assertThat(compiled.exitCode()).as(compiled.toString()).isZero();
		long compiledRun = Predictions.onlyRun();
		Predictions.assertPublishedExactlyOnce(compiledRun, input.expected());

		Result xgboost = Nightscore.run(input.score("--scoring-date", "2026-11-15", "--rerun", "--engine", "xgboost"));
		assertThat(xgboost.exitCode()).as(xgboost.toString()).isZero();
		long xgboostRun = this.jdbc.queryForObject("SELECT max(run_id) FROM scoring_run", Long.class);
		assertThat(xgboostRun).isNotEqualTo(compiledRun);
		Predictions.assertPublishedExactlyOnce(xgboostRun, input.expected());

		assertThat(this.jdbc.queryForList("SELECT scoring_engine FROM scoring_run ORDER BY run_id", String.class))
			.containsExactly("compiled", "xgboost");
	}

	@Test
	void unknownEngineIsAUsageError() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("customers"), 10, 1, 3);

		Result result = Nightscore.run(input.score("--engine", "fast"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("--engine must be auto, compiled or xgboost, not 'fast'");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).isZero();
	}

}
