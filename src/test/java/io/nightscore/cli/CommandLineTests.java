package io.nightscore.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line without a database: help, usage errors (exit 2, before anything
 * starts) and the environment-variable equivalents of the options.
 */
class CommandLineTests {

	@Test
	void helpListsEveryOptionAndTheExitCodes() {
		Result result = Nightscore.run("score", "--help");

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("--input", "--model", "--scoring-date", "--model-version", "--id-column",
				"--chunk-size", "--threads", "--rerun", "--max-reject-rate", "--allow-empty", "--require-marker",
				"NIGHTSCORE_CHUNK_SIZE", "Exit codes");
	}

	@Test
	void missingInputIsBadUsage() {
		Result result = Nightscore.run("score", "--model", "m.json");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err()).contains("Missing required option: '--input=PATH|URI'");
	}

	@Test
	void malformedDateIsBadUsage() {
		Result result = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date", "22.11.2026");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err()).contains("--scoring-date");
	}

	@Test
	void rejectRateOutsideZeroToOneIsBadUsage() {
		Result result = Nightscore.run(Map.of("NIGHTSCORE_INPUT", "in", "NIGHTSCORE_MODEL", "m.json"), "score",
				"--max-reject-rate", "5");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err()).contains("--max-reject-rate must be between 0 and 1");
	}

	@Test
	void anUnknownLogFormatIsBadUsageFromTheCommandLineAndTheEnvironment() {
		Result option = Nightscore.run("prune", "--log-format", "xml");
		Result environment = Nightscore.run(Map.of("NIGHTSCORE_LOG_FORMAT", "yaml"), "resume", "1");

		assertThat(option.exitCode()).as(option.toString()).isEqualTo(ExitCode.CONTRACT);
		assertThat(option.err()).startsWith("--log-format must be text, json, ecs or logstash, not xml")
			.contains("Usage: nightscore prune")
			.doesNotContain("restartable");
		assertThat(environment.exitCode()).as(environment.toString()).isEqualTo(ExitCode.CONTRACT);
		assertThat(environment.err()).startsWith("--log-format must be text, json, ecs or logstash, not yaml");
	}

	@Test
	void everyCommandThatStartsSpringTakesTheLogFormat() {
		for (String[] command : new String[][] { { "publish", "1" }, { "unpublish", "1" }, { "reject", "1" },
				{ "checks", "1" }, { "report", "1" }, { "model", "add", "--model", "m.json", "--version", "v1" },
				{ "model", "list" }, { "model", "show", "v1" }, { "worker" }, { "serve", "--model", "m.json" } }) {
			String[] arguments = Stream.concat(Arrays.stream(command), Stream.of("--log-format", "xml"))
				.toArray(String[]::new);

			Result result = Nightscore.run(arguments);

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.CONTRACT);
			assertThat(result.err()).as(String.join(" ", command))
				.startsWith("--log-format must be text, json, ecs or logstash, not xml");
		}
	}

	@Test
	void environmentVariablesSetOptionsAndTheCommandLineWins() {
		Result fromEnvironment = Nightscore
			.run(Map.of("NIGHTSCORE_INPUT", "in", "NIGHTSCORE_MODEL", "m.json", "NIGHTSCORE_CHUNK_SIZE", "0"), "score");
		Result overridden = Nightscore.run(Map.of("NIGHTSCORE_CHUNK_SIZE", "7"), "score", "--input", "in", "--model",
				"m.json", "--chunk-size", "-3");

		assertThat(fromEnvironment.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(fromEnvironment.err()).contains("--chunk-size must be at least 1, not 0");
		assertThat(overridden.err()).contains("--chunk-size must be at least 1, not -3");
		assertThat(EnvironmentDefaultProvider.variableFor("--max-reject-rate")).isEqualTo("NIGHTSCORE_MAX_REJECT_RATE");
	}

	@Test
	void noCommandIsBadUsage() {
		assertThat(Nightscore.run().exitCode()).isEqualTo(ExitCode.CONTRACT);
	}

	@Test
	void helpMarksInputAsRequiredAndTheEnvironmentSatisfiesIt() {
		Result help = Nightscore.run("score", "--help");
		Result fromEnvironment = Nightscore.run(Map.of("NIGHTSCORE_INPUT", "in", "NIGHTSCORE_MODEL", "m.json"), "score",
				"--chunk-size", "0");

		assertThat(help.out())
			.contains(" --input=PATH|URI", "--model=FILE|URI", "Required (or NIGHTSCORE_INPUT)",
					"Required (or NIGHTSCORE_MODEL) unless", "130 on SIGINT (Ctrl-C), 143 on SIGTERM")
			.doesNotContain("[--input=");
		assertThat(fromEnvironment.err()).startsWith("--chunk-size must be at least 1, not 0");
	}

	@Test
	void anImpossibleScoringDateIsBadUsageInPlainWords() {
		Result month = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date", "2026-13-40");
		Result day = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date", "2026-02-30");

		assertThat(month.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(month.err().lines().findFirst()).hasValue(
				"Invalid value for option '--scoring-date': '2026-13-40' is not a date: there is no month 13 (use YYYY-MM-DD, e.g. 2026-11-22)");
		assertThat(month.err()).doesNotContain("Exception", "MonthOfYear").contains("Usage: nightscore score");
		assertThat(day.err()).contains("'2026-02-30' is not a date: 2026-02 has days 1 to 28");
	}

	@Test
	void aNegativeRunsLimitIsBadUsageBeforeTheDatabaseIsTouched() {
		Result result = Nightscore.run(Map.of(), "runs", "--limit", "-1");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.out()).isEmpty();
		assertThat(result.err().lines().findFirst()).hasValue("--limit must be at least 1, not -1");
	}

	@Test
	void anOptionTooLongForItsColumnIsBadUsageBeforeAnythingStarts() {
		Result version = Nightscore.run("score", "--input", "in", "--model", "m.json", "--model-version",
				"v".repeat(2500));
		Result input = Nightscore.run("score", "--input", "/data/" + "x".repeat(2500), "--model", "m.json");

		assertThat(version.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(version.err().lines().findFirst())
			.hasValue("--model-version is 2500 characters long; at most 200 are allowed");
		assertThat(input.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(input.err()).startsWith("--input is 2506 characters long; at most 2500 are allowed");
	}

	@Test
	void aMissingModelFileIsReportedInOneLineBeforeSpringStarts(@TempDir Path dir) {
		Result result = Nightscore.run("score", "--input", "sample-data/customers", "--model",
				dir.resolve("churn.json").toString());

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err().lines())
			.containsExactly("Model file " + dir.resolve("churn.json") + " does not exist: check --model");
	}

	@Test
	void aMissingLocalInputIsNotReadyInOneLineBeforeSpringStarts(@TempDir Path dir) {
		Result result = Nightscore.run("score", "--input", dir.resolve("2026-11-22").toString(), "--model",
				"sample-data/churn-model.json");

		assertThat(result.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
		assertThat(result.err().lines()).containsExactly("Input " + dir.resolve("2026-11-22")
				+ " does not exist (yet): is the upstream export finished? Retry later or check --input");
	}

}
