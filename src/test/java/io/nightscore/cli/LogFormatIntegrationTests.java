package io.nightscore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line a command logs is in the {@code --log-format} asked for, also what it says
 * of the model before Spring has set logging up: real processes, as a log collector reads
 * them.
 */
@JobIntegrationTest
class LogFormatIntegrationTests {

	private static final Path SAMPLE_INPUT = Path.of("sample-data/customers");

	private static final Path SAMPLE_MODEL = Path.of("sample-data/churn-model.json");

	@Test
	void modelAddLogsTheModelsCheckAsJson(@TempDir Path logs) {
		Result added = NightscoreProcess.run(logs, json(), "model", "add", "--model", SAMPLE_MODEL.toString(),
				"--version", "json-v1");

		assertThat(added.exitCode()).as(added.toString()).isZero();
		assertThat(logLines(added)).as(added.out())
			.anyMatch((line) -> line.contains("scored by the compiled engine"))
			.allMatch((line) -> line.startsWith("{"));
	}

	@Test
	void scoreLogsTheThreadsItsHeapAllowsAsJson(@TempDir Path logs) {
		// four threads' chunks of 200,000 rows do not fit 256 MB: the check lowers the
		// threads before Spring starts
		Result scored = NightscoreProcess.run(logs, json(), List.of("-Xmx256m"), "score", "--input",
				SAMPLE_INPUT.toString(), "--model", SAMPLE_MODEL.toString(), "--scoring-date", "2026-11-20",
				"--threads", "4", "--chunk-size", "200000");

		assertThat(scored.exitCode()).as(scored.toString()).isZero();
		assertThat(logLines(scored)).as(scored.out())
			.anyMatch((line) -> line.contains("threads instead of 4"))
			.anyMatch((line) -> line.contains("scored by the compiled engine"))
			.allMatch((line) -> line.startsWith("{"));
	}

	@Test
	void serveLogsTheModelsCheckAndWhereItServesAsJson(@TempDir Path logs) {
		try (NightscoreProcess server = NightscoreProcess.start(logs, Map.of("NIGHTSCORE_LOG_FORMAT", "json"), "serve",
				"--model", SAMPLE_MODEL.toString(), "--port", "0")) {
			server.awaitWhileRunning("serve to say where it serves", Duration.ofMinutes(3),
					() -> server.err().contains("Serving model"));
			List<String> lines = server.err().lines().filter((line) -> !line.isBlank()).toList();

			assertThat(lines).as(server.err())
				.anyMatch((line) -> line.contains("scored by the compiled engine"))
				.anyMatch((line) -> line.contains("Serving model"))
				.allMatch((line) -> line.startsWith("{"));
			assertThat(String.join("\n", lines).indexOf("scored by the compiled engine"))
				.as("the model's check before the line saying it serves")
				.isLessThan(String.join("\n", lines).indexOf("Serving model"));
		}
	}

	@Test
	void aModelFileNameWithANewlineInItStaysInItsOwnLogLine(@TempDir Path logs) throws Exception {
		Path model = Files.copy(SAMPLE_MODEL, Files.createDirectories(logs.resolve("models"))
			.resolve("churn\n12:00:00.000 ERROR [main] Forged - x.json"));

		Result added = NightscoreProcess.run(logs, NightscoreProcess.environment("log-format"), "model", "add",
				"--model", model.toString(), "--version", "newline-v1");

		assertThat(added.exitCode()).as(added.toString()).isZero();
		assertThat(logLines(added)).as(added.err())
			.anyMatch((line) -> line
				.contains("churn\\n12:00:00.000 ERROR [main] Forged - x.json: scored by the" + " compiled engine"))
			.noneMatch((line) -> line.startsWith("12:00:00.000 ERROR"));
	}

	/** The test schema's environment, and JSON logs. */
	private static Map<String, String> json() {
		Map<String, String> environment = NightscoreProcess.environment("log-format");
		environment.put("NIGHTSCORE_LOG_FORMAT", "json");
		return environment;
	}

	private static List<String> logLines(Result result) {
		return result.err().lines().filter((line) -> !line.isBlank()).toList();
	}

}
