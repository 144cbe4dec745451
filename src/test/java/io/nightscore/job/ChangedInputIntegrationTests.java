package io.nightscore.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input or the model changed between a failed attempt and its restart: resuming would
 * mix two data sets, so the restart refuses (exit 2) and says what changed and that
 * {@code --rerun} starts the date afresh; {@code --rerun} then scores the new input.
 */
@JobIntegrationTest
class ChangedInputIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	/** A change made after the first attempt failed, and how the refusal names it. */
	enum Change {

		FILE_ADDED("added file:%s/customers-00002.parquet") {
			@Override
			void apply(Path input, Path model) throws Exception {
				new ChurnDataGenerator(29).writeParquetFile(input.resolve("customers-00002.parquet"), 3000, 100,
						ChurnInputs.SMALL_ROW_GROUPS);
			}
		},
		FILE_REMOVED("removed file:%s/customers-00001.parquet") {
			@Override
			void apply(Path input, Path model) throws Exception {
				Files.delete(input.resolve("customers-00001.parquet"));
			}
		},
		FILE_RESIZED("file:%s/customers-00001.parquet changed size from ") {
			@Override
			void apply(Path input, Path model) throws Exception {
				new ChurnDataGenerator(29).writeParquetFile(input.resolve("customers-00001.parquet"), 1500, 1400,
						ChurnInputs.SMALL_ROW_GROUPS);
			}
		},
		FILE_MODIFIED("file:%s/customers-00000.parquet was modified at ") {
			@Override
			void apply(Path input, Path model) throws Exception {
				Path file = input.resolve("customers-00000.parquet");
				Files.setLastModifiedTime(file,
						FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
			}
		},
		MODEL_REPLACED("model %2$s has sha256 ") {
			@Override
			void apply(Path input, Path model) throws Exception {
				TinyModels.train(model, ChurnDataGenerator.FEATURE_NAMES.toArray(String[]::new));
			}
		};

		private final String message;

		Change(String message) {
			this.message = message;
		}

		abstract void apply(Path input, Path model) throws Exception;

	}

	@ParameterizedTest
	@EnumSource(Change.class)
	void restartRefusesChangedInputOrModelAndRerunScoresTheNewOne(Change change) throws Exception {
		Path input = this.dir.resolve("customers");
		Path model = Files.copy(ChurnInputs.MODEL, this.dir.resolve("model.json"));
		new ChurnDataGenerator(29).writeParquet(input, 3000, 2, ChurnInputs.SMALL_ROW_GROUPS);
		String[] command = { "score", "--input", input.toString(), "--model", model.toString(), "--scoring-date",
				"2026-11-22", "--chunk-size", "500", "--threads", "1" };
		TestDatabase.failInsertsOf("C00002200");
		Result failed = Nightscore.run(command);
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		TestDatabase.stopFailingInserts();
		long committed = Predictions.committed();
		assertThat(committed).as("predictions of the failed attempt").isPositive().isLessThan(3000);

		change.apply(input, model);
		Result refused = Nightscore.run(command);

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.startsWith("Run 1 cannot resume: its input or model changed since it started (")
			.contains(change.message.formatted(input.toAbsolutePath(), model))
			.endsWith("Resuming would mix two data sets: start the date afresh with --rerun");
		assertThat(Predictions.committed()).as("predictions after the refusal").isEqualTo(committed);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run WHERE published", Long.class)).isZero();

		Result rerun = Nightscore.run(Stream.concat(Stream.of(command), Stream.of("--rerun")).toArray(String[]::new));

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT rerun FROM scoring_run WHERE published", Integer.class))
			.isEqualTo(1);
		try (Stream<Path> files = Files.list(input)) {
			List<Path> parquet = files.sorted().toList();
			Predictions.assertPublishedExactlyOnce(2, ReferenceScores.of(model, "customer_id", parquet));
		}
	}

	@ParameterizedTest
	@CsvSource({ "--id-column, state, customer_id, the same command", "--max-id-length, 5, 256, resume 1" })
	void restartRefusesAnOptionThatReadsTheInputOtherwise(String option, String value, String started,
			String resumeWith) throws Exception {
		Path input = this.dir.resolve("customers");
		new ChurnDataGenerator(29).writeParquet(input, 3000, 2, ChurnInputs.SMALL_ROW_GROUPS);
		String[] command = { "score", "--input", input.toString(), "--model", ChurnInputs.MODEL.toString(),
				"--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads", "1" };
		TestDatabase.failInsertsOf("C00002200");
		assertThat(Nightscore.run(command).exitCode()).isEqualTo(1);
		TestDatabase.stopFailingInserts();
		long committed = Predictions.committed();

		Result refused = Nightscore
			.run(Stream.concat(Stream.of(command), Stream.of(option, value)).toArray(String[]::new));

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.startsWith(
					"Run 1 cannot resume with " + option + " " + value + ": it started with " + option + " " + started)
			.endsWith("or start the date afresh with --rerun");
		assertThat(Predictions.committed()).as("predictions after the refusal").isEqualTo(committed);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject", Long.class)).isZero();

		// 'resume 1' takes the options of the last attempt that got past the prepare
		// step,
		// not the refused attempt's
		Result resumed = Nightscore.run(resumeWith.equals("resume 1") ? new String[] { "resume", "1" } : command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		try (Stream<Path> files = Files.list(input)) {
			Predictions.assertPublishedExactlyOnce(1,
					ReferenceScores.of(ChurnInputs.MODEL, "customer_id", files.sorted().toList()));
		}
		assertThat(this.jdbc.queryForMap("SELECT rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("rows_scored", 3000L)
			.containsEntry("rows_rejected", 0L);
	}

}
