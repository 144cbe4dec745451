package io.nightscore.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The job end to end on {@code sample-data/}: every customer scored once, exactly as the
 * model scores it, published to {@code customer_scores}; a date scored twice, a rerun,
 * and a failed run resumed.
 */
@JobIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ScoreCustomersJobIntegrationTests {

	/** The property that has the finalize step say where its statistics came from. */
	private static final String FINALIZE_DEBUG = "logging.level." + FinalizeRunTasklet.class.getName();

	private static final String FROM_MEMORY = "scores committed in this process";

	static final Path SAMPLE_INPUT = Path.of("sample-data/customers");

	static final Path SAMPLE_MODEL = Path.of("sample-data/churn-model.json");

	static Map<String, Float> expected;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeAll
	static void computeReferenceScores() throws Exception {
		try (Stream<Path> files = Files.list(SAMPLE_INPUT)) {
			List<Path> parquet = files.filter((f) -> f.toString().endsWith(".parquet")).sorted().toList();
			expected = ReferenceScores.of(SAMPLE_MODEL, "customer_id", parquet);
		}
	}

	@Test
	void scoresEveryCustomerOfTheSampleDataOnceWithTheModelsOwnScore(CapturedOutput output) {
		Result result = scoreSayingWhereTheStatisticsCameFrom("--scoring-date", "2026-11-22");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("completed and is published");
		assertThat(expected).hasSizeGreaterThanOrEqualTo(10_000);
		assertScoresMatchReference();
		assertThat(this.jdbc.queryForMap("SELECT status, published, rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("status", "PUBLISHED")
			.containsEntry("published", true)
			.containsEntry("rows_scored", (long) expected.size())
			.containsEntry("rows_rejected", 0L);
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT scoring_date) FROM customer_scores", Integer.class))
			.isEqualTo(1);
		// the first run of a model without a profile: its score edges are the deciles of
		// the model's scores on a sample of its input, known before scoring, so the
		// partitions counted the scores; the stored histogram is what the predictions
		// give
		float[] sampleScores = new float[20_000];
		List<Double> firstRows = this.jdbc.queryForList(
				"SELECT score FROM prediction WHERE run_id = 1 ORDER BY source_file, source_row LIMIT 20000",
				Double.class);
		for (int i = 0; i < sampleScores.length; i++) {
			sampleScores[i] = firstRows.get(i).floatValue();
		}
		Arrays.sort(sampleScores);
		Double[] sampleDeciles = IntStream.rangeClosed(1, 9)
			.mapToObj((i) -> (double) sampleScores[2_000 * i])
			.toArray(Double[]::new);
		assertThat(this.jdbc
			.queryForMap("SELECT edges_from, rows FROM run_histogram WHERE run_id = 1 AND subject = 'score'"))
			.containsEntry("edges_from", "a sample of this run's input (20000 rows)")
			.containsEntry("rows", (long) expected.size());
		Double[] scoreEdges = this.jdbc.queryForObject(
				"SELECT edges FROM run_histogram WHERE run_id = 1 AND subject = 'score'",
				(rs, n) -> (Double[]) rs.getArray(1).getArray());
		assertThat(scoreEdges).as("score edges: deciles of the scores of the input's first 20,000 rows")
			.containsExactly(sampleDeciles);
		Predictions.assertStoredScoreDistributionMatches(1);
		// computed by the finalize step beside its index build, from the scores the
		// partitions committed (every row was scored in this process), and taken from
		// there by the publish step (the job's execution context, Java-serialized)
		assertThat(output).contains("Run 1: statistics from the " + expected.size() + " " + FROM_MEMORY);
		String context = this.jdbc.queryForObject("""
				SELECT coalesce(c.serialized_context, c.short_context) FROM batch_job_execution_context c
				JOIN batch_job_execution e USING (job_execution_id) WHERE e.job_instance_id = 1""", String.class);
		assertThat(new String(Base64.getDecoder().decode(context), StandardCharsets.ISO_8859_1))
			.contains(JobNames.STATISTICS_KEY);
		// the finalize step analysed the run's table: the planner knows its ids are
		// unique and how many rows each risk band holds
		assertThat(this.jdbc.queryForObject(
				"SELECT n_distinct FROM pg_stats WHERE tablename = 'prediction_run_1' AND attname = 'customer_id'"
						+ " AND schemaname = current_schema()",
				Double.class))
			.isEqualTo(-1.0);
		long high = this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE run_id = 1 AND risk_band = 'high'",
				Long.class);
		String plan = this.jdbc.queryForObject(
				"EXPLAIN (FORMAT JSON) SELECT * FROM prediction_run_1 WHERE risk_band = 'high'", String.class);
		long estimated = Long.parseLong(plan.replaceAll("(?s).*\"Plan Rows\": (\\d+).*", "$1"));
		// (a sample's estimate: within a fifth; without statistics it is 0.5 % of the
		// rows)
		assertThat(estimated).as(plan).isCloseTo(high, Percentage.withPercentage(20));
	}

	@Test
	void runsListsTheRunAndTheReaderRoleSeesOnlyTheView() {
		assertThat(score("--scoring-date", "2026-11-22", "--model-version", "churn-v1").exitCode()).isZero();

		Result runs = Nightscore.run("runs");

		assertThat(runs.exitCode()).as(runs.toString()).isZero();
		assertThat(runs.out()).containsPattern("1\\s+2026-11-22\\s+0\\s+PUBLISHED\\s+\\*\\s+" + expected.size() + "\\s+"
				+ expected.size() + "\\s+0\\s+1\\s+[0-9.]+ s\\s+churn-v1");
		this.jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET ROLE nightscore_reader");
				try (var rows = statement.executeQuery("SELECT count(*) FROM customer_scores")) {
					rows.next();
					assertThat(rows.getLong(1)).isEqualTo(expected.size());
				}
				assertThat(org.assertj.core.api.Assertions
					.catchThrowable(() -> statement.executeQuery("SELECT count(*) FROM prediction")))
					.hasMessageContaining("permission denied");
			}
			return null;
		});
	}

	@Test
	void sameDateAgainExitsZeroWithoutWritingAndRerunSwitchesTheView() {
		assertThat(score("--scoring-date", "2026-11-22").exitCode()).isZero();
		long firstRun = latestPublishedRun();

		Result again = score("--scoring-date", "2026-11-22");

		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("already scored");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class)).isEqualTo(expected.size());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).isEqualTo(1);

		Result rerun = score("--scoring-date", "2026-11-22", "--rerun");

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		long secondRun = latestPublishedRun();
		assertThat(secondRun).isNotEqualTo(firstRun);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(secondRun);
		assertThat(this.jdbc.queryForObject("SELECT rerun FROM scoring_run WHERE run_id = ?", Integer.class, secondRun))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class))
			.isEqualTo(2L * expected.size());
		assertScoresMatchReference();
	}

	@Test
	void failedRunResumesFromItsLastCommittedChunkAndWritesEachPredictionOnce(CapturedOutput output) {
		assertThat(score("--scoring-date", "2026-11-15").exitCode()).isZero();
		long previousRun = latestPublishedRun();
		String victim = thirdChunkCustomerOfSecondFile();
		TestDatabase.failInsertsOf(victim);

		Result failed = score("--scoring-date", "2026-11-22", "--chunk-size", "1000");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(failed.err()).contains("injected failure").contains("run the same command again");
		long failedRun = this.jdbc.queryForObject("SELECT max(run_id) FROM scoring_run", Long.class);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE run_id = ?", Long.class, failedRun))
			.isPositive()
			.isLessThan(expected.size());
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(previousRun);

		TestDatabase.stopFailingInserts();
		Result resumed = scoreSayingWhereTheStatisticsCameFrom("--scoring-date", "2026-11-22", "--chunk-size", "1000");

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(latestPublishedRun()).isEqualTo(failedRun);
		assertScoresMatchReference();
		// the resumed attempt scored part of the input: its statistics came from the
		// table, and are the same figures
		assertThat(output).doesNotContain(FROM_MEMORY);
		Predictions.assertStoredScoreDistributionMatches(failedRun);
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) = count(DISTINCT customer_id)
				       AND count(*) = (SELECT count(*) FROM prediction WHERE run_id = ? AND risk_band = 'high')
				FROM prediction_reason WHERE run_id = ?""", Boolean.class, failedRun, failedRun))
			.as("the failed chunk's reasons rolled back with its predictions: one per high customer")
			.isTrue();
		long reread = this.jdbc.queryForObject(
				"""
						SELECT sum(read_count) FROM batch_step_execution s
						JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
						WHERE e.job_instance_id = ? AND s.step_name LIKE 'scorePartition:%'
						AND e.job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?)""",
				Long.class, failedRun, failedRun);
		assertThat(reread).as("rows read by the resumed attempt").isLessThan(expected.size());
	}

	private void assertScoresMatchReference() {
		Map<String, Double> published = new java.util.HashMap<>();
		this.jdbc.query("SELECT customer_id, score FROM customer_scores",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> published.put(rs.getString(1),
						rs.getDouble(2)));
		assertThat(published).hasSameSizeAs(expected);
		assertThat(this.jdbc.queryForObject("SELECT count(*) - count(DISTINCT customer_id) FROM customer_scores",
				Long.class))
			.isZero();
		expected.forEach((id, score) -> assertThat(published.get(id)).as(id).isCloseTo(score, within(1e-6)));
	}

	private String thirdChunkCustomerOfSecondFile() {
		return expected.keySet().stream().skip(expected.size() / 4 + 2500).findFirst().orElseThrow();
	}

	private long latestPublishedRun() {
		return this.jdbc.queryForObject("SELECT DISTINCT run_id FROM customer_scores", Long.class);
	}

	/** {@link #score}, with the finalize step saying where its statistics came from. */
	private static Result scoreSayingWhereTheStatisticsCameFrom(String... options) {
		System.setProperty(FINALIZE_DEBUG, "DEBUG");
		try {
			return score(options);
		}
		finally {
			System.clearProperty(FINALIZE_DEBUG);
		}
	}

	static Result score(String... options) {
		String[] args = Stream
			.concat(Stream.of("score", "--input", SAMPLE_INPUT.toString(), "--model", SAMPLE_MODEL.toString()),
					Stream.of(options))
			.toArray(String[]::new);
		return Nightscore.run(args);
	}

}
