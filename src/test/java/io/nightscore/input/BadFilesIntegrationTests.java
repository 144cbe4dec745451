package io.nightscore.input;

import java.io.RandomAccessFile;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad files fail the run with exit code 2 and one line naming the file and the column or
 * reason, and {@code customer_scores} keeps showing the previous run: a truncated file, a
 * page corrupt in the middle of a file, a missing feature or id column, a feature holding
 * text, a name that differs only in case. All but the corrupt page are found before
 * anything is written.
 */
@JobIntegrationTest
class BadFilesIntegrationTests {

	static final String SCHEMA = """
			message customers {
				required binary customer_id (STRING);
				optional float f_float;
				optional double f_double;
				optional int32 f_int;
			}""";

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	Path model;

	Path bad;

	@BeforeEach
	void publishAPreviousRun() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), "f_float", "f_double", "f_int");
		Path good = ParquetFixtures.write(this.dir.resolve("good/customers.parquet"), SCHEMA, rows(500));
		assertThat(score(good.getParent(), "2026-11-15").exitCode()).isZero();
		this.bad = Files.createDirectories(this.dir.resolve("bad"));
		ParquetFixtures.write(this.bad.resolve("customers-00000.parquet"), SCHEMA, rows(500));
	}

	@Test
	void truncatedFile() throws Exception {
		Path file = ParquetFixtures.write(this.bad.resolve("customers-00001.parquet"), SCHEMA, rows(2000));
		try (RandomAccessFile truncated = new RandomAccessFile(file.toFile(), "rw")) {
			truncated.setLength(truncated.length() / 2);
		}
		deleteHadoopChecksum(file);

		assertContractViolation(score(this.bad, "2026-11-22"), "Parquet file file:" + file
				+ " cannot be read: it does not end with Parquet's PAR1 marker. It is truncated, corrupt, not Parquet"
				+ " or still being written: replace it and run the same command again");
	}

	@Test
	void aFileNameWithANewlineInItIsNamedOnTheFailuresOneLine() throws Exception {
		Path file = this.bad.resolve("customers-00001\nnightscore: forged.parquet");
		Files.writeString(file, "not Parquet");

		assertContractViolation(score(this.bad, "2026-11-22"),
				"Parquet file file:" + this.bad + "/customers-00001\\nnightscore: forged.parquet cannot be read: it is"
						+ " only 11 bytes long, too short to be a Parquet file",
				"replace it and run the same command again");
	}

	@Test
	void pageCorruptInTheMiddleOfAFile() throws Exception {
		Path file = writePlain(this.bad.resolve("customers-00001.parquet"), rows(1001, 20_000));
		ColumnChunkMetaData column = columnChunk(file, 2, "f_double");
		long middle = column.getStartingPos() + column.getTotalSize() / 2;
		try (RandomAccessFile corrupt = new RandomAccessFile(file.toFile(), "rw")) {
			for (long at = middle; at < middle + 8; at++) {
				corrupt.seek(at);
				int value = corrupt.read();
				corrupt.seek(at);
				corrupt.write(value ^ 0xFF);
			}
		}
		deleteHadoopChecksum(file);

		Result result = score(this.bad, "2026-11-22", "--chunk-size", "1000", "--threads", "1");

		assertContractViolation(result, "Parquet file file:" + file + " cannot be decoded near row ",
				"): the file is corrupt; replace it and start the date again with --rerun");
		// the column, and rows of the row group the damaged page is in
		java.util.regex.Matcher named = java.util.regex.Pattern
			.compile("\\(column f_double has a page that cannot be read in rows (\\d+) to (\\d+): could not verify"
					+ " page integrity, CRC checksum verification failed\\): the file is corrupt")
			.matcher(result.err());
		assertThat(named.find()).as(result.err()).isTrue();
		long groupStart = rowGroupRows(file, 0) + rowGroupRows(file, 1);
		assertThat(Long.parseLong(named.group(1))).isGreaterThan(groupStart);
		assertThat(Long.parseLong(named.group(2))).isGreaterThanOrEqualTo(Long.parseLong(named.group(1)))
			.isLessThanOrEqualTo(groupStart + rowGroupRows(file, 2));
	}

	private static long rowGroupRows(Path file, int rowGroup) throws Exception {
		return columnChunk(file, rowGroup, "f_double").getValueCount();
	}

	@Test
	void missingFeatureColumn() throws Exception {
		Path file = ParquetFixtures.write(this.bad.resolve("customers-00001.parquet"), """
				message customers {
					required binary customer_id (STRING);
					optional float f_float;
					optional double f_double;
				}""", List.of((group) -> group.add("customer_id", "T1")));

		assertContractViolation(score(this.bad, "2026-11-22"), "Parquet file file:" + file
				+ " has no feature column 'f_int': the model's features and the id column must all be present");
	}

	@Test
	void missingIdColumn() throws Exception {
		Path file = ParquetFixtures.write(this.bad.resolve("customers-00001.parquet"), """
				message customers {
					optional float f_float;
					optional double f_double;
					optional int32 f_int;
				}""", List.of((group) -> group.add("f_float", 1f)));

		assertContractViolation(score(this.bad, "2026-11-22"), "Parquet file file:" + file
				+ " has no id column 'customer_id': the model's features and the id column must all be present");
	}

	@Test
	void featureColumnHoldingText() throws Exception {
		Path file = ParquetFixtures.write(this.bad.resolve("customers-00001.parquet"), """
				message customers {
					required binary customer_id (STRING);
					optional float f_float;
					optional double f_double;
					optional binary f_int (STRING);
				}""", List.of((group) -> {
			group.add("customer_id", "T1");
			group.add("f_int", "eleven");
		}));

		assertContractViolation(score(this.bad, "2026-11-22"), "Parquet file file:" + file
				+ ": feature column 'f_int' has type BINARY (STRING); the model needs a numeric or boolean column");
	}

	@Test
	void featureNameDifferingOnlyInCase() throws Exception {
		Path file = ParquetFixtures.write(this.bad.resolve("customers-00001.parquet"), """
				message customers {
					required binary customer_id (STRING);
					optional float f_float;
					optional double F_Double;
					optional int32 f_int;
				}""", List.of((group) -> group.add("customer_id", "T1")));

		assertContractViolation(score(this.bad, "2026-11-22"),
				"Parquet file file:" + file + " has no feature column 'f_double' (found 'F_Double' — names are"
						+ " case-sensitive): the model's features and the id column must all be present");
	}

	/**
	 * Make the file as one from Spark or pyarrow on an object store would be: without the
	 * {@code .crc} side file Hadoop's local file system writes, whose check would catch
	 * the damage before Parquet's own checks do.
	 */
	private static void deleteHadoopChecksum(Path file) throws Exception {
		Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
	}

	/**
	 * Exit code 2, one line made of {@code parts} (and whatever parquet-java said between
	 * them), and the previous run still published.
	 */
	private void assertContractViolation(Result result, String... parts) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines()).as(result.toString()).singleElement().satisfies((line) -> {
			assertThat(line).startsWith(parts[0]);
			assertThat(line).endsWith(parts[parts.length - 1]);
		});
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(500);
	}

	/**
	 * Write {@code rows} with plain encoding, uncompressed, in several row groups: a
	 * flipped byte in a page is then a different value, which only the page checksum
	 * (written by default) can tell.
	 */
	private static Path writePlain(Path file, List<Consumer<Group>> rows) throws Exception {
		return ParquetFixtures.write(file, SCHEMA, rows,
				(builder) -> builder.withDictionaryEncoding(false).withRowGroupSize(64 * 1024).withPageSize(4096));
	}

	private static ColumnChunkMetaData columnChunk(Path file, int rowGroup, String column) throws Exception {
		try (ParquetFileReader reader = ParquetFileReader
			.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
			List<BlockMetaData> blocks = reader.getFooter().getBlocks();
			assertThat(blocks).as("row groups").hasSizeGreaterThan(rowGroup);
			return blocks.get(rowGroup)
				.getColumns()
				.stream()
				.filter((chunk) -> chunk.getPath().toDotString().equals(column))
				.findFirst()
				.orElseThrow();
		}
	}

	private static List<Consumer<Group>> rows(int count) {
		return rows(1, count);
	}

	/** {@code count} rows with ids {@code R<first>} onwards and finite features. */
	private static List<Consumer<Group>> rows(int first, int count) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int n = first; n < first + count; n++) {
			int row = n;
			rows.add((group) -> {
				group.add("customer_id", "R%05d".formatted(row));
				group.add("f_float", (row % 37) * 0.7f - 10);
				group.add("f_double", (row % 13) * 1.9 - 12);
				group.add("f_int", row % 23 - 11);
			});
		}
		return rows;
	}

	private Result score(Path input, String date, String... options) {
		List<String> args = new ArrayList<>(List.of("score", "--input", input.toString(), "--model",
				this.model.toString(), "--scoring-date", date));
		args.addAll(List.of(options));
		return Nightscore.run(args.toArray(String[]::new));
	}

}
