package io.nightscore.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --wait-for-input} (or {@code NIGHTSCORE_WAIT_FOR_INPUT}): nightscore checks for
 * the input and its marker, logging a line per check, and scores once they appear; when
 * the wait passes it exits 4 saying how long it waited; a typo is not waited for.
 */
@JobIntegrationTest
class WaitForInputIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void waitsWithALogLinePerCheckUntilTheFilesAndTheMarkerAppearThenScores() throws Exception {
		Path input = this.dir.resolve("2026-11-22");
		ChurnInputs staged = ChurnInputs.generate(this.dir.resolve("staging"), 2000, 2, 5);
		try (NightscoreProcess process = NightscoreProcess.start(this.dir.resolve("logs"),
				NightscoreProcess.environment("nightscore-wait"), "score", "--input", input.toString(), "--model",
				ChurnInputs.MODEL.toAbsolutePath().toString(), "--scoring-date", "2026-11-22", "--require-marker",
				"_SUCCESS", "--wait-for-input", "30s")) {
			awaitLog(process, "Waiting for input, check 1: Input " + input + " does not exist (yet)");
			Files.move(staged.directory(), input);
			awaitLog(process, "has no _SUCCESS marker in " + input);
			Files.writeString(input.resolve("_SUCCESS"), "");

			Result result = process.await(Duration.ofMinutes(3));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.err()).contains("; next check in 1s, giving up at ")
				.containsPattern("Input " + input + " is ready after \\d+ checks: 2 file\\(s\\)");
		}
		Predictions.assertPublishedExactlyOnce(1, staged.expected());
	}

	@Test
	void givesUpWithExitCode4WhenTheWaitPasses() {
		Path input = this.dir.resolve("2026-11-22");

		Result result = Nightscore.run(Map.of("NIGHTSCORE_WAIT_FOR_INPUT", "PT1S"), "score", "--input",
				input.toString(), "--model", ChurnInputs.MODEL.toString(), "--scoring-date", "2026-11-22");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.err().lines()).as(result.toString())
			.containsExactly("Input " + input + " does not exist (yet): is the upstream export finished? Retry later"
					+ " or check --input (gave up after waiting 1s for it)");
		assertThat(Predictions.committed()).isZero();
	}

	@Test
	void aTypoIsNotWaitedFor() {
		Path input = this.dir.resolve("featurs/2026-11-22");

		Result result = Nightscore.run("score", "--input", input.toString(), "--model", ChurnInputs.MODEL.toString(),
				"--wait-for-input", "2h");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines()).as(result.toString())
			.containsExactly("Input " + input + " does not exist, and neither does its parent "
					+ this.dir.resolve("featurs") + ": this is most likely a typo in --input; check the path");
	}

	private static void awaitLog(NightscoreProcess process, String text) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!process.err().contains(text)) {
			assertThat(process.isAlive()).as("nightscore still waiting: " + process.err()).isTrue();
			assertThat(System.nanoTime()).as("log line '" + text + "' within 2 minutes").isLessThan(deadline);
			Thread.sleep(200);
		}
	}

}
