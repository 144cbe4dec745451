package io.nightscore.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader on one large row group of many small pages, read through its page index a
 * window at a time: windows and blocks end inside pages, every row comes once with its
 * values, a reopened reader continues exactly, and the bytes read for a block are bounded
 * by the window, not the row group. A copy of the file without a page index reads the
 * same rows a whole row group at a time.
 */
@ExtendWith(OutputCaptureExtension.class)
class PageWindowReadsTests {

	/**
	 * The reader tests' file layout, with their rows
	 * ({@link ParquetCustomerReaderTests#rows}).
	 */
	static final String SCHEMA = ParquetCustomerReaderTests.SCHEMA;

	static final int ROWS = 20_000;

	@TempDir
	Path dir;

	Path path;

	InputFile file;

	@BeforeEach
	void writeFile() throws Exception {
		this.path = ParquetFixtures.write(this.dir.resolve("customers.parquet"), SCHEMA,
				ParquetCustomerReaderTests.rows(ROWS));
		this.file = resolve(this.path);
	}

	@Test
	void fileHasOneRowGroupOfManyPagesPerColumn() throws IOException {
		assertThat(this.file.rowGroupRows()).containsExactly((long) ROWS);
		try (ParquetFileReader reader = ParquetFileReader.open(hadoopFile(this.path))) {
			for (ColumnChunkMetaData column : reader.getRowGroups().get(0).getColumns()) {
				assertThat(reader.readOffsetIndex(column).getPageCount()).as(column.getPath().toDotString())
					.isGreaterThan(5);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 333, 1000, 4096 })
	void smallWindowsReadEveryRowOfTheRangeOnceWithItsValues(int windowRows) {
		List<Long> rows = readAll(reader(this.file, 123, 19_877, 250).windowRows(windowRows), new ExecutionContext());

		assertThat(rows).hasSize(19_877 - 123);
		assertThat(rows).isSorted().doesNotHaveDuplicates().startsWith(123L).endsWith(19_876L);
	}

	@Test
	void vectoredReadsWhoseBuffersAreNeverReleasedReadEveryRowWithItsValues() throws IOException {
		ParquetCustomerReader vectored = new ParquetCustomerReader(this.file, 0, 0, ROWS, "customer_id",
				List.of("y", "x"), 250, HadoopSettings.configuration(Map.of(HadoopSettings.VECTORED_IO, "true")))
			.windowRows(1000);

		List<Long> rows = readAll(vectored, new ExecutionContext());

		assertThat(rows).hasSize(ROWS).isSorted().doesNotHaveDuplicates().startsWith(0L).endsWith(ROWS - 1L);
		try (ColumnCursor cursor = ColumnCursor.open(this.file, "customer_id", List.of("y", "x"), 1000,
				ParquetCustomerReader.DEFAULT_MAX_ID_LENGTH,
				HadoopSettings.configuration(Map.of(HadoopSettings.VECTORED_IO, "true")))) {
			cursor.seek(0, ROWS);
			while (cursor.windowEnd() < ROWS) {
				cursor.nextWindow();
			}
			// the footer's buffer is the only one handed back
			assertThat(cursor.buffers().created()).as("vectored reads release nothing: their buffers are new")
				.isEqualTo(cursor.buffers().allocations() - 1)
				.isGreaterThan(10);
		}
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 7, 31, 64 })
	void reopenedReaderContinuesInsideAWindowAtTheSavedPosition(long blocksRead) {
		ParquetCustomerReader first = reader(this.file, 101, 20_000, 97).windowRows(700);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		for (long i = 0; i < blocksRead; i++) {
			first.read();
		}
		first.update(context);
		first.close();

		List<Long> rest = readAll(reader(this.file, 101, 20_000, 300).windowRows(1100), context);

		assertThat(rest).hasSize((int) (20_000 - 101 - blocksRead * 97));
		assertThat(rest).isSorted().doesNotHaveDuplicates().startsWith(101 + blocksRead * 97).endsWith(19_999L);
	}

	@Test
	void bytesReadForABlockAreBoundedByTheWindowNotTheRowGroup() throws IOException {
		long size = Files.size(this.path);
		ParquetCustomerReader reader = reader(this.file, 0, ROWS, 500).windowRows(2000);
		List<Long> perBlock = bytesReadPerBlock(reader);

		assertThat(perBlock).hasSize(ROWS / 500);
		assertThat(perBlock).allMatch((bytes) -> bytes < size / 5);
		assertThat(perBlock.stream().mapToLong(Long::longValue).sum()).isLessThan(2 * size);
	}

