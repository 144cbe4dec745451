package io.nightscore.input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nightscore.ContractException;
import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A page index (offset index) that lies about where a column's pages start, in a file
 * whose pages and checksums are intact: the reader fails naming the file rather than
 * reading rows from the wrong pages.
 */
class LyingPageIndexTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional double x;"
			+ " optional boolean b; }";

	@TempDir
	Path dir;

	final Configuration configuration = HadoopSettings.configuration(Map.of());

	@ParameterizedTest(name = "page {1} of {0} claims to start {2} rows off")
	@CsvSource({ "x, 1, 60", "b, 2, -51", "customer_id, 6, 400", "x, 0, 1", "b, 1, 11", "b, 1, -1", "b, 2, 7",
			"x, 3, -20", "b, 5, 1", "customer_id, 2, 1" })
	void aFirstRowIndexThatLiesFailsNamingTheFile(String column, int page, int shift) throws Exception {
		Path file = write(this.dir.resolve("lying.parquet"), WriterVersion.PARQUET_1_0);
		rewriteFirstRowIndex(file, column, page, shift);

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> readAll(file))
			.withMessageStartingWith("Parquet file file:" + file + " cannot be ")
			.withMessageContaining("page index");
	}

	@ParameterizedTest(name = "page {1} of {0} claims to start {2} rows off")
	@CsvSource({ "b, 1, 11", "x, 2, -1", "b, 5, 1", "customer_id, 2, 1" })
	void aFirstRowIndexThatLiesAboutVersion2PagesFailsNamingTheFile(String column, int page, int shift)
			throws Exception {
		Path file = write(this.dir.resolve("lying-v2.parquet"), WriterVersion.PARQUET_2_0);
		rewriteFirstRowIndex(file, column, page, shift);

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> readAll(file))
			.withMessageStartingWith("Parquet file file:" + file + " cannot be ")
			.withMessageContaining("page index");
	}

	private void readAll(Path file) {
		InputFile input = new InputResolver(this.configuration)
			.resolve(file.toString(), "customer_id", List.of("x", "b"), null)
			.files()
			.get(0);
		long half = input.rows() / 2;
		for (long[] range : new long[][] { { 0, half }, { half, input.rows() } }) {
			ParquetCustomerReader reader = new ParquetCustomerReader(input, 0, range[0], range[1], "customer_id",
					List.of("x", "b"), 37, this.configuration)
				.windowRows(60);
			reader.open(new ExecutionContext());
			try {
				while (reader.read() != null) {
					// the rows of a lying index must never come out
				}
			}
			finally {
				reader.close();
			}
		}
	}

	/**
	 * Move page {@code page} of {@code column}'s offset index by {@code shift} rows: the
	 * lying index is written after the others, and the footer points to it.
	 */
	private static void rewriteFirstRowIndex(Path file, String column, int page, int shift) throws Exception {
		byte[] bytes = Files.readAllBytes(file);
		int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		int footerStart = bytes.length - 8 - footerLength;
		FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
		ColumnChunk chunk = footer.getRow_groups()
			.get(0)
			.getColumns()
			.stream()
			.filter((c) -> String.join(".", c.getMeta_data().getPath_in_schema()).equals(column))
			.findFirst()
			.orElseThrow();
		OffsetIndex index = Util.readOffsetIndex(
				new ByteArrayInputStream(bytes, (int) chunk.getOffset_index_offset(), chunk.getOffset_index_length()));
		PageLocation location = index.getPage_locations().get(page);
		location.setFirst_row_index(location.getFirst_row_index() + shift);
		ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
		rewritten.write(bytes, 0, footerStart);
		chunk.setOffset_index_offset(rewritten.size());
		Util.writeOffsetIndex(index, rewritten);
		chunk.setOffset_index_length(rewritten.size() - (int) chunk.getOffset_index_offset());
		int newFooterStart = rewritten.size();
		Util.writeFileMetaData(footer, rewritten);
		int newFooterLength = rewritten.size() - newFooterStart;
		rewritten.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newFooterLength).array());
		rewritten.write("PAR1".getBytes(StandardCharsets.US_ASCII));
		Files.write(file, rewritten.toByteArray());
		// as a writer that lies would: no Hadoop checksum file beside it
		Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
	}

	private static Path write(Path file, WriterVersion pages) throws Exception {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int n = 0; n < 400; n++) {
			int row = n;
			rows.add((group) -> {
				group.add("customer_id", "C" + row);
				if (row % 5 != 0) {
					group.add("x", row * 1.25);
				}
				if (row % 4 != 1) {
					group.add("b", row % 2 == 0);
				}
			});
		}
		return ParquetFixtures.write(file, SCHEMA, rows,
				(builder) -> builder.withPageRowCountLimit(50).withWriterVersion(pages));
	}

}
