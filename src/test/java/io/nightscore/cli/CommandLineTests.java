package io.nightscore.cli;

import java.util.Map;

import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import org.junit.jupiter.api.Test;

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
				"--chunk-size", "--threads", "--max-id-length", "--rerun", "--max-reject-rate", "--allow-empty",
				"--require-marker", "NIGHTSCORE_CHUNK_SIZE", "Exit codes");
	}

	@Test
	void missingInputIsBadUsage() {
		Result result = Nightscore.run("score", "--model", "m.json");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err()).contains("Missing --input (or NIGHTSCORE_INPUT)");
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
	void maximumIdLengthBeyondWhatPostgreSqlCanIndexIsBadUsage() {
		Result result = Nightscore.run(Map.of("NIGHTSCORE_MAX_ID_LENGTH", "4000"), "score", "--input", "in", "--model",
				"m.json");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err()).contains("--max-id-length must be between 1 and 600 (longer ids cannot be indexed by"
				+ " PostgreSQL), not 4000");
	}

	@Test
	void noCommandIsBadUsage() {
		assertThat(Nightscore.run().exitCode()).isEqualTo(ExitCode.CONTRACT);
	}

}