	@Test
	void windowsAreReadIntoTheBuffersOfThePreviousWindows() throws IOException {
		int windows = 0;
		try (ColumnCursor cursor = ColumnCursor.open(this.file, "customer_id", List.of("y", "x"), 1000,
				ParquetCustomerReader.DEFAULT_MAX_ID_LENGTH, HadoopSettings.configuration(Map.of()))) {
			cursor.seek(0, ROWS);
			for (windows = 1; cursor.windowEnd() < ROWS; windows++) {
				cursor.nextWindow();
			}
			ReadBufferPool buffers = cursor.buffers();

			assertThat(windows).isGreaterThanOrEqualTo(10);
			assertThat(buffers.allocations()).as("a buffer per column and window").isGreaterThanOrEqualTo(3L * windows);
			assertThat(buffers.created()).as("buffers taken from the heap")
				.isLessThanOrEqualTo(buffers.allocations() / 4);
		}
	}

	@Test
	void fileWithoutAPageIndexIsReadAWholeRowGroupAtATimeWithTheSameRows(CapturedOutput output) throws IOException {
		Path copy = ParquetFixtures.withoutPageIndex(this.path, this.dir.resolve("no-index.parquet"));
		InputFile unindexed = resolve(copy);
		assertThat(output.getAll()).containsOnlyOnce("Parquet file " + unindexed.path() + " has no page index")
			.doesNotContain("Parquet file " + this.file.path() + " has no page index");
		try (ParquetFileReader reader = ParquetFileReader.open(hadoopFile(copy))) {
			assertThat(reader.getRowGroups().get(0).getColumns())
				.allMatch((column) -> column.getOffsetIndexReference() == null);
		}

		List<Long> rows = readAll(reader(unindexed, 123, 19_877, 250).windowRows(1000), new ExecutionContext());
		List<Long> perBlock = bytesReadPerBlock(reader(unindexed, 0, ROWS, 500).windowRows(1000));

		assertThat(rows).hasSize(19_877 - 123);
		assertThat(rows).isSorted().doesNotHaveDuplicates().startsWith(123L).endsWith(19_876L);
		assertThat(perBlock.get(0)).as("the first block reads the whole row group").isGreaterThan(Files.size(copy) / 2);
	}

	private InputFile resolve(Path parquet) {
		return new InputResolver(new Configuration())
			.resolve(parquet.toString(), "customer_id", List.of("y", "x"), null)
			.files()
			.get(0);
	}

	private static HadoopInputFile hadoopFile(Path parquet) throws IOException {
		return HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration());
	}

	private static ParquetCustomerReader reader(InputFile file, long first, long end, int blockRows) {
		return new ParquetCustomerReader(file, 0, first, end, "customer_id", List.of("y", "x"), blockRows,
				HadoopSettings.configuration(Map.of()));
	}

	/**
	 * The bytes the local file system delivered while each block was read, the first
	 * block's counting the reader's opening.
	 */
	private static List<Long> bytesReadPerBlock(ParquetCustomerReader reader) {
		List<Long> perBlock = new ArrayList<>();
		long before = localBytesRead();
		reader.open(new ExecutionContext());
		try {
			while (reader.read() != null) {
				long after = localBytesRead();
				perBlock.add(after - before);
				before = after;
			}
		}
		finally {
			reader.close();
		}
		return perBlock;
	}

	@SuppressWarnings("deprecation")
	private static long localBytesRead() {
		return FileSystem.getAllStatistics()
			.stream()
			.filter((statistics) -> "file".equals(statistics.getScheme()))
			.mapToLong(FileSystem.Statistics::getBytesRead)
			.sum();
	}

	/**
	 * Reads every block and checks each row's values against what
	 * {@link ParquetCustomerReaderTests#rows} wrote.
	 * @return the 0-based rows read, in order
	 */
	private static List<Long> readAll(ParquetCustomerReader reader, ExecutionContext context) {
		List<Long> rows = new ArrayList<>();
		reader.open(context);
		try {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				for (int i = 0; i < block.rows(); i++) {
					long n = block.rowNumber(i) - 1;
					assertThat(block.customerId(i)).isEqualTo("C" + n);
					assertThat(block.feature(i, 0)).isEqualTo(-n);
					if (n % 7 != 0) {
						assertThat(block.feature(i, 1)).isEqualTo(n * 0.5f);
					}
					else {
						assertThat(block.feature(i, 1)).isNaN();
					}
					rows.add(n);
				}
			}
		}
		finally {
			reader.close();
		}
		return rows;
	}

}
