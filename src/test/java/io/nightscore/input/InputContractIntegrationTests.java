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
import static org.assertj.core.api.Assertions.within;

/**
 * The input contract end to end: columns matched by name whatever their order and Parquet
 * type, nulls scored as missing, and a file that breaks the contract refused before
 * anything is written.
 */
@JobIntegrationTest
class InputContractIntegrationTests {

	static final String[] FEATURES = { "f_int32", "f_int64", "f_float", "f_double", "f_bool", "f_dec_int32",
			"f_dec_int64", "f_dec_fixed", "f_int8", "f_uint32" };

	/**
	 * Every numeric type, in another order than the model's, with an integer id and an
	 * ignored column.
	 */
	static final String MIXED_SCHEMA = """
			message customers {
			  optional double f_double;
			  required int64 id;
			  optional binary note (STRING);
			  optional fixed_len_byte_array(6) f_dec_fixed (DECIMAL(12,3));
			  optional boolean f_bool;
			  optional int32 f_uint32 (INTEGER(32,false));
			  optional int64 f_int64;
			  optional int32 f_dec_int32 (DECIMAL(7,2));
			  optional float f_float;
			  optional int64 f_dec_int64 (DECIMAL(15,4));
			  optional int32 f_int8 (INTEGER(8,true));
			  optional int32 f_int32;
			}""";

	@TempDir
	Path dir;

	Path model;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeEach
	void trainModel() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), FEATURES);
	}

	@Test
	void columnsOfEveryNumericTypeInAnyOrderWithNullsScoreExactly() throws Exception {
		Path input = this.dir.resolve("input");
		java.nio.file.Files.createDirectories(input);
		ParquetFixtures.write(input.resolve("part-0.parquet"), MIXED_SCHEMA, mixedRows(0, 3000), 16 * 1024);
		ParquetFixtures.write(input.resolve("part-1.parquet"), MIXED_SCHEMA, mixedRows(3000, 1000), 16 * 1024);
		java.nio.file.Files.writeString(input.resolve("_SUCCESS"), "");
		Map<String, Float> expected = ReferenceScores.of(this.model, "id",
				List.of(input.resolve("part-0.parquet"), input.resolve("part-1.parquet")));

		Result result = Nightscore.run("score", "--input", input.toString(), "--model", this.model.toString(),
				"--id-column", "id", "--scoring-date", "2026-11-22", "--chunk-size", "700");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		Map<String, Double> published = new java.util.HashMap<>();
		this.jdbc.query("SELECT customer_id, score FROM customer_scores",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> published.put(rs.getString(1),
						rs.getDouble(2)));
		assertThat(published).hasSize(4000).hasSameSizeAs(expected);
		expected.forEach((id, score) -> assertThat(published.get(id)).as(id).isCloseTo(score, within(1e-6)));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject", Long.class)).isZero();
	}

	@Test
	void missingIdColumnFailsBeforeWritingAndNamesFileAndColumn() throws Exception {
		Path file = ParquetFixtures.write(this.dir.resolve("customers.parquet"), MIXED_SCHEMA, mixedRows(0, 10));

		Result result = Nightscore.run("score", "--input", file.toString(), "--model", this.model.toString(),
				"--scoring-date", "2026-11-22");

		assertContractViolation(result, "customers.parquet", "id column 'customer_id'");
	}

	@Test
	void missingFeatureFailsBeforeWritingAndNamesFileAndColumn() throws Exception {
		String withoutInt8 = MIXED_SCHEMA.replace("optional int32 f_int8 (INTEGER(8,true));", "");
		Path file = ParquetFixtures.write(this.dir.resolve("customers.parquet"), withoutInt8,
				mixedRows(0, 10, Variant.WITHOUT_INT8));

		Result result = Nightscore.run("score", "--input", file.toString(), "--model", this.model.toString(),
				"--id-column", "id", "--scoring-date", "2026-11-22");

		assertContractViolation(result, "customers.parquet", "feature column 'f_int8'");
	}

	@Test
	void textFeatureColumnFailsBeforeWritingAndNamesFileAndColumn() throws Exception {
		String textFloat = MIXED_SCHEMA.replace("optional float f_float;", "optional binary f_float (STRING);");
		Path file = ParquetFixtures.write(this.dir.resolve("customers.parquet"), textFloat,
				mixedRows(0, 10, Variant.FLOAT_AS_TEXT));

		Result result = Nightscore.run("score", "--input", file.toString(), "--model", this.model.toString(),
				"--id-column", "id", "--scoring-date", "2026-11-22");

		assertContractViolation(result, "customers.parquet", "feature column 'f_float' has type BINARY");
	}

	private void assertContractViolation(Result result, String file, String column) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().strip()).doesNotContain("\n").contains(file).contains(column);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).isZero();
	}

	/** How a fixture departs from {@link #MIXED_SCHEMA}. */
	enum Variant {

		STANDARD, WITHOUT_INT8, FLOAT_AS_TEXT

	}

	static List<Consumer<Group>> mixedRows(int first, int count) {
		return mixedRows(first, count, Variant.STANDARD);
	}

	/**
	 * Rows with every type, about one null cell in nine, and values on both sides of
	 * zero.
	 */
	static List<Consumer<Group>> mixedRows(int first, int count, Variant variant) {
		java.util.Random random = new java.util.Random(first);
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = first; i < first + count; i++) {
			long id = 100_000 + i;
			double[] v = random.doubles(12, -30, 30).toArray();
			boolean[] isNull = new boolean[12];
			for (int k = 0; k < 12; k++) {
				isNull[k] = random.nextInt(9) == 0;
			}
			rows.add((group) -> {
				group.add("id", id);
				group.add("note", "customer " + id);
				addUnlessNull(group, isNull[0], (g) -> g.add("f_double", v[0]));
				addUnlessNull(group, isNull[1], (g) -> g.add("f_dec_fixed", decimalBytes(Math.round(v[1] * 1000), 6)));
				addUnlessNull(group, isNull[2], (g) -> g.add("f_bool", v[2] > 0));
				addUnlessNull(group, isNull[3], (g) -> g.add("f_uint32", (int) Math.abs(v[3] * 1e8)));
				addUnlessNull(group, isNull[4], (g) -> g.add("f_int64", Math.round(v[4] * 1e6)));
				addUnlessNull(group, isNull[5], (g) -> g.add("f_dec_int32", (int) Math.round(v[5] * 100)));
				if (variant == Variant.FLOAT_AS_TEXT) {
					group.add("f_float", Float.toString((float) v[6]));
				}
				else {
					addUnlessNull(group, isNull[6], (g) -> g.add("f_float", (float) v[6]));
				}
				addUnlessNull(group, isNull[7], (g) -> g.add("f_dec_int64", Math.round(v[7] * 10_000)));
				addUnlessNull(group, isNull[8] || variant == Variant.WITHOUT_INT8, (g) -> g.add("f_int8", (int) v[8]));
				addUnlessNull(group, isNull[9], (g) -> g.add("f_int32", (int) (v[9] * 1000)));
			});
		}
		return rows;
	}

	private static void addUnlessNull(Group group, boolean isNull, Consumer<Group> add) {
		if (!isNull) {
			add.accept(group);
		}
	}

	private static Binary decimalBytes(long unscaled, int length) {
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= 0; i--) {
			bytes[i] = (byte) unscaled;
			unscaled >>= 8;
		}
		return Binary.fromConstantByteArray(bytes);
	}

}
