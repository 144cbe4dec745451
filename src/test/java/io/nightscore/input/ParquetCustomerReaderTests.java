package io.nightscore.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.ContractException;
import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The reader on a file with several row groups: the rows of a range, in order, in blocks
 * within row groups, and a reopened reader that continues exactly where the saved
 * position says; a range that starts inside a row group of many pages.
 */
class ParquetCustomerReaderTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional double x; optional int32 y; }";

	@TempDir
	Path dir;

	InputFile file;

	@BeforeEach
	void writeFile() throws Exception {
		Path path = ParquetFixtures.write(this.dir.resolve("customers.parquet"), SCHEMA, rows(5000), 8 * 1024);
		this.file = new InputResolver(new Configuration())
			.resolve(path.toString(), "customer_id", List.of("y", "x"), null)
			.files()
			.get(0);
	}

	@Test
	void fileHasSeveralRowGroups() {
		assertThat(this.file.rowGroupRows()).hasSizeGreaterThan(3);
		assertThat(this.file.rows()).isEqualTo(5000);
	}

	@Test
	void readsItsRangeInOrderWithFeaturesInTheModelsOrderAndNullsAsNaN() {
		List<Row> rows = readAll(reader(1000, 1010, 4), new ExecutionContext());

		assertThat(rows).extracting(Row::id)
			.containsExactly("C1000", "C1001", "C1002", "C1003", "C1004", "C1005", "C1006", "C1007", "C1008", "C1009");
		assertThat(rows.get(2).features()).containsExactly(-1002f, 501f);
		assertThat(rows.get(2).rowNumber()).isEqualTo(1003);
		assertThat(rows.get(2).fileIndex()).isEqualTo(3);
		assertThat(rows.get(2).nonFiniteFeature()).isEqualTo(-1);
		assertThat(rows.get(1).features()[1]).as("x of C1001 is null").isNaN();
		assertThat(rows.get(1).nonFiniteFeature()).as("a null is missing, not non-finite").isEqualTo(-1);
	}

	@Test
	void blocksHoldAtMostTheBlockSizeAndNeverSpanTwoRowGroups() {
		List<Long> boundaries = new ArrayList<>();
		long end = 0;
		for (long rows : this.file.rowGroupRows()) {
			end += rows;
			boundaries.add(end);
		}
		ParquetCustomerReader reader = reader(0, 5000, 300);
		reader.open(new ExecutionContext());
		try {
			long next = 0;
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				long blockStart = next;
				long blockEnd = next + block.rows();
				assertThat(block.rows()).isBetween(1, 300);
				assertThat(block.rowNumber(0)).isEqualTo(blockStart + 1);
				assertThat(boundaries).noneMatch((boundary) -> boundary > blockStart && boundary < blockEnd);
				next = blockEnd;
			}
			assertThat(next).isEqualTo(5000);
		}
		finally {
			reader.close();
		}
	}

	@Test
	void fileRewrittenSinceTheSnapshotIsRefusedRatherThanRead() throws Exception {
		Path path = Path.of(java.net.URI.create(this.file.path()));
		List<Consumer<Group>> others = rows(5000);
		others.set(0, (group) -> {
			group.add("customer_id", "C0");
			group.add("x", 42.0);
			group.add("y", 7);
		});
		Files.delete(path);
		Files.deleteIfExists(path.resolveSibling("." + path.getFileName() + ".crc"));
		ParquetFixtures.write(path, SCHEMA, others, 8 * 1024);

		assertThatExceptionOfType(ContractException.class)
			.isThrownBy(() -> readAll(reader(0, 5000, 100), new ExecutionContext()))
			.withMessage("The input changed after the run started (" + this.file.path() + " changed size from "
					+ this.file.size() + " to " + Files.size(path) + " bytes): scoring on would mix two data sets;"
					+ " start the date afresh with --rerun once upstream has finished writing it");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 999, 1000, 2345, 3999 })
	void reopenedReaderContinuesAtTheSavedPosition(long consumed) {
		ParquetCustomerReader first = reader(500, 4500, 1);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		for (long i = 0; i < consumed; i++) {
			first.read();
		}
		first.update(context);
		first.close();

		List<Row> rest = readAll(reader(500, 4500, 700), context);

		assertThat(rest).hasSize((int) (4000 - consumed));
		assertThat(rest.get(0).id()).isEqualTo("C" + (500 + consumed));
		assertThat(rest.get(0).rowNumber()).isEqualTo(500 + consumed + 1);
		assertThat(rest.get(rest.size() - 1).id()).isEqualTo("C4499");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 777, 2500, 4999 })
	void rangeStartingInsideARowGroupOfManyPagesReadsExactlyItsRows(long first) throws Exception {
		Path path = ParquetFixtures.write(this.dir.resolve("one-row-group.parquet"), SCHEMA, rows(5000));
		InputFile single = new InputResolver(new Configuration())
			.resolve(path.toString(), "customer_id", List.of("y", "x"), null)
			.files()
			.get(0);
		assertThat(single.rowGroupRows()).hasSize(1);

		List<Row> rows = readAll(new ParquetCustomerReader(single, 0, first, 5000, "customer_id", List.of("y", "x"),
				1000, new Configuration()), new ExecutionContext());

		assertThat(rows).hasSize((int) (5000 - first));
		for (Row row : rows) {
			long n = row.rowNumber() - 1;
			assertThat(row.id()).isEqualTo("C" + n);
			assertThat(row.features()[0]).isEqualTo(-n);
			if (n % 7 != 0) {
				assertThat(row.features()[1]).isEqualTo(n * 0.5f);
			}
			else {
				assertThat(row.features()[1]).isNaN();
			}
		}
	}

	@Test
	void storedNaNAndInfinityAreMarkedWithTheirFirstFeature() throws Exception {
		String schema = "message m { required binary customer_id (STRING); optional float a; optional double b; }";
		Path path = ParquetFixtures.write(this.dir.resolve("non-finite.parquet"), schema,
				List.of((g) -> g.append("customer_id", "ok").append("a", 1f).append("b", 2d),
						(g) -> g.append("customer_id", "nan").append("a", Float.NaN).append("b", Double.NaN),
						(g) -> g.append("customer_id", "inf").append("b", Double.POSITIVE_INFINITY)));
		InputFile input = new InputResolver(new Configuration())
			.resolve(path.toString(), "customer_id", List.of("a", "b"), null)
			.files()
			.get(0);

		List<Row> rows = readAll(
				new ParquetCustomerReader(input, 0, 0, 3, "customer_id", List.of("a", "b"), 10, new Configuration()),
				new ExecutionContext());

		assertThat(rows).extracting(Row::nonFiniteFeature).containsExactly(-1, 0, 1);
	}

	@Test
	void numericIdColumnCanAlsoBeAFeature() throws Exception {
		String schema = "message m { required int64 id; optional double x; }";
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			long id = 7_000_000L + i;
			rows.add((g) -> g.append("id", id).append("x", id * 0.5));
		}
		Path path = ParquetFixtures.write(this.dir.resolve("id-feature.parquet"), schema, rows, 1 << 20);
		InputFile input = new InputResolver(new Configuration())
			.resolve(path.toString(), "id", List.of("x", "id"), null)
			.files()
			.get(0);

		List<Row> read = readAll(
				new ParquetCustomerReader(input, 0, 1000, 5000, "id", List.of("x", "id"), 777, new Configuration()),
				new ExecutionContext());

		assertThat(read).hasSize(4000);
		for (int i = 0; i < read.size(); i++) {
			long id = 7_001_000L + i;
			assertThat(read.get(i).id()).isEqualTo(Long.toString(id));
			assertThat(read.get(i).features()).containsExactly((float) (id * 0.5), (float) id);
		}
	}

	@Test
	void unsignedIntegerIdsAreTheirUnsignedValues() throws Exception {
		String schema = "message m { required int32 id32 (INTEGER(32,false)); required int64 id64 (INTEGER(64,false));"
				+ " optional double x; }";
		Path path = ParquetFixtures.write(this.dir.resolve("unsigned.parquet"), schema,
				List.of((g) -> g.append("id32", -1).append("id64", -2L).append("x", 1.0),
						(g) -> g.append("id32", 7).append("id64", 8L).append("x", 2.0)));
		List<Row> by32 = readAll(unsignedIds(path, "id32"), new ExecutionContext());
		List<Row> by64 = readAll(unsignedIds(path, "id64"), new ExecutionContext());

		assertThat(by32).extracting(Row::id).containsExactly("4294967295", "7");
		assertThat(by64).extracting(Row::id).containsExactly("18446744073709551614", "8");
	}

	private static ParquetCustomerReader unsignedIds(Path path, String idColumn) {
		InputFile input = new InputResolver(new Configuration()).resolve(path.toString(), idColumn, List.of("x"), null)
			.files()
			.get(0);
		return new ParquetCustomerReader(input, 0, 0, 2, idColumn, List.of("x"), 10, new Configuration());
	}

	private ParquetCustomerReader reader(long first, long end, int blockRows) {
		return new ParquetCustomerReader(this.file, 3, first, end, "customer_id", List.of("y", "x"), blockRows,
				new Configuration());
	}

	/**
	 * {@code count} rows of {@link #SCHEMA}: id {@code C<n>}, x = n/2 (null every 7th
	 * row), y = -n; shared with {@link PageWindowReadsTests}.
	 */
	static List<Consumer<Group>> rows(int count) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				if (n % 7 != 0) {
					group.add("x", n * 0.5);
				}
				group.add("y", -n);
			});
		}
		return rows;
	}

	private static List<Row> readAll(ParquetCustomerReader reader, ExecutionContext context) {
		List<Row> rows = new ArrayList<>();
		reader.open(context);
		try {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				for (int i = 0; i < block.rows(); i++) {
					float[] features = new float[block.featureCount()];
					for (int f = 0; f < features.length; f++) {
						features[f] = block.feature(i, f);
					}
					rows.add(new Row(block.customerId(i), features, block.fileIndex(), block.rowNumber(i),
							block.nonFiniteFeature(i)));
				}
			}
		}
		finally {
			reader.close();
		}
		return rows;
	}

	/** One row of a block, for assertions. */
	record Row(String id, float[] features, int fileIndex, long rowNumber, int nonFiniteFeature) {
	}

}
