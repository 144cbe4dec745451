package io.nightscore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.Predictions;
import io.nightscore.support.Pushgateway;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acting on runs by id and reading their history: {@code stop} from another process,
 * {@code resume} of a {@code --rerun}, {@code abandon}, retention, and {@code runs} /
 * {@code runs show} telling the truth about each.
 */
@JobIntegrationTest
class RunControlIntegrationTests {

	static final String SCHEMA = "message m { optional binary customer_id (STRING); optional double a; optional int32 b; }";

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void aRerunStoppedFromAnotherProcessIsResumedByIdAndEveryMessageNamesThatCommand(@TempDir Path logs)
			throws Exception {
		ChurnInputs input = ChurnInputs.recovery();
		Result first = Nightscore.run(input.score("--scoring-date", "2026-11-22"));
		assertThat(first.exitCode()).as(first.toString()).isZero();
		Result stopped;
		try (Pushgateway gateway = Pushgateway.start()) {
			Map<String, String> environment = NightscoreProcess.environment("nightscore-it-" + UUID.randomUUID());
			environment.put("NIGHTSCORE_PUSHGATEWAY_URL", gateway.url());
			try (NightscoreProcess child = NightscoreProcess.start(logs, environment,
					input.score("--scoring-date", "2026-11-22", "--rerun", "--chunk-size", "200", "--threads", "2"))) {
				child.awaitWhileRunning("run 2's first predictions", Duration.ofMinutes(2), () -> committed(2) >= 2000);

				Result stop = Nightscore.run("stop", "2");

				assertThat(stop.exitCode()).as(stop.toString()).isZero();
				assertThat(stop.out()).contains("Asked run 2 to stop at its next chunk boundary");
				stopped = child.await(Duration.ofMinutes(1));
			}
			assertThat(gateway.value("nightscore_run_outcome", "outcome=\"stopped\"")).contains(1.0);
			assertThat(gateway.value("nightscore_run_id")).contains(2.0);
		}

		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(6);
		assertThat(stopped.err()).contains("Run 2 stopped at a chunk boundary; run 'nightscore resume 2' to resume it")
			.doesNotContain("same command");
		long committed = committed(2);
		JsonNode runs = json(Nightscore.run("runs", "--json"));
		assertThat(runs.get(0).path("run_id").asLong()).isEqualTo(2);
		assertThat(runs.get(0).path("status").asString()).isEqualTo("STOPPED");
		assertThat(runs.get(0).path("rows_committed").asLong()).isEqualTo(committed);
		assertThat(runs.get(0).path("live").asBoolean()).isFalse();
		assertThat(runs.get(1).path("live").asBoolean()).isTrue();
		assertThat(Nightscore.run("runs").out()).containsPattern("(?m)^\\s+2  2026-11-22\\s+1  STOPPED\\s+" + committed)
			.containsPattern("(?m)^\\s+1  2026-11-22\\s+0  PUBLISHED\\s+\\*\\s+40000\\s+40000\\s+0\\s+1 ");
		Result stopAgain = Nightscore.run("stop", "2");
		assertThat(stopAgain.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(stopAgain.err().strip())
			.isEqualTo("Run 2 is not running (its last attempt is STOPPED); nothing to stop");

		Result resumed = Nightscore.run("resume", "2");

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.out()).contains("Run 2 for 2026-11-22 completed and is published: " + (40_000 - committed)
				+ " rows scored by this attempt");
		Predictions.assertPublishedExactlyOnce(2, input.expected());
		JsonNode show = json(Nightscore.run("runs", "show", "2", "--json"));
		assertThat(show.path("status").asString()).isEqualTo("PUBLISHED");
		assertThat(show.path("live").asBoolean()).isTrue();
		assertThat(show.path("attempts").asLong()).isEqualTo(2);
		assertThat(show.path("rows_committed").asLong()).isEqualTo(40_000);
		assertThat(show.path("executions")).extracting((attempt) -> attempt.path("status").asString())
			.containsExactly("STOPPED", "COMPLETED");
		assertThat(show.path("options").path("chunk.size").asString()).isEqualTo("200");
		assertThat(show.path("recorded").path("rerun").asInt()).isEqualTo(1);
		assertThat(show.path("input_snapshot").path("files")).hasSize(2);
		assertThat(Nightscore.run("runs", "show", "2").out()).contains("Run 2: 2026-11-22, rerun 1, PUBLISHED (live")
			.contains("execution 2: STOPPED")
			.contains("execution 3: COMPLETED");
		assertThat(json(Nightscore.run("runs", "--json")).get(1).path("status").asString()).isEqualTo("SUPERSEDED");
	}

