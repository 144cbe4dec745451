package io.nightscore.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Pushgateway;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's monitoring sees of a run: the metrics a real Pushgateway exposes
 * after a completed and after a failed run, progress lines, JSON log lines, and no
 * password or secret-bearing URL in any log line or table, in either format.
 */
@JobIntegrationTest
class MetricsAndLogsIntegrationTests {

	static final String GATEWAY_PASSWORD = "pgw-s3cret-7731";

	static final String DB_PASSWORD = "db-s3cret-4402";

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	Pushgateway gateway;

	@BeforeEach
	void startPushgateway() {
		this.gateway = Pushgateway.start();
	}

	@AfterEach
	void stopPushgateway() {
		this.gateway.close();
	}

	@Test
	void everyRunPushesItsOutcomeAndFiguresAndNoSecretIsLoggedOrStored(@TempDir Path dir, @TempDir Path logs)
			throws Exception {
		ChurnInputs input = ChurnInputs.generate(dir.resolve("input"), 6000, 2, 5);
		Map<String, String> environment = environment();
		environment.put("NIGHTSCORE_LOG_FORMAT", "json");
		environment.put("NIGHTSCORE_PROGRESS_INTERVAL", "100ms");

		// a chunk of each file waits, mid-run, until a progress line is out: the run's
		// scoring is otherwise over before the reporter's first look
		HeldWrite.install("prediction", "INSERT", "NEW.source_row = 1700");
		Result completed;
		try (NightscoreProcess run = NightscoreProcess.start(logs, environment,
				input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "2"))) {
			run.awaitWhileRunning("a progress line", Duration.ofMinutes(1),
					() -> run.err().contains(" of 6,000 rows ("));
			HeldWrite.release();
			completed = run.await(Duration.ofMinutes(3));
		}

		assertThat(completed.exitCode()).as(completed.toString()).isZero();
		assertThat(completed.out()).contains("Run 1 for 2026-11-22 completed and is published: 6000 rows scored");
		List<JsonNode> lines = jsonLines(completed.err());
		assertThat(lines).extracting((line) -> line.path("log").path("level").asString()).contains("INFO");
		assertThat(lines).extracting((line) -> line.path("message").asString())
			.anyMatch((message) -> message.matches("Run 1: [\\d,]+ of 6,000 rows \\(.*%\\), .* rows/s, .*"))
			.anyMatch((message) -> message.startsWith("Run 1 scores: p10 "))
			.anyMatch((message) -> message
				.equals("Pushed the run's metrics to the Pushgateway " + this.gateway.url() + " (job nightscore)"));
		assertThat(this.gateway.value("nightscore_run_outcome", "outcome=\"completed\"")).contains(1.0);
		assertThat(this.gateway.value("nightscore_run_outcome", "outcome=\"failed\"")).contains(0.0);
		assertThat(this.gateway.value("nightscore_run_id")).contains(1.0);
		assertThat(this.gateway.value("nightscore_run_rows_scored")).contains(6000.0);
		assertThat(this.gateway.value("nightscore_run_rows_rejected")).contains(0.0);
		assertThat(this.gateway.value("nightscore_run_reject_rate")).contains(0.0);
		assertThat(this.gateway.value("nightscore_run_attempts")).contains(1.0);
		assertThat(this.gateway.value("nightscore_run_risk_band", "band=\"high\"").orElseThrow()
				+ this.gateway.value("nightscore_run_risk_band", "band=\"medium\"").orElseThrow()
				+ this.gateway.value("nightscore_run_risk_band", "band=\"low\"").orElseThrow())
			.isEqualTo(6000.0);
		assertThat(this.gateway.value("nightscore_last_published_timestamp_seconds").orElseThrow()).isEqualTo(
				this.jdbc.queryForObject("SELECT extract(epoch FROM published_at) FROM scoring_run", Double.class),
				org.assertj.core.data.Offset.offset(0.01));
		assertThat(this.gateway.value("spring_batch_job_seconds_count", "spring_batch_job_status=\"COMPLETED\""))
			.contains(1.0);
		assertThat(this.gateway.value("spring_batch_step_seconds_count", "spring_batch_step_name=\"publishRun\""))
			.contains(1.0);
		assertThat(this.gateway.value("spring_batch_chunk_write_seconds_count")).isPresent();

		environment.remove("NIGHTSCORE_LOG_FORMAT");
		// an input directory without Parquet files: the run starts, and its prepare step
		// finds the input not ready (a path that does not exist at all is answered before
		// any run starts, and pushes nothing)
		Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty-week"));
		Result failed = NightscoreProcess.run(logs, environment, "score", "--input", empty.toString(), "--model",
				ChurnInputs.MODEL.toString(), "--scoring-date", "2026-11-23");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
		assertThat(failed.err()).doesNotStartWith("{").contains("Pushed the run's metrics");
		assertThat(this.gateway.value("nightscore_run_outcome", "outcome=\"input_not_ready\"")).contains(1.0);
		assertThat(this.gateway.value("nightscore_run_outcome", "outcome=\"completed\"")).contains(0.0);
		assertThat(this.gateway.value("nightscore_run_id")).contains(2.0);

		Result runs = Nightscore.run("runs");
		Result show = Nightscore.run("runs", "show", "1", "--json");
		for (String secret : List.of(GATEWAY_PASSWORD, DB_PASSWORD, "ops:")) {
			assertThat(completed.out() + completed.err() + failed.out() + failed.err() + runs.out() + show.out())
				.as("output and logs")
				.doesNotContain(secret);
			assertThat(everyTableAsText()).as("tables").noneMatch((row) -> row.contains(secret));
		}
	}

	private Map<String, String> environment() {
		Map<String, String> environment = NightscoreProcess.environment("nightscore-it-" + UUID.randomUUID());
		environment.put("NIGHTSCORE_PUSHGATEWAY_URL", this.gateway.urlWithCredentials("ops", GATEWAY_PASSWORD));
		// trust authentication ignores it, but nightscore must never show it
		environment.put("SPRING_DATASOURCE_PASSWORD", DB_PASSWORD);
		return environment;
	}

	private List<JsonNode> jsonLines(String err) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : err.split("\n")) {
			if (!line.isBlank()) {
				assertThat(line).as("a log line").startsWith("{");
				lines.add(JsonMapper.shared().readTree(line));
			}
		}
		return lines;
	}

	private List<String> everyTableAsText() {
		List<String> rows = new ArrayList<>();
		for (String table : this.jdbc.queryForList(
				"SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
				String.class)) {
			rows.addAll(this.jdbc.queryForList("SELECT t::text FROM " + table + " t", String.class));
		}
		return rows;
	}

}
