package io.nightscore.input;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A customer id cell that cannot be a customer id (too long for the documented maximum,
 * holding a control character, not valid UTF-8, a megabyte long) rejects its own row with
 * its own reason, and every other row of its chunk is scored and published: one bad row
 * never sinks the run.
 */
@JobIntegrationTest
class BadIdsIntegrationTests {

	static final String SCHEMA = """
			message customers {
				optional binary customer_id (STRING);
				optional float f_float;
				optional double f_double;
				optional int32 f_int;
			}""";

	static final String E_ACUTE_300 = "é".repeat(300);

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	Path model;

	@BeforeEach
	void trainModel() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), "f_float", "f_double", "f_int");
	}

	@Test
	void eachBadIdIsRejectedWithItsOwnReasonAndTheRestOfTheChunkIsScored() throws Exception {
		Map<Integer, byte[]> bad = Map.of(11, "L".repeat(4000).getBytes(StandardCharsets.UTF_8), 22,
				"A\u0000B".getBytes(StandardCharsets.UTF_8), 33, new byte[] { 'X', (byte) 0xFF }, 44,
				new byte[] { 'X', (byte) 0xC3, '(' }, 55, E_ACUTE_300.getBytes(StandardCharsets.UTF_8), 66,
				"tab\there".getBytes(StandardCharsets.UTF_8));
		Path input = write("input", 1000, bad, false);
		Path good = write("good", 1000, bad, true);

		Result result = score(input, Map.of());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		String file = "file:" + input;
		assertThat(rejects()).containsExactly(
				tuple(file, 11L, "L".repeat(40) + "…",
						"customer id is 4000 bytes long, more than the maximum of 256 characters (--max-id-length)"),
				tuple(file, 22L, "A\\u0000B", "customer id holds control character U+0000 at character 2"),
				tuple(file, 33L, "X\\xFF", "customer id is not valid UTF-8 (byte 0xFF at byte offset 1)"),
				tuple(file, 44L, "X\\xC3(", "customer id is not valid UTF-8 (byte 0xC3 at byte offset 1)"),
				tuple(file, 55L, "é".repeat(40) + "…",
						"customer id has 300 characters, more than the maximum of 256 (--max-id-length)"),
				tuple(file, 66L, "tab\\u0009here", "customer id holds control character U+0009 at character 4"));
		Map<String, Float> expected = ReferenceScores.of(this.model, "customer_id", List.of(good));
		assertThat(expected).hasSize(994);
		Predictions.assertPublishedExactlyOnce(1, expected);
		assertThat(this.jdbc.queryForMap("SELECT rows_scored, rows_rejected FROM scoring_run"))
			.containsEntry("rows_scored", 994L)
			.containsEntry("rows_rejected", 6L);
	}

	@Test
	void theMaximumIdLengthIsSetFromTheEnvironment() throws Exception {
		Path input = write("input", 200, Map.of(55, E_ACUTE_300.getBytes(StandardCharsets.UTF_8), 77,
				"Z".repeat(301).getBytes(StandardCharsets.UTF_8)), false);

		Result result = score(input, Map.of("NIGHTSCORE_MAX_ID_LENGTH", "300"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(rejects()).extracting((reject) -> reject.toList().get(1), (reject) -> reject.toList().get(3))
			.containsExactly(
					tuple(77L, "customer id has 301 characters, more than the maximum of 300 (--max-id-length)"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores WHERE customer_id = ?", Long.class,
				E_ACUTE_300))
			.isOne();
	}

	@Test
	void twoHundredIdsOfAMegabyteAreRejectedInABoundedHeap() throws Exception {
		List<Integer> huge = new ArrayList<>();
		for (int row = 1; row <= 20_000; row += 100) {
			huge.add(row);
		}
		Map<Integer, byte[]> bad = new java.util.HashMap<>();
		for (int row : huge) {
			byte[] id = new byte[1 << 20];
			java.util.Arrays.fill(id, (byte) 'M');
			System.arraycopy("%05d".formatted(row).getBytes(StandardCharsets.US_ASCII), 0, id, 0, 5);
			bad.put(row, id);
		}
		Path input = write("input", 20_000, bad, false);

		Result result = NightscoreProcess.run(this.dir.resolve("logs"), NightscoreProcess.environment("huge-ids"),
				List.of("-Xmx192m"), "score", "--input", input.toString(), "--model", this.model.toString(),
				"--scoring-date", "2026-11-22", "--threads", "2", "--max-reject-rate", "0.02");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc
			.queryForList("SELECT row_number, customer_id, reason FROM scoring_reject ORDER BY row_number"))
			.hasSize(200)
			.allSatisfy((reject) -> assertThat(reject)
				.containsEntry("customer_id", "%05d".formatted((Long) reject.get("row_number")) + "M".repeat(35) + "…")
				.containsEntry("reason",
						"customer id is 1048576 bytes long, more than the maximum of 256 characters (--max-id-length)"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(19_800);
	}

	private List<org.assertj.core.groups.Tuple> rejects() {
		return this.jdbc
			.queryForList("SELECT file, row_number, customer_id, reason FROM scoring_reject ORDER BY row_number")
			.stream()
			.map((row) -> tuple(row.get("file"), row.get("row_number"), row.get("customer_id"), row.get("reason")))
			.toList();
	}

	/**
	 * {@code rows} rows with ids {@code R<n>}, except that the rows in {@code bad} get
	 * those bytes as their id (or are left out when {@code goodOnly}).
	 */
	private Path write(String name, int rows, Map<Integer, byte[]> bad, boolean goodOnly) throws Exception {
		List<Consumer<Group>> all = new ArrayList<>();
		for (int n = 1; n <= rows; n++) {
			int row = n;
			if (goodOnly && bad.containsKey(row)) {
				continue;
			}
			all.add((group) -> {
				if (bad.containsKey(row)) {
					group.add("customer_id", Binary.fromConstantByteArray(bad.get(row)));
				}
				else {
					group.add("customer_id", "R%05d".formatted(row));
				}
				group.add("f_float", (row % 37) * 0.7f - 10);
				group.add("f_double", (row % 13) * 1.9 - 12);
				group.add("f_int", row % 23 - 11);
			});
		}
		return ParquetFixtures.write(this.dir.resolve(name + "/customers.parquet"), SCHEMA, all, 8L << 20);
	}

	private Result score(Path input, Map<String, String> environment) {
		return Nightscore.run(environment, "score", "--input", input.toString(), "--model", this.model.toString(),
				"--scoring-date", "2026-11-22");
	}

}