	@Test
	void aRunThatFailedInItsFirstStepIsListedAndAbandonFreesItsDateWithoutReusingItsId(@TempDir Path dir)
			throws Exception {
		Path model = TinyModels.train(dir.resolve("model.json"), "a", "b");
		// a directory without Parquet files: the run starts and its first step finds the
		// input not ready (a path that does not exist is answered before any run starts)
		Path input = Files.createDirectories(dir.resolve("input"));

		Result notReady = score(input, model, "--scoring-date", "2026-11-22");

		assertThat(notReady.exitCode()).as(notReady.toString()).isEqualTo(ExitCode.INPUT_NOT_READY);
		JsonNode runs = json(Nightscore.run("runs", "--json"));
		assertThat(runs).hasSize(1);
		assertThat(runs.get(0).path("run_id").asLong()).isEqualTo(1);
		assertThat(runs.get(0).path("status").asString()).isEqualTo("FAILED");
		assertThat(runs.get(0).path("scoring_date").asString()).isEqualTo("2026-11-22");
		assertThat(Nightscore.run("runs", "show", "1").out()).contains("reason: ").contains("holds no *.parquet files");

		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(1000, 30));
		Result tooManyRejects = score(input, model, "--scoring-date", "2026-11-23");
		assertThat(tooManyRejects.exitCode()).as(tooManyRejects.toString()).isEqualTo(ExitCode.TOO_MANY_REJECTS);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = 2", Long.class))
			.isEqualTo(34);

		Object endedAt = attemptEnd(2);
		Result abandoned = Nightscore.run("abandon", "2");

