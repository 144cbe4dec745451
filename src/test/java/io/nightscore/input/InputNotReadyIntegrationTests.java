package io.nightscore.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input is not there yet: no directory, no files, no completion marker, or files
 * without rows. Each is exit code 4 (Kubernetes retries) with one line saying what is
 * missing, nothing is recorded, and the same command succeeds once the input is there.
 */
@JobIntegrationTest
class InputNotReadyIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	@Test
	void missingDirectoryIsNotReady() {
		// answered before the application starts: the schema is not even migrated
		TestDatabase.migrate();
		Path input = this.dir.resolve("2026-11-22");

		Result result = score(input);

		assertNotReady(result, "Input " + input + " does not exist (yet): is the upstream export finished? Retry"
				+ " later or check --input");
	}

	@Test
	void directoryWithoutParquetFilesIsNotReady() throws Exception {
		Files.writeString(this.dir.resolve("_temporary"), "");

		Result result = score(this.dir);

		assertNotReady(result,
				"Input " + this.dir + " holds no *.parquet files (yet): is the upstream export finished?");
	}

	@Test
	void absentMarkerIsNotReadyAndTheSameCommandScoresOnceItAppears() throws Exception {
		List<Path> files = new ChurnDataGenerator(31).writeParquet(this.dir, 1000, 2, ChurnInputs.SMALL_ROW_GROUPS);

		Result waiting = score(this.dir, "--require-marker", "_SUCCESS");

		assertNotReady(waiting, "Input " + this.dir + " has no _SUCCESS marker in " + this.dir
				+ " (yet): upstream has not finished writing it; retry later");

		Files.writeString(this.dir.resolve("_SUCCESS"), "");
		Result ready = score(this.dir, "--require-marker", "_SUCCESS");

		assertThat(ready.exitCode()).as(ready.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1,
				io.nightscore.support.ReferenceScores.of(ChurnInputs.MODEL, "customer_id", files));
	}

	@Test
	void filesWithoutRowsAreAnErrorUnlessAllowEmptyIsGiven() throws Exception {
		ParquetFixtures.write(this.dir.resolve("customers-00000.parquet"), ChurnDataGenerator.SCHEMA.toString(),
				List.of());

		Result empty = score(this.dir);

		assertNotReady(empty, "Input " + this.dir + " has 1 file(s) but no rows: an empty week usually means an"
				+ " upstream failure; pass --allow-empty if it is expected");

		Result allowed = score(this.dir, "--allow-empty");

		assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
		assertThat(allowed.out()).contains("completed and is published: 0 rows scored");
		assertThat(this.jdbc.queryForMap("SELECT status, published, rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("status", "PUBLISHED")
			.containsEntry("published", true)
			.containsEntry("rows_scored", 0L)
			.containsEntry("rows_rejected", 0L);
		assertThat(Predictions.committed()).isZero();
	}

	private void assertNotReady(Result result, String message) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.err().lines()).as(result.toString()).containsExactly(message);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).isZero();
		assertThat(Predictions.committed()).isZero();
	}

	private static Result score(Path input, String... options) {
		return Nightscore.run(
				Stream
					.concat(Stream.of("score", "--input", input.toString(), "--model", ChurnInputs.MODEL.toString(),
							"--scoring-date", "2026-11-22"), Stream.of(options))
					.toArray(String[]::new));
	}

}
