package io.nightscore.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.nightscore.support.Backends;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as Kubernetes sends when it stops the pod: the run stops at its next chunk
 * boundary, says so, exits with 143 and is left {@code STOPPED}; the same command then
 * finishes it, every customer exactly once.
 */
@JobIntegrationTest
class GracefulStopIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	final String applicationName = "nightscore-it-" + UUID.randomUUID();

	@Test
	void sigtermStopsAtAChunkBoundaryAndTheSameCommandFinishesTheRunOnce(@TempDir Path logs) {
		ChurnInputs input = ChurnInputs.recovery();
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "150", "--threads", "2");
		Result stopped;
		try (NightscoreProcess child = NightscoreProcess.start(logs, environment(), command)) {
			child.awaitWhileRunning("a quarter of the predictions", Duration.ofMinutes(2),
					() -> Predictions.committed() >= input.rows() / 4);

			child.terminate();
			stopped = child.await(Duration.ofMinutes(1));
		}

		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
		assertThat(stopped.err()).contains("Stop requested (SIGTERM): stopping run 1 at the next chunk boundary")
			.contains("Run 1 stopped at a chunk boundary; run the same command again to resume it")
			.doesNotContain("\tat ");
		assertThat(this.jdbc.queryForObject("SELECT status FROM batch_job_execution", String.class))
			.isEqualTo("STOPPED");
		assertThat(this.jdbc.queryForList(
				"SELECT status FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'", String.class))
			.containsOnly("STOPPED");
		assertThat(this.jdbc.queryForObject("SELECT status FROM scoring_run", String.class)).isEqualTo("STOPPED");
		long committed = Predictions.committed();
		assertThat(committed).isBetween(input.rows() / 4, input.rows() - 1);
		assertThat(this.jdbc.queryForObject(
				"SELECT sum(write_count) FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'",
				Long.class))
			.as("rows the stopped partitions recorded as written: all committed, none half-way")
			.isEqualTo(committed);

		Result resumed = NightscoreProcess.run(logs, environment(), command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(read_count) FROM batch_step_execution
				WHERE job_execution_id = 2 AND step_name LIKE 'scorePartition:%'""", Long.class))
			.as("rows read by the resumed attempt")
			.isEqualTo(input.rows() - committed);
	}

	@Test
	void sigkillWhileStoppingThenTheSameCommandFinishesTheRunOnce(@TempDir Path dir, @TempDir Path logs)
			throws Exception {
		ChurnInputs input = ChurnInputs.generate(dir, 4000, 2, 13);
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "2");
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 1700");
		try (NightscoreProcess child = NightscoreProcess.start(logs, environment(), command)) {
			child.awaitWhileRunning("a held chunk", Duration.ofMinutes(2),
					() -> !Backends.sleeping(this.applicationName).isEmpty());
			child.terminate();
			child.awaitWhileRunning("the stop request", Duration.ofSeconds(30),
					() -> child.err().contains("Stop requested (SIGTERM)"));

			// the pod's grace period ends before the chunk does: Kubernetes sends SIGKILL
			Result killed = child.kill();

			assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
		}
		Backends.terminateOrphans(this.applicationName);
		HeldWrite.remove();
		assertThat(this.jdbc.queryForList(
				"SELECT status FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'", String.class))
			.as("partitions left behind")
			.contains("STARTED");

		Result resumed = NightscoreProcess.run(logs, environment(), command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		// the SIGTERM may have cancelled the held statement before the SIGKILL: the
		// attempt is then left STARTED rather than with unfinished steps; both recover
		assertThat(resumed.err()).containsAnyOf("step(s) unfinished", "left STARTED by a process that is gone");
		Predictions.assertPublishedExactlyOnce(1, input.expected());
	}

	@Test
	void sigtermWhileStartingSaysSoInOneLine(@TempDir Path dir, @TempDir Path logs) {
		String[] command = { "score", "--input", dir.resolve("not-exported-yet").toString(), "--model",
				ChurnInputs.MODEL.toString(), "--scoring-date", "2026-11-22", "--wait-for-input", "10m" };
		Result stopped;
		try (NightscoreProcess child = NightscoreProcess.start(logs, environment(), command)) {
			child.awaitWhileRunning("the first wait for the input", Duration.ofMinutes(1),
					() -> child.err().contains("Waiting for input, check 1"));

			child.terminate();
			stopped = child.await(Duration.ofSeconds(30));
		}

		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
		assertThat(stopped.err().lines().filter((line) -> !line.isBlank()).reduce((first, second) -> second))
			.as(stopped.toString())
			.hasValue("nightscore: stopped (SIGTERM) while starting, before any run began: nothing was written; run the"
					+ " same command again");
	}

	private Map<String, String> environment() {
		return NightscoreProcess.environment(this.applicationName);
	}

}
