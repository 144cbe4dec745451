package io.nightscore.cli;

import java.time.LocalDate;

import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad values of the checks' and the registry's options: one line, exit 2, no database.
 */
class TrustOptionsTests {

	@Test
	void aScoringDateLaterThanTomorrowIsRefusedUnlessAllowed() {
		LocalDate later = LocalDate.now().plusDays(2);

		Result result = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date",
				later.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err())
			.startsWith("--scoring-date " + later + " is later than tomorrow (" + LocalDate.now().plusDays(1)
					+ " in time zone ")
			.contains("Check the date, or pass --allow-future-date");
	}

	@Test
	void aScoringDateBefore1900IsRefusedAsATypo() {
		Result yearZero = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date", "0000-01-01");
		Result lostDigit = Nightscore.run("score", "--input", "in", "--model", "m.json", "--scoring-date", "0026-11-22",
				"--allow-future-date");

		assertThat(yearZero.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(yearZero.err()).startsWith("--scoring-date 0000-01-01 is before 1900-01-01: that is a typo");
		assertThat(lostDigit.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(lostDigit.err()).startsWith("--scoring-date 0026-11-22 is before 1900-01-01");
	}

	@Test
	void thresholdsOutOfRangeAreRefusedNamingTheOption() {
		assertThat(score("--psi-hold", "-1").err()).startsWith("--psi-warn and --psi-hold must be at least 0");
		assertThat(score("--psi-warn", "0.5", "--psi-hold", "0.3").err())
			.startsWith("--psi-warn (0.5) must not exceed --psi-hold (0.3)");
		assertThat(score("--high-band-change-hold", "2").err())
			.startsWith("--high-band-change-hold must be between 0 and 1, not 2.0");
		assertThat(score("--max-input-age-days", "-3").err())
			.startsWith("--max-input-age-days must be at least 0, not -3.0");
		assertThat(score("--model-sha256", "abc").err())
			.startsWith("--model-sha256 must be 64 hexadecimal digits, not 'abc'");
		assertThat(score("--psi-hold", "x").exitCode()).isEqualTo(ExitCode.CONTRACT);
	}

	@Test
	void scoringNeedsAModelFileOrARegisteredVersion() {
		Result result = Nightscore.run("score", "--input", "in");

		assertThat(result.exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(result.err())
			.startsWith("Missing --model (or NIGHTSCORE_MODEL), or --model-version of a registered model");
	}

	@Test
	void reviewCommandsNeedARunId() {
		assertThat(Nightscore.run("publish", "--note", "x").exitCode()).isEqualTo(ExitCode.CONTRACT);
		assertThat(Nightscore.run("unpublish", "abc").err()).contains("RUN_ID");
	}

	private static Result score(String... options) {
		String[] head = { "score", "--input", "in", "--model", "m.json" };
		String[] all = java.util.Arrays.copyOf(head, head.length + options.length);
		System.arraycopy(options, 0, all, head.length, options.length);
		Result result = Nightscore.run(all);
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.CONTRACT);
		return result;
	}

}