		assertThat(abandoned.exitCode()).as(abandoned.toString()).isZero();
		assertThat(abandoned.out()).contains("Run 2 (2026-11-23, rerun 0) is abandoned");
		assertThat(attemptEnd(2)).as("the attempt ended when it failed, not when it was abandoned").isEqualTo(endedAt);
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('prediction_run_2') IS NULL", Boolean.class)).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = 2", Long.class))
			.isZero();
		assertThat(this.jdbc
			.queryForMap("SELECT status, abandoned_at IS NOT NULL AS closed FROM scoring_run" + " WHERE run_id = 2"))
			.containsEntry("status", "ABANDONED")
			.containsEntry("closed", true);
		assertThat(Nightscore.run("resume", "2").err()).contains("Run 2 was abandoned and cannot be resumed");
		Result again = Nightscore.run("abandon", "2");
		assertThat(again.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(again.err().strip()).isEqualTo("Run 2 is already abandoned; nothing was changed");
		Result noSuchRun = Nightscore.run("abandon", "99");
		assertThat(noSuchRun.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(noSuchRun.err().strip()).isEqualTo("There is no run 99; see 'nightscore runs' for the run ids");

		Result rescored = score(input, model, "--scoring-date", "2026-11-23", "--max-reject-rate", "0.5");

		assertThat(rescored.exitCode()).as(rescored.toString()).isZero();
		assertThat(rescored.out()).contains("Run 3 for 2026-11-23 completed");
		assertThat(this.jdbc.queryForList("SELECT run_id FROM customer_scores GROUP BY run_id", Long.class))
			.containsExactly(3L);
		assertThat(this.jdbc.queryForObject("SELECT rerun FROM scoring_run WHERE run_id = 3", Integer.class))
			.isEqualTo(1);
		Result completedRun = Nightscore.run("abandon", "3");
		assertThat(completedRun.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(completedRun.err()).contains("Run 3 completed and was published");
		assertThat(json(Nightscore.run("runs", "--json")))
			.extracting((run) -> run.path("run_id").asLong() + " " + run.path("status").asString())
			.containsExactly("3 PUBLISHED", "2 ABANDONED", "1 FAILED");
	}

	@Test
	void retentionNeverDropsTheLiveThePreviousPublishedOrAResumableRun(@TempDir Path dir) throws Exception {
		Path model = TinyModels.train(dir.resolve("model.json"), "a", "b");
		Path input = Files.createDirectories(dir.resolve("input"));
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(500, 5));
		for (int run = 1; run <= 3; run++) {
			Result published = score(input, model, "--scoring-date", "2026-11-22", "--rerun", "--max-reject-rate",
					"0.5");
			assertThat(published.exitCode()).as(published.toString()).isZero();
		}
		Result failed = score(input, model, "--scoring-date", "2026-11-22", "--rerun", "--max-reject-rate", "0");
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.TOO_MANY_REJECTS);

		Result pruned = Nightscore.run("prune", "--keep-runs", "0");

		assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
		assertThat(pruned.out().strip()).isEqualTo("Pruned the predictions and rejects of run(s) [1]");
		assertThat(partitions()).containsExactly("prediction_run_2", "prediction_run_3", "prediction_run_4");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM scoring_reject ORDER BY run_id", Long.class))
			.containsExactly(2L, 3L, 4L);
		assertThat(json(Nightscore.run("runs", "--json")))
			.extracting((run) -> run.path("run_id").asLong() + " " + run.path("status").asString() + " "
					+ run.path("pruned").asBoolean())
			.containsExactly("4 FAILED false", "3 PUBLISHED false", "2 SUPERSEDED false", "1 SUPERSEDED true");

		Result fifth = score(input, model, "--scoring-date", "2026-11-22", "--rerun", "--max-reject-rate", "0.5",
				"--keep-runs", "1");

		assertThat(fifth.exitCode()).as(fifth.toString()).isZero();
		assertThat(partitions()).as("the live run 5, the previous published 3, the resumable 4")
			.containsExactly("prediction_run_3", "prediction_run_4", "prediction_run_5");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).as("history stays")
			.isEqualTo(5);
		assertThat(Nightscore.run("prune").out().strip()).isEqualTo("Nothing to prune (keeping the 12 newest runs)");
	}

	private Result score(Path input, Path model, String... options) {
		List<String> args = new ArrayList<>(
				List.of("score", "--input", input.toString(), "--model", model.toString(), "--chunk-size", "200"));
		args.addAll(List.of(options));
		return Nightscore.run(args.toArray(String[]::new));
	}

	private List<String> partitions() {
		return this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
				+ " AND tablename LIKE 'prediction_run_%' ORDER BY tablename", String.class);
	}

	private long committed(long runId) {
		try {
			return this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE run_id = ?", Long.class, runId);
		}
		catch (org.springframework.dao.DataAccessException notYet) {
			return 0;
		}
	}

	private static JsonNode json(Result result) {
		assertThat(result.exitCode()).as(result.toString()).isZero();
		return JsonMapper.shared().readTree(result.out());
	}

	/** {@code count} customers; every {@code rejectEvery}-th has no id. */
	private static List<Consumer<Group>> rows(int count, int rejectEvery) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = i;
			rows.add((group) -> {
				if (n % rejectEvery != 0) {
					group.add("customer_id", "C" + n);
				}
				group.add("a", (n % 13) - 6.5);
				group.add("b", n % 17);
			});
		}
		return rows;
	}

	private Object attemptEnd(long runId) {
		return this.jdbc.queryForObject("SELECT end_time FROM batch_job_execution WHERE job_instance_id = ?",
				Object.class, runId);
	}

}
