package io.nightscore.job;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.nightscore.support.Backends;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Readers and other sessions never block a run, and a run never blocks readers: a
 * reader's idle open transaction on {@code customer_scores} neither stalls the run nor
 * queues later readers behind it; the read-only role cannot take the run lock; a lock
 * held on {@code scoring_run} makes publish give up after bounded retries naming the
 * session that holds it; and SIGTERM cancels a publish waiting for that lock.
 */
@JobIntegrationTest
class ReadersAndLocksIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	static Path dir;

	@TempDir
	Path logs;

	static ChurnInputs input;

	/**
	 * The schema after the first run was published, made once by a real run and restored
	 * before every other test.
	 */
	static Path firstRunPublished;

	@BeforeAll
	static void generateInput() throws Exception {
		input = ChurnInputs.generate(dir.resolve("customers"), 3000, 2, 31);
	}

	@BeforeEach
	void publishAFirstRun() {
		if (firstRunPublished != null) {
			TestDatabase.restore(firstRunPublished);
			return;
		}
		Result first = Nightscore.run(input.score("--scoring-date", "2026-11-15", "--threads", "1"));
		assertThat(first.exitCode()).as(first.toString()).isZero();
		firstRunPublished = TestDatabase.dump(dir.resolve("first-run-published.sql"));
	}

	@Test
	void aReadersIdleTransactionBlocksNeitherTheRunNorOtherReaders() throws Exception {
		try (Connection idle = reader("marketing-idle")) {
			idle.setAutoCommit(false);
			try (Statement statement = idle.createStatement()) {
				statement.executeQuery("SELECT count(*) FROM customer_scores").close();
			}

			Result second = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--threads", "1"));

			assertThat(second.exitCode()).as(second.toString()).isZero();
			try (Connection later = reader("marketing-later"); Statement statement = later.createStatement()) {
				statement.execute("SET statement_timeout = '5s'");
				var result = statement.executeQuery("SELECT count(*), min(run_id) FROM customer_scores");
				result.next();
				assertThat(result.getLong(1)).isEqualTo(input.rows());
				assertThat(result.getLong(2)).isEqualTo(2);
			}
			idle.rollback();
		}
	}

	@Test
	void theReadOnlyRoleCannotTakeTheRunLock() throws Exception {
		try (Connection reader = reader("marketing-locker"); Statement statement = reader.createStatement()) {
			// what made every run exit 3 before: harmless now
			statement.execute("SELECT pg_advisory_lock(1853055858, hashtext('" + TestDatabase.SCHEMA + "'))");
			reader.setAutoCommit(false);
			assertThatThrownBy(() -> statement.execute("SELECT id FROM run_lock FOR UPDATE NOWAIT"))
				.hasMessageContaining("permission denied");
			// the failed transaction stays open, holding whatever it could take

			Result second = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--threads", "1"));

			assertThat(second.exitCode()).as(second.toString()).isZero();
			assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
				.containsExactly(2L);
			reader.rollback();
		}
	}

	@Test
	void publishGivesUpAfterBoundedRetriesNamingTheSessionThatHoldsTheLock() throws Exception {
		String child = "nightscore-it-" + UUID.randomUUID();
		// no explanations or SHAP sample: their tables reference scoring_run, so their
		// chunk writes would wait for the lock this test takes on it before publish
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 700");
		try (Connection blocker = TestDatabase.dataSource().getConnection();
				NightscoreProcess run = NightscoreProcess.start(this.logs, environment(child, "1s"),
						input.score("--scoring-date", "2026-11-22", "--threads", "1", "--explain-top", "0",
								"--shap-sample", "0"))) {
			run.awaitWhileRunning("the run to score", Duration.ofMinutes(2), () -> !Backends.sleeping(child).isEmpty());
			int blockerPid = lockScoringRun(blocker, "marketing-psql");
			HeldWrite.release();
			run.awaitWhileRunning("publish to try a third time", Duration.ofMinutes(2),
					() -> run.err().contains("trying again (3 of 3)"));
			// the third attempt's timeout (1 s) passes before the lock is released
			Thread.sleep(3000);
			blocker.rollback();
			Result failed = run.await(Duration.ofMinutes(1));

			assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
			assertThat(failed.err().lines()).as(failed.toString())
				.contains("Run 2 failed: publishing run 2 waited 3 times 1 s for a lock on scoring_run held by session "
						+ blockerPid + " (user postgres, application 'marketing-psql', AccessExclusiveLock): end that"
						+ " session's transaction (readers must not hold locks beyond a query), then run the same"
						+ " command again");
		}
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		HeldWrite.remove();
		Result resumed = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--threads", "1"));
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(2L);
	}

	@Test
	void sigtermCancelsAPublishWaitingForALock() throws Exception {
		String child = "nightscore-it-" + UUID.randomUUID();
		// no explanations or SHAP sample: their tables reference scoring_run, so their
		// chunk writes would wait for the lock this test takes on it before publish
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 700");
		try (Connection blocker = TestDatabase.dataSource().getConnection();
				NightscoreProcess run = NightscoreProcess.start(this.logs, environment(child, "10m"),
						input.score("--scoring-date", "2026-11-22", "--threads", "1", "--explain-top", "0",
								"--shap-sample", "0"))) {
			run.awaitWhileRunning("the run to score", Duration.ofMinutes(2), () -> !Backends.sleeping(child).isEmpty());
			lockScoringRun(blocker, "marketing-psql");
			HeldWrite.release();
			run.awaitWhileRunning("publish to wait for the lock", Duration
				.ofMinutes(2), () -> this.jdbc.queryForObject("""
						SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'
						AND query LIKE 'UPDATE scoring_run SET %'""", Long.class, child) > 0);

			run.terminate();
			Result stopped = run.await(Duration.ofSeconds(60));
			assertThat(this.jdbc.queryForObject("""
					SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'
					AND query LIKE 'UPDATE scoring_run SET %'""", Long.class, child))
				.as("the server session no longer waits to publish")
				.isZero();
			blocker.rollback();

			assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(143);
			assertThat(stopped.err().lines()).as(stopped.toString())
				.contains("Run 2 stopped: Stop requested (SIGTERM) while publishing run 2 waited for a lock; the"
						+ " statement was cancelled and nothing of it was committed. Run the same command again to"
						+ " resume")
				.noneMatch((line) -> line.contains("did not stop"));
		}
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		HeldWrite.remove();
		Result resumed = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--threads", "1"));
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(2L);
	}

	/** A session as {@code nightscore_reader}, named {@code applicationName}. */
	private static Connection reader(String applicationName) throws SQLException {
		Connection connection = TestDatabase.dataSource().getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET application_name = '" + applicationName + "'");
			statement.execute("SET ROLE nightscore_reader");
		}
		return connection;
	}

	/** Lock {@code scoring_run} in an open transaction; returns the session's pid. */
	private static int lockScoringRun(Connection blocker, String applicationName) throws SQLException {
		try (Statement statement = blocker.createStatement()) {
			statement.execute("SET application_name = '" + applicationName + "'");
			blocker.setAutoCommit(false);
			statement.execute("LOCK TABLE scoring_run IN ACCESS EXCLUSIVE MODE");
			var pid = statement.executeQuery("SELECT pg_backend_pid()");
			pid.next();
			return pid.getInt(1);
		}
	}

	private static Map<String, String> environment(String applicationName, String lockTimeout) {
		Map<String, String> environment = new HashMap<>(NightscoreProcess.environment(applicationName));
		environment.put("NIGHTSCORE_DATABASE_LOCK_TIMEOUT", lockTimeout);
		return environment;
	}

}
