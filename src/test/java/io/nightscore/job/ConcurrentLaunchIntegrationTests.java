package io.nightscore.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.nightscore.support.Backends;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two launches at once, as a CronJob retry overlapping a manual run: the second refuses
 * at once with exit code 3 and writes nothing, and the first finishes undisturbed.
 */
@JobIntegrationTest
class ConcurrentLaunchIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void secondLaunchRefusesAtOnceAndWritesNothing(@TempDir Path dir, @TempDir Path logs) throws Exception {
		ChurnInputs input = ChurnInputs.generate(dir, 4000, 2, 23);
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "2");
		String applicationName = "nightscore-it-" + UUID.randomUUID();
		// the first launch waits in the middle of the chunk holding row 1700 of a file
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 1700");
		try (NightscoreProcess first = NightscoreProcess.start(logs, NightscoreProcess.environment(applicationName),
				command)) {
			first.awaitWhileRunning("the first launch to score", Duration.ofMinutes(2),
					() -> !Backends.sleeping(applicationName).isEmpty());
			String before = metadata();

			long started = System.nanoTime();
			Result second = Nightscore.run(command);
			Result otherDate = Nightscore.run(input.score("--scoring-date", "2026-11-08"));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(first.isAlive()).as("the first launch, still scoring").isTrue();
			assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
			assertThat(second.err().strip())
				.isEqualTo("Another nightscore run is in progress (it holds the run lock); nothing was done."
						+ " Wait for it to finish, then run this command again");
			assertThat(second.out()).isEmpty();
			assertThat(otherDate.exitCode()).as(otherDate.toString()).isEqualTo(3);
			assertThat(took).as("two refusals, Spring start-up included").isLessThan(Duration.ofSeconds(20));
			assertThat(metadata()).as("job instances, executions and runs").isEqualTo(before);

			HeldWrite.release();
			Result finished = first.await(Duration.ofMinutes(2));

			assertThat(finished.exitCode()).as(finished.toString()).isZero();
		}
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(metadata()).isEqualTo("instances=1 executions=1 runs=1");
	}

	@Test
	void aRunThatLostItsLockCannotWriteOnceAnotherLaunchTookItOver(@TempDir Path dir, @TempDir Path logs)
			throws Exception {
		ChurnInputs input = ChurnInputs.generate(dir, 4000, 2, 47);
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "2");
		String first = "nightscore-it-" + UUID.randomUUID();
		String second = "nightscore-it-" + UUID.randomUUID();
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 1700");
		try (NightscoreProcess zombie = NightscoreProcess.start(logs, NightscoreProcess.environment(first), command)) {
			zombie.awaitWhileRunning("the first launch to score", Duration.ofMinutes(2),
					() -> !Backends.sleeping(first).isEmpty());
			assertThat(Backends.terminateRunLock(first)).as("run lock connections cut").isEqualTo(1);
			try (NightscoreProcess successor = NightscoreProcess.start(logs, NightscoreProcess.environment(second),
					command)) {
				successor.awaitWhileRunning("the second launch to take the run over", Duration.ofMinutes(2),
						() -> !Backends.sleeping(second).isEmpty());

				HeldWrite.release();
				Result refused = zombie.await(Duration.ofMinutes(2));
				Result finished = successor.await(Duration.ofMinutes(2));

				assertThat(finished.exitCode()).as(finished.toString()).isZero();
				assertThat(finished.err()).contains("was left STARTED by a process that is gone");
				assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
				assertThat(refused.err()).as(refused.toString())
					.contains("Run 1 failed: another attempt took this run over")
					.doesNotContain("\tat ");
			}
		}
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("SELECT status FROM scoring_run", String.class)).isEqualTo("PUBLISHED");
	}

	private String metadata() {
		return this.jdbc.queryForObject("""
				SELECT format('instances=%s executions=%s runs=%s', (SELECT count(*) FROM batch_job_instance),
				       (SELECT count(*) FROM batch_job_execution), (SELECT count(*) FROM scoring_run))""",
				String.class);
	}

}
