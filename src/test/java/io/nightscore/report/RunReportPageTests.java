package io.nightscore.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import io.nightscore.report.RunReport.Count;
import io.nightscore.report.RunReport.Importance;
import io.nightscore.report.RunReport.Run;
import io.nightscore.report.RunReport.ScoreDistributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's page from hostile strings: feature names and reject reasons as the
 * database holds them, rendered without a database.
 */
class RunReportPageTests {

	@TempDir
	Path dir;

	@Test
	void aLongLabelShortenedInsideAnEmojiStillWritesAsUtf8() throws Exception {
		// a bar's label is cut after 33 characters: here between the emoji's two
		String feature = "a".repeat(32) + "\uD83D\uDE00_days";
		String reason = "feature '" + feature + "' holds NaN";
		RunReport report = report(List.of(new Count(reason, 3)), List.of(new Importance(feature, 0.5, 100)));

		String html = RunReportPage.render(report, "now");
		Path written = Files.writeString(this.dir.resolve("run-1.html"), html, StandardCharsets.UTF_8);

		assertThat(Files.readString(written)).contains("a".repeat(32) + "\uD83D\uDE00…", reason);
	}

	private static RunReport report(List<Count> rejects, List<Importance> importances) {
		Run run = new Run(1, LocalDate.of(2026, 11, 22), 0, "PUBLISHED", true, "v1", 100L, 3L,
				"2026-11-22 20:00:00 UTC", "2026-11-22 20:01:00 UTC", null, 0L);
		return new RunReport(run, new ScoreDistributions(RunReportRepository.SCORE_BINS, null, null, null, null),
				List.of(), null, null, rejects, importances);
	}

}
