package io.nightscore.input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file whose footer lies (a negative row count, a row count that understates its column
 * chunks, a column chunk claiming 2^40 bytes) is refused by the prepare step as corrupt,
 * exit 2 with one line naming the file and the lie, before anything of the run is
 * written: the previously published run stays what {@code customer_scores} shows. The
 * files are real ones whose footer the test rewrites with parquet-format's Thrift
 * classes.
 */
@JobIntegrationTest
class LyingFootersIntegrationTests {

	static final String SCHEMA = """
			message customers {
				required binary customer_id (STRING);
				required float f_float;
				required double f_double;
				required int32 f_int;
			}""";

	static final String REPLACE = ". The file is corrupt or was written by a broken writer: replace it and run the same"
			+ " command again";

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	Path model;

	Path lying;

	@BeforeEach
	void publishAGoodRun() throws Exception {
		this.model = TinyModels.train(this.dir.resolve("model.json"), "f_float", "f_double", "f_int");
		Path good = write(this.dir.resolve("good/customers.parquet"));
		Result first = score(good, "2026-11-15");
		assertThat(first.exitCode()).as(first.toString()).isZero();
		this.lying = write(this.dir.resolve("lying/customers.parquet"));
	}

	@Test
	void aNegativeRowCountIsRefusedAsCorrupt() throws Exception {
		rewriteFooter(this.lying, (footer) -> {
			footer.setNum_rows(-5);
			footer.getRow_groups().get(0).setNum_rows(-5);
		});

		assertRefused(score(this.lying, "2026-11-22"), "row group 1 of 1 claims -5 rows");
	}

	@Test
	void aRowCountBelowTheColumnsValueCountsIsRefusedAsCorrupt() throws Exception {
		rewriteFooter(this.lying, (footer) -> {
			footer.setNum_rows(5_000);
			footer.getRow_groups().get(0).setNum_rows(5_000);
		});

		assertRefused(score(this.lying, "2026-11-22"),
				"row group 1 of 1 claims 5000 rows but its column 'customer_id' holds 10000 values");
	}

	@Test
	void aColumnChunkClaimingTwoToTheFortyBytesIsRefusedWithoutAllocatingIt() throws Exception {
		long[] offset = new long[1];
		rewriteFooter(this.lying, (footer) -> {
			var metaData = footer.getRow_groups().get(0).getColumns().get(1).getMeta_data();
			metaData.setTotal_compressed_size(1L << 40);
			offset[0] = metaData.isSetDictionary_page_offset() ? metaData.getDictionary_page_offset()
					: metaData.getData_page_offset();
		});

		assertRefused(score(this.lying, "2026-11-22"), "row group 1 of 1: column 'f_float' claims 1099511627776 bytes"
				+ " at offset " + offset[0] + ", outside the file of " + Files.size(this.lying) + " bytes");
	}

	private void assertRefused(Result result, String lie) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines())
			.containsExactly("Parquet file file:" + this.lying + " has an inconsistent footer: " + lie + REPLACE);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(10_000);
		assertThat(this.jdbc.queryForList("SELECT run_id FROM scoring_run", Long.class)).containsExactly(1L);
	}

	/**
	 * Replace the file's footer by what {@code change} makes of it, keeping its data
	 * pages.
	 */
	static void rewriteFooter(Path file, Consumer<FileMetaData> change) throws Exception {
		byte[] bytes = Files.readAllBytes(file);
		int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		int footerStart = bytes.length - 8 - footerLength;
		FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
		change.accept(footer);
		ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
		rewritten.write(bytes, 0, footerStart);
		ByteArrayOutputStream newFooter = new ByteArrayOutputStream();
		Util.writeFileMetaData(footer, newFooter);
		newFooter.writeTo(rewritten);
		rewritten.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newFooter.size()).array());
		rewritten.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		Files.write(file, rewritten.toByteArray());
		// as a writer that lies would: no Hadoop checksum file beside it
		Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
	}

	private static Path write(Path file) throws Exception {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int n = 1; n <= 10_000; n++) {
			int row = n;
			rows.add((group) -> group.append("customer_id", "C%05d".formatted(row))
				.append("f_float", (row % 37) * 0.7f - 10)
				.append("f_double", (row % 13) * 1.9 - 12)
				.append("f_int", row % 23 - 11));
		}
		return ParquetFixtures.write(file, SCHEMA, rows);
	}

	private Result score(Path input, String date) {
		return Nightscore.run("score", "--input", input.toString(), "--model", this.model.toString(), "--scoring-date",
				date);
	}

}
