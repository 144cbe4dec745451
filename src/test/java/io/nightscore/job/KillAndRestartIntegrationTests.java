package io.nightscore.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.Backends;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the real jar at any moment, then the same command again: the run is
 * recovered (its execution was left {@code STARTED}), resumes from its last committed
 * chunks and publishes every customer exactly once, with the score of an uninterrupted
 * run.
 */
@JobIntegrationTest
class KillAndRestartIntegrationTests {

	static ChurnInputs input;

	@TempDir
	Path logs;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	final String applicationName = "nightscore-it-" + UUID.randomUUID();

	@BeforeAll
	static void generateInput() {
		input = ChurnInputs.recovery();
	}

	@Test
	void killWhileScoringThenTheSameCommandPublishesEveryCustomerOnce() {
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "150", "--threads", "2");
		long killAt = ThreadLocalRandom.current().nextLong(input.rows() / 10, input.rows() * 6 / 10);
		Result killed;
		try (NightscoreProcess child = NightscoreProcess.start(this.logs, environment(), command)) {
			child.awaitWhileRunning(killAt + " committed predictions", Duration.ofMinutes(2),
					() -> Predictions.committed() >= killAt);

			killed = child.kill();
		}

		assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
		long committed = Predictions.committed();
		assertThat(committed).as("predictions committed when killed at %d", killAt).isBetween(killAt, input.rows() - 1);
		assertThat(statuses(1)).as("left behind by the kill").containsOnly("STARTED");

		Result resumed = NightscoreProcess.run(this.logs, environment(), command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.err()).contains("was left STARTED by a process that is gone")
			.contains("Resuming run 1")
			.doesNotContain("\tat ");
		assertThat(resumed.out()).contains("Run 1 for 2026-11-22 completed and is published");
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForList(
				"SELECT status FROM batch_step_execution WHERE job_execution_id = 1 AND step_name LIKE 'scorePartition:%'",
				String.class))
			.as("partitions of the killed attempt, marked by JobOperator.recover")
			.isNotEmpty()
			.containsOnly("FAILED");
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(read_count) FROM batch_step_execution
				WHERE job_execution_id = 2 AND step_name LIKE 'scorePartition:%'""", Long.class))
			.as("rows read by the resumed attempt: exactly those not committed before the kill")
			.isEqualTo(input.rows() - committed);
	}

	@Test
	void killWhileFinalizingThenTheSameCommandRejectsEachDuplicateOnce(@TempDir Path dir) throws Exception {
		ChurnInputs duplicated = duplicatedInput(dir);
		HeldWrite.install("scoring_reject", "INSERT", "NEW.reason LIKE 'customer id occurs%'");

		Result resumed = killWhileHeldThenRunAgain(duplicated.score("--scoring-date", "2026-11-22"));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, withoutDuplicates(duplicated));
		assertThat(this.jdbc.queryForList(
				"SELECT customer_id FROM scoring_reject WHERE run_id = 1 ORDER BY customer_id, file", String.class))
			.as("every copy of each duplicate, rejected once")
			.containsExactly("C00002998", "C00002998", "C00002999", "C00002999", "C00003000", "C00003000");
		assertThat(this.jdbc.queryForMap("SELECT status, rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("status", "PUBLISHED")
			.containsEntry("rows_scored", 3007L)
			.containsEntry("rows_rejected", 6L);
		// the partitions counted the duplicates' scores too: the publish step bins the
		// loaded rows instead
		assertThat(this.jdbc.queryForObject("SELECT rows FROM run_histogram WHERE run_id = 1 AND subject = 'score'",
				Long.class))
			.isEqualTo(3007L);
		Predictions.assertStoredScoreDistributionMatches(1);
	}

	@Test
	void killWhilePublishingThenTheSameCommandPublishesOnce(@TempDir Path dir) throws Exception {
		ChurnInputs small = ChurnInputs.generate(dir, 3000, 1, 5);
		HeldWrite.install("scoring_run", "UPDATE", "NEW.published AND NOT OLD.published");

		Result resumed = killWhileHeldThenRunAgain(small.score("--scoring-date", "2026-11-22"));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, small.expected());
		assertThat(this.jdbc.queryForMap("SELECT status, published, rows_scored FROM scoring_run"))
			.containsEntry("status", "PUBLISHED")
			.containsEntry("published", true)
			.containsEntry("rows_scored", 3000L);
	}

	private Result killWhileHeldThenRunAgain(String[] command) {
		try (NightscoreProcess child = NightscoreProcess.start(this.logs, environment(), command)) {
			child.awaitWhileRunning("the held transaction", Duration.ofMinutes(2),
					() -> !Backends.sleeping(this.applicationName).isEmpty());

			Result killed = child.kill();

			assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
		}
		Backends.terminateOrphans(this.applicationName);
		assertThat(this.jdbc.queryForObject("SELECT published FROM scoring_run", Boolean.class)).isFalse();
		HeldWrite.remove();
		return NightscoreProcess.run(this.logs, environment(), command);
	}

	/**
	 * 3000 customers, and a second file repeating the last three of them before 10 new
	 * ones.
	 */
	private static ChurnInputs duplicatedInput(Path dir) throws Exception {
		ChurnDataGenerator generator = new ChurnDataGenerator(7);
		Path first = dir.resolve("customers-00000.parquet");
		Path second = dir.resolve("customers-00001.parquet");
		generator.writeParquetFile(first, 0, 3000, ChurnInputs.SMALL_ROW_GROUPS);
		generator.writeParquetFile(second, 2997, 13, ChurnInputs.SMALL_ROW_GROUPS);
		List<Path> files = List.of(first, second);
		return new ChurnInputs(dir, files, ReferenceScores.of(ChurnInputs.MODEL, "customer_id", files));
	}

	private static Map<String, Float> withoutDuplicates(ChurnInputs input) {
		Map<String, Float> expected = new java.util.LinkedHashMap<>(input.expected());
		expected.keySet().removeAll(List.of("C00002998", "C00002999", "C00003000"));
		return expected;
	}

	private List<String> statuses(long jobExecutionId) {
		return this.jdbc.queryForList("""
				SELECT status FROM batch_job_execution WHERE job_execution_id = ?
				UNION ALL SELECT status FROM batch_step_execution
				WHERE job_execution_id = ? AND step_name <> 'prepareRun'""", String.class, jobExecutionId,
				jobExecutionId);
	}

	private Map<String, String> environment() {
		return NightscoreProcess.environment(this.applicationName);
	}

}
