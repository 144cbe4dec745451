package io.nightscore.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.nightscore.support.Backends;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.TcpProxy;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away mid-run, without touching the real server: the child's
 * connections are terminated, or the TCP proxy it reaches the database through is cut.
 * The run fails with one line (no stack traces), and the next attempt completes it
 * exactly once, even when the connection died during a COMMIT whose outcome the job never
 * learned.
 */
@JobIntegrationTest
class DatabaseOutageIntegrationTests {

	static ChurnInputs input;

	@TempDir
	Path logs;

	/**
	 * The child waits 0.4 s rather than 10 s for a connection, so that it gives up on the
	 * unreachable database sooner (each of the few writes that record the failure waits
	 * that long). A JVM option: set as SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT,
	 * Spring Boot 4.1 rebinds it to the already started pool and the run fails at start.
	 */
	static final List<String> FAST_CONNECTION_TIMEOUT = List.of("-Dspring.datasource.hikari.connection-timeout=400");

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	final String applicationName = "nightscore-it-" + UUID.randomUUID();

	@BeforeAll
	static void generateInput() {
		input = ChurnInputs.recovery();
	}

	@Test
	void connectionsCutMidRunFailInOneLineAndTheNextAttemptFinishesTheRunOnce() {
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "150", "--threads", "2");
		Result failed;
		try (NightscoreProcess child = NightscoreProcess.start(this.logs, environment(), command)) {
			child.awaitWhileRunning("a quarter of the predictions", Duration.ofMinutes(2),
					() -> Predictions.committed() >= input.rows() / 4);

			assertThat(Backends.terminate(this.applicationName)).isPositive();
			failed = child.await(Duration.ofMinutes(2));
		}

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertOneLineFailure(failed, "Run 1 failed: the connection to PostgreSQL failed (");
		assertThat(this.jdbc.queryForObject("SELECT published FROM scoring_run", Boolean.class)).isFalse();

		Result resumed = NightscoreProcess.run(this.logs, environment(), command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
	}

	@Test
	void databaseUnreachableMidRunFailsInOneLineAndTheNextAttemptFinishesTheRunOnce() throws Exception {
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "150", "--threads", "2");
		Result failed;
		try (TcpProxy proxy = TcpProxy.toTestDatabase();
				NightscoreProcess child = NightscoreProcess.start(this.logs, throughProxy(proxy),
						FAST_CONNECTION_TIMEOUT, command)) {
			child.awaitWhileRunning("a quarter of the predictions", Duration.ofMinutes(2),
					() -> Predictions.committed() >= input.rows() / 4);

			proxy.cut();
			failed = child.await(Duration.ofMinutes(3));
		}

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertOneLineFailure(failed, "the connection to PostgreSQL failed (");
		Backends.terminateOrphans(this.applicationName);

		Result resumed = NightscoreProcess.run(this.logs, environment(), command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
	}

	@Test
	void rowsOfACommitTheJobNeverSawConfirmedAreScoredAgainExactlyOnce(@TempDir Path dir) throws Exception {
		ChurnInputs small = ChurnInputs.generate(dir, 3000, 1, 19);
		List<String> ids = List.copyOf(small.expected().keySet());
		String[] command = small.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "1");
		failAtCustomer(ids.get(2100));
		assertThat(Nightscore.run(command).exitCode()).isEqualTo(1);
		this.jdbc.execute("DROP FUNCTION fail_at_customer() CASCADE");
		assertThat(Predictions.committed()).as("the first four chunks").isEqualTo(2000);

		// what a COMMIT lost on the wire leaves: its rows are in, the step ended UNKNOWN
		// and its saved position is the previous chunk's
		this.jdbc.batchUpdate(
				"""
						INSERT INTO prediction (run_id, customer_id, score, risk_band, model_version, scored_at, source_file, source_row)
						VALUES (1, ?, 2.0, 'high', 'unconfirmed', now(), 0, ?)""",
				ids.subList(2000, 2500), 500, (statement, id) -> {
					statement.setString(1, id);
					statement.setLong(2, ids.indexOf(id) + 1);
				});
		this.jdbc.update("""
				INSERT INTO scoring_reject (run_id, file, row_number, customer_id, reason)
				SELECT 1, input_snapshot -> 'files' -> 0 ->> 'path', 2201, ?, 'unconfirmed' FROM scoring_run""",
				ids.get(2200));
		this.jdbc.update("UPDATE batch_job_execution SET status = 'UNKNOWN'");
		this.jdbc.update("UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE status = 'FAILED'");

		Result resumed = Nightscore.run(command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, small.expected());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject", Long.class)).isZero();
	}

	private void failAtCustomer(String victim) {
		TestDatabase.migrate();
		this.jdbc.execute("""
				CREATE FUNCTION fail_at_customer() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'injected failure'; END $$""");
		this.jdbc.execute("CREATE TRIGGER fail_at_customer BEFORE INSERT ON prediction FOR EACH ROW WHEN"
				+ " (NEW.customer_id = '" + victim + "') EXECUTE FUNCTION fail_at_customer()");
	}

	/**
	 * The child said what failed in one line, and printed no stack trace nor one warning
	 * per pooled connection.
	 */
	private static void assertOneLineFailure(Result failed, String message) {
		List<String> lines = failed.err().lines().toList();
		assertThat(lines).as(failed.toString())
			.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by"))
			.filteredOn((line) -> line.contains(message))
			.singleElement()
			.asString()
			.contains("run the same command again");
		assertThat(lines).as(failed.toString())
			.filteredOn((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.hasSizeLessThanOrEqualTo(2);
	}

	/**
	 * The child reaches the database through the proxy.
	 */
	private Map<String, String> throughProxy(TcpProxy proxy) {
		return NightscoreProcess.environment(this.applicationName, proxy.port());
	}

	private Map<String, String> environment() {
		return NightscoreProcess.environment(this.applicationName);
	}

}
