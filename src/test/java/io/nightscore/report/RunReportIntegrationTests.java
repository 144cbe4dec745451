package io.nightscore.report;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.Chromium;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.Fifos;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run report end to end: two weeks scored, the second with duplicate customers and
 * {@code --report-dir}; the report is one self-contained file that a real headless
 * browser renders into charts, and sections without recorded data say so.
 */
@JobIntegrationTest
class RunReportIntegrationTests {

	@TempDir
	Path dir;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void scoreWithReportDirWritesASelfContainedReportThatABrowserRendersIntoCharts() throws Exception {
		ChurnInputs lastWeek = ChurnInputs.generate(this.dir.resolve("w1"), 1_500, 1, 1);
		assertThat(Nightscore.run(lastWeek.score("--scoring-date", "2026-11-15", "--shap-sample", "200")).exitCode())
			.isZero();
		ChurnInputs thisWeek = ChurnInputs.generate(this.dir.resolve("w2"), 1_500, 2, 2);
		new ChurnDataGenerator(2).writeParquetFile(this.dir.resolve("w2/zz-resent.parquet"), 0, 15,
				ChurnDataGenerator.ONE_ROW_GROUP_SIZE);
		Path reports = this.dir.resolve("reports");

		Result scored = Nightscore.run(thisWeek.score("--scoring-date", "2026-11-22", "--shap-sample", "200",
				"--max-reject-rate", "0.05", "--report-dir", reports.toString()));

		assertThat(scored.exitCode()).as(scored.toString()).isZero();
		Path report = reports.resolve("run-2.html");
		assertThat(scored.out()).contains("Wrote the report of run 2 to " + report);
		String html = Files.readString(report);
		assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("<script");
		assertThat(html).contains("Run 2 · scoring date 2026-11-22", "previous published run (1)",
				"Training reference: not recorded", "PSI vs previous run",
				"customer id occurs 2 times in the input; every copy is rejected", "This run was not held.");

		String dom = Chromium.dumpDom(report);
		assertThat(count(dom, "<svg class=\"chart\""))
			.as("score, weeks, rejects, SHAP and four drifting features' charts")
			.isEqualTo(8);
		assertThat(count(dom, "<rect ")).isGreaterThan(40);
		assertThat(dom).contains("<title>Mean |SHAP| per feature</title>", "<title>Band shares per week</title>");

		Path png = Chromium.screenshot(report, this.dir.resolve("report.png"), 820, 1800);
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(820);
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 3) {
			for (int x = 0; x < image.getWidth(); x += 3) {
				colours.add(image.getRGB(x, y) & 0xffffff);
			}
		}
		assertThat(colours).as("a rendered page, not a blank one").hasSizeGreaterThan(20);
	}

	@Test
	void reportOfAnUnknownRunSaysSoAndWritesNothing() throws Exception {
		ChurnInputs week = ChurnInputs.generate(this.dir.resolve("w1"), 300, 1, 1);
		assertThat(Nightscore.run(week.score("--scoring-date", "2026-11-15")).exitCode()).isZero();
		Path out = this.dir.resolve("r.html");

		Result result = Nightscore.run("report", "42", "--out", out.toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("There is no run 42: see 'nightscore runs' for the run ids");
		assertThat(out).doesNotExist();
	}

	@Test
	void aReportThatCannotBeWrittenSaysWhyAndNeverFailsTheRun() throws Exception {
		ChurnInputs week = ChurnInputs.generate(this.dir.resolve("w1"), 300, 1, 1);

		Result scored = Nightscore.run(week.score("--scoring-date", "2026-11-15", "--report-dir", "/proc/nope"));
		Result report = Nightscore.run("report", "1", "--out", "/proc/nope/r.html");

		assertThat(scored.exitCode()).as(scored.toString()).isZero();
		assertThat(scored.err()).contains("nightscore: the report of run 1 was not written: Cannot write the report"
				+ " to /proc/nope/run-1.html (/proc/nope: no such file or directory): check that the directory"
				+ " exists or can be made, and is writable; write it later with 'nightscore report 1'");
		assertThat(report.exitCode()).as(report.toString()).isEqualTo(2);
		assertThat(report.err())
			.startsWith("Cannot write the report to /proc/nope/r.html (/proc/nope: no such" + " file or directory)");
	}

	@Test
	void aFifoWhereTheReportGoesIsRefusedInsteadOfHoldingTheRunForever() throws Exception {
		ChurnInputs week = ChurnInputs.generate(this.dir.resolve("w1"), 300, 1, 1);
		Path reports = Files.createDirectories(this.dir.resolve("reports"));
		Path fifo = Fifos.make(reports.resolve("run-1.html"));

		Result scored = Nightscore.run(week.score("--scoring-date", "2026-11-15", "--report-dir", reports.toString()));

		assertThat(scored.exitCode()).as(scored.toString()).isZero();
		assertThat(scored.err().lines()).as(scored.toString())
			.containsExactly("nightscore: the report of run 1 was not written: Cannot write the report to " + fifo
					+ " (it exists and is not a regular file: a directory, FIFO, socket or device): remove it; write it"
					+ " later with 'nightscore report 1'");
		assertThat(Files.isRegularFile(fifo)).as("left alone").isFalse();
	}

	@Test
	void reportOfARunWhoseFeatureWasNullInEveryRowDrawsItsHistogramWithANullBin() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("model.json"), "calls", "tenure");
		Path input = Files.createDirectories(this.dir.resolve("input"));
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < 1_200; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				group.add("calls", (double) (n % 13));
			});
		}
		ParquetFixtures.write(input.resolve("part-0.parquet"),
				"message m { required binary customer_id (STRING); optional double calls; optional double tenure; }",
				rows);
		assertThat(Nightscore
			.run("score", "--input", input.toString(), "--model", model.toString(), "--scoring-date", "2026-11-22")
			.exitCode()).isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT cardinality(edges) FROM run_histogram WHERE run_id = 1 AND name = 'tenure'", Integer.class))
			.as("a feature without a value in the sample its edges were cut from has no edges")
			.isZero();
		Path out = this.dir.resolve("r.html");

		Result result = Nightscore.run("report", "1", "--out", out.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(Files.readString(out)).contains("<title>tenure: this run against the training reference</title>",
				"<title>all values: 0 %</title>", "<title>null: 100 %</title>");
	}

	@Test
	void reportOfARunThatFailedBeforeTheGateDoesNotSayEveryCheckPassed() throws Exception {
		ChurnInputs week = ChurnInputs.generate(this.dir.resolve("w1"), 1_500, 1, 1);
		new ChurnDataGenerator(1).writeParquetFile(this.dir.resolve("w1/zz-resent.parquet"), 0, 30,
				ChurnDataGenerator.ONE_ROW_GROUP_SIZE);
		Result failed = Nightscore.run(week.score("--scoring-date", "2026-11-22"));
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		Path out = this.dir.resolve("r.html");

		Result result = Nightscore.run("report", "1", "--out", out.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(Files.readString(out)).contains("The gate's checks are not recorded for this run")
			.doesNotContain("Every check passed");
	}

	private static int count(String text, String pattern) {
		Matcher matcher = Pattern.compile(Pattern.quote(pattern)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
