package io.nightscore.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows that cannot be scored, end to end: a customer id that occurs twice in the input
 * (both copies rejected, the rest published with the partition's unique index) and rows
 * with a null id or a stored infinity, wherever they fall in a chunk.
 */
@JobIntegrationTest
class RejectedRowsIntegrationTests {

	static final String SCHEMA = "message m { optional binary customer_id (STRING); optional double a; optional int32 b; }";

	@TempDir
	Path dir;

	Path model;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeEach
	void trainModel() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), "a", "b");
	}

	@Test
	void customerIdInTwoFilesRejectsBothCopiesAndPublishesTheRest() throws Exception {
		Path input = Files.createDirectories(this.dir.resolve("input"));
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(0, 3000, List.of()));
		ParquetFixtures.write(input.resolve("part-1.parquet"), SCHEMA, rows(3000, 2000, List.of()));
		ParquetFixtures.write(input.resolve("part-2.parquet"), SCHEMA, rows(1234, 1, List.of()));

		Result result = score(input);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForList("SELECT customer_id, file, row_number, reason FROM scoring_reject"))
			.extracting((reject) -> reject.get("customer_id") + " " + reject.get("row_number") + " "
					+ Path.of((String) reject.get("file")).getFileName() + ": " + reject.get("reason"))
			.containsExactlyInAnyOrder(
					"C1234 1235 part-0.parquet: customer id occurs 2 times in the input; every copy is rejected",
					"C1234 1 part-2.parquet: customer id occurs 2 times in the input; every copy is rejected");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(4999);
		assertThat(this.jdbc.queryForMap("SELECT rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("rows_scored", 4999L)
			.containsEntry("rows_rejected", 2L);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%customer_uq'",
				Long.class))
			.isEqualTo(1);
	}

	@Test
	void nullIdsAndStoredInfinitiesAreRejectedWithReasonsAndTheirNeighboursScored() throws Exception {
		Path input = Files.createDirectories(this.dir.resolve("input"));
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(0, 2500, List.of(0, 699, 700, 2499)));

		Result result = score(input);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForList("SELECT row_number, reason FROM scoring_reject ORDER BY row_number"))
			.extracting((reject) -> reject.get("row_number") + ": " + reject.get("reason"))
			.containsExactly("1: customer id is null",
					"700: feature 'a' holds Infinity (not a finite number; a null would have been scored as missing)",
					"701: customer id is null",
					"2500: feature 'a' holds Infinity (not a finite number; a null would have been scored as missing)");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(2496);
		assertThat(this.jdbc.queryForList("SELECT source_row FROM prediction WHERE source_row IN (2, 699, 702, 2499)",
				Long.class))
			.containsExactlyInAnyOrder(2L, 699L, 702L, 2499L);
	}

	@Test
	void aWeekWhoseEveryRowIsRejectedIsNeverPublishedWhateverTheRejectRateAllowed() throws Exception {
		Path good = Files.createDirectories(this.dir.resolve("good"));
		ParquetFixtures.write(good.resolve("part-0.parquet"), SCHEMA, rows(0, 300, List.of()));
		Path allNull = Files.createDirectories(this.dir.resolve("all-null"));
		List<Integer> every = new ArrayList<>();
		for (int i = 0; i < 300; i += 2) {
			every.add(i);
			every.add(i + 1);
		}
		ParquetFixtures.write(allNull.resolve("part-0.parquet"), SCHEMA, rows(0, 300, every));
		assertThat(score(good, "2026-11-15", "0.5").exitCode()).isZero();

		Result result = score(allNull, "2026-11-22", "1");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.err()).contains("Run 2 rejected every one of its 300 rows: not one customer was scored, and"
				+ " publishing it would leave customer_scores empty");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = 2", Long.class))
			.isEqualTo(300);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(300);
		assertThat(this.jdbc.queryForObject("SELECT published FROM scoring_run WHERE run_id = 2", Boolean.class))
			.isFalse();
	}

	@Test
	void aRunThatRejectedTooManyRowsIsNotPublishedByResumingItWithALooserRate() throws Exception {
		Path input = Files.createDirectories(this.dir.resolve("input"));
		// 4 bad rows of 300: 1.33 %, over the default 1 %
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(0, 300, List.of(0, 7, 100, 201)));
		Result failed = score(input, "2026-11-22", "0.01");
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);

		Result resumed = score(input, "2026-11-22", "0.5");

		assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(2);
		assertThat(resumed.err().lines()).singleElement()
			.isEqualTo("Run 1 cannot resume with --max-reject-rate 0.5: it started with --max-reject-rate"
					+ " 0.01, and a run is judged by the thresholds it started with, which its audit trail records."
					+ " Run it again with --max-reject-rate 0.01, or start the date afresh with --rerun");
		assertThat(this.jdbc.queryForObject("SELECT published FROM scoring_run WHERE run_id = 1", Boolean.class))
			.isFalse();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isZero();

		Result rerun = Nightscore.run("score", "--input", input.toString(), "--model", this.model.toString(),
				"--scoring-date", "2026-11-22", "--chunk-size", "700", "--max-reject-rate", "0.5", "--rerun");

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		assertThat(this.jdbc.queryForMap("SELECT run_id, rows_scored, rows_rejected FROM scoring_run WHERE published"))
			.containsEntry("run_id", 2L)
			.containsEntry("rows_scored", 296L)
			.containsEntry("rows_rejected", 4L);
	}

	private Result score(Path input) {
		return score(input, "2026-11-22", "0.5");
	}

	private Result score(Path input, String date, String maxRejectRate) {
		return Nightscore.run("score", "--input", input.toString(), "--model", this.model.toString(), "--scoring-date",
				date, "--chunk-size", "700", "--max-reject-rate", maxRejectRate);
	}

	/**
	 * Customers {@code C<first>} onwards; the rows at the given offsets get a null id
	 * (even offsets) or an infinite feature (odd offsets).
	 */
	private static List<Consumer<Group>> rows(int first, int count, List<Integer> bad) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = first + i;
			boolean nullId = bad.contains(i) && i % 2 == 0;
			boolean infinite = bad.contains(i) && i % 2 == 1;
			rows.add((group) -> {
				if (!nullId) {
					group.add("customer_id", "C" + n);
				}
				group.add("a", infinite ? Double.POSITIVE_INFINITY : (n % 13) - 6.5);
				if (n % 5 != 0) {
					group.add("b", n % 17);
				}
			});
		}
		return rows;
	}

}
