package io.nightscore.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Bad rows are rejected with a reason and the rest of their chunk is scored: a null or
 * blank customer id, a stored NaN or infinity in a FLOAT or DOUBLE feature (a null is a
 * legitimate missing value and is scored), a customer id that occurs twice (every copy).
 * Too many of them fail the run with exit code 5 and leave the previous run published.
 */
@JobIntegrationTest
class BadRowsIntegrationTests {

	static final String SCHEMA = """
			message customers {
				optional binary customer_id (STRING);
				optional float f_float;
				optional double f_double;
				optional int32 f_int;
			}""";

	static final String NOT_FINITE = " (not a finite number; a null would have been scored as missing)";

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	Path model;

	/** 1000 rows, all in one chunk; the rows numbered here are bad. */
	Path input;

	/** The good rows of {@link #input}, for the reference scores. */
	Path goodRows;

	@BeforeEach
	void writeInput() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), "f_float", "f_double", "f_int");
		List<Consumer<Group>> all = new ArrayList<>();
		List<Consumer<Group>> good = new ArrayList<>();
		for (int row = 1; row <= 1000; row++) {
			Consumer<Group> values = row(row);
			all.add(values);
			if (!List.of(101, 202, 303, 404, 505, 707, 808).contains(row)) {
				good.add(values);
			}
		}
		this.input = ParquetFixtures.write(this.dir.resolve("input/customers.parquet"), SCHEMA, all);
		this.goodRows = ParquetFixtures.write(this.dir.resolve("good/customers.parquet"), SCHEMA, good);
	}

	@Test
	void badRowsAreRejectedWithAReasonAndTheRestOfTheirChunkIsScored() throws Exception {
		Result result = score(this.input, "2026-11-22", "--chunk-size", "5000");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		String file = "file:" + this.input;
		assertThat(this.jdbc.queryForList(
				"SELECT run_id, file, row_number, customer_id, reason FROM scoring_reject ORDER BY row_number"))
			.extracting((row) -> tuple(row.get("run_id"), row.get("file"), row.get("row_number"),
					row.get("customer_id"), row.get("reason")))
			.containsExactly(tuple(1L, file, 101L, null, "customer id is null"),
					tuple(1L, file, 202L, "  ", "customer id is blank"),
					tuple(1L, file, 303L, "R0303", "feature 'f_float' holds NaN" + NOT_FINITE),
					tuple(1L, file, 404L, "R0404", "feature 'f_double' holds Infinity" + NOT_FINITE),
					tuple(1L, file, 505L, "R0505", "feature 'f_float' holds -Infinity" + NOT_FINITE),
					tuple(1L, file, 707L, "DUP", "customer id occurs 2 times in the input; every copy is rejected"),
					tuple(1L, file, 808L, "DUP", "customer id occurs 2 times in the input; every copy is rejected"));
		Map<String, Float> expected = ReferenceScores.of(this.model, "customer_id", List.of(this.goodRows));
		assertThat(expected).hasSize(993).containsKey("R0606");
		Predictions.assertPublishedExactlyOnce(1, expected);
		assertThat(this.jdbc.queryForMap("SELECT rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("rows_scored", 993L)
			.containsEntry("rows_rejected", 7L);
	}

	@Test
	void moreRejectsThanTheMaximumRateFailTheRunAndKeepThePreviousOnePublished() throws Exception {
		assertThat(score(this.goodRows, "2026-11-15").exitCode()).isZero();

		Result result = score(this.input, "2026-11-22", "--max-reject-rate", "0.005");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.err().lines()).containsExactly("Run 2 rejected 7 of 1000 rows (0.70 %), more than"
				+ " --max-reject-rate 0.50 %: see scoring_reject for the reasons, fix the input upstream, then start"
				+ " the date afresh with --rerun");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = 2", Long.class))
			.isEqualTo(7);
		assertThat(this.jdbc.queryForMap("SELECT status, published FROM scoring_run WHERE run_id = 2"))
			.containsEntry("status", "FAILED")
			.containsEntry("published", false);
	}

	/**
	 * Row {@code n} (1-based): id {@code R<n>} and three finite features, except for the
	 * bad rows and row 606, whose {@code f_float} is null.
	 */
	private static Consumer<Group> row(int n) {
		return (group) -> {
			switch (n) {
				case 101 -> {
				}
				case 202 -> group.add("customer_id", "  ");
				case 707, 808 -> group.add("customer_id", "DUP");
				default -> group.add("customer_id", "R%04d".formatted(n));
			}
			float f = (n == 303) ? Float.NaN : (n == 505) ? Float.NEGATIVE_INFINITY : (n % 37) * 0.7f - 10;
			if (n != 606) {
				group.add("f_float", f);
			}
			group.add("f_double", (n == 404) ? Double.POSITIVE_INFINITY : (n % 13) * 1.9 - 12);
			group.add("f_int", n % 23 - 11);
		};
	}

	private Result score(Path input, String date, String... options) {
		List<String> args = new ArrayList<>(List.of("score", "--input", input.toString(), "--model",
				this.model.toString(), "--scoring-date", date));
		args.addAll(List.of(options));
		return Nightscore.run(args.toArray(String[]::new));
	}

}
