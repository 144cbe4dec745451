package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

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
 * each run records the engines that scored it; a bad value is a usage error.
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
	void aRunResumedWithTheOtherEngineRecordsBothInTheOrderTheyScored() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("customers"), 3000, 2, 53);
		String[] options = { "--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "1" };
		TestDatabase.failInsertsOf("C00002200");
		Result failed = Nightscore.run(input.score(with(options, "--engine", "compiled")));
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(Predictions.committed()).as("rows the compiled engine scored").isPositive();
		TestDatabase.stopFailingInserts();

		Result resumed = Nightscore.run(input.score(with(options, "--engine", "xgboost")));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("SELECT scoring_engine FROM scoring_run WHERE run_id = 1", String.class))
			.isEqualTo("compiled, xgboost");
	}

	private static String[] with(String[] options, String... more) {
		return Stream.concat(Arrays.stream(options), Arrays.stream(more)).toArray(String[]::new);
	}

	@Test
	void unknownEngineIsAUsageError() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("customers"), 10, 1, 3);

		Result result = Nightscore.run(input.score("--engine", "fast"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("--engine must be auto, compiled or xgboost, not 'fast'");
		assertThat(Predictions.committed()).isZero();
	}

}
