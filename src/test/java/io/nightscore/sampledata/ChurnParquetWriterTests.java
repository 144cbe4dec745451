package io.nightscore.sampledata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the Parquet files that {@link ChurnDataGenerator} writes, read back with
 * parquet-java.
 */
class ChurnParquetWriterTests {

	@TempDir
	Path dir;

	@Test
	void writesTheCustomersAsConsecutiveRangesInNumberedFiles() throws IOException {
		List<Path> files = new ChurnDataGenerator(42).writeParquet(this.dir, 1_001, 4,
				ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.containsExactly("customers-00000.parquet", "customers-00001.parquet", "customers-00002.parquet",
					"customers-00003.parquet");
		List<Long> rowCounts = new ArrayList<>();
		for (Path file : files) {
			rowCounts
				.add(ParquetTestFiles.footer(file).getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum());
		}
		assertThat(rowCounts).containsExactly(250L, 250L, 250L, 251L);
		assertThat(ParquetTestFiles.readCustomers(files.get(1)).get(0).customerId()).isEqualTo("C00000251");
	}

	@Test
	void fileRowsAreTheGeneratedCustomers() throws IOException {
		ChurnDataGenerator generator = new ChurnDataGenerator(42);
		Path file = this.dir.resolve("one.parquet");
		generator.writeParquetFile(file, 500, 2_000, ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		assertThat(ParquetTestFiles.readCustomers(file))
			.containsExactlyElementsOf(generator.customers(500, 2_000).toList());
	}

	@Test
	void schemaMixesPhysicalAndLogicalTypes() throws IOException {
		Path file = this.dir.resolve("one.parquet");
		new ChurnDataGenerator(42).writeParquetFile(file, 0, 10, ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		MessageType schema = ParquetTestFiles.footer(file).getFileMetaData().getSchema();
		assertThat(schema).isEqualTo(ChurnDataGenerator.SCHEMA);
		assertThat(describe(schema, "customer_id")).isEqualTo("required binary customer_id (STRING)");
		assertThat(describe(schema, "state")).isEqualTo("required binary state (STRING)");
		assertThat(describe(schema, "tenure_months")).isEqualTo("required int32 tenure_months");
		assertThat(describe(schema, "contract_months")).isEqualTo("required int32 contract_months (INTEGER(16,true))");
		assertThat(describe(schema, "num_lines")).isEqualTo("required int32 num_lines (INTEGER(8,true))");
		assertThat(describe(schema, "data_usage_bytes")).isEqualTo("optional int64 data_usage_bytes");
		assertThat(describe(schema, "total_day_minutes")).isEqualTo("required double total_day_minutes");
		assertThat(describe(schema, "total_night_minutes")).isEqualTo("required float total_night_minutes");
		assertThat(describe(schema, "paperless_billing")).isEqualTo("optional boolean paperless_billing");
		assertThat(describe(schema, "monthly_charges")).isEqualTo("required int32 monthly_charges (DECIMAL(9,2))");
		assertThat(describe(schema, "account_balance")).isEqualTo("optional int64 account_balance (DECIMAL(12,2))");
		assertThat(describe(schema, "total_charges"))
			.isEqualTo("required fixed_len_byte_array(9) total_charges (DECIMAL(20,2))");
		assertThat(describe(schema, "churned")).isEqualTo("required boolean churned");
		assertThat(ParquetTestFiles.footer(file).getBlocks().get(0).getColumns())
			.allMatch((column) -> column.getCodec() == CompressionCodecName.SNAPPY);
	}

	@Test
	void optionalColumnsHaveAboutOnePercentNullsInTheFooterStatistics() throws IOException {
		Path file = this.dir.resolve("one.parquet");
		new ChurnDataGenerator(42).writeParquetFile(file, 0, 20_000, ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		for (ColumnChunkMetaData column : ParquetTestFiles.footer(file).getBlocks().get(0).getColumns()) {
			Statistics<?> statistics = column.getStatistics();
			boolean optional = ChurnDataGenerator.SCHEMA.getType(column.getPath().toArray())
				.isRepetition(PrimitiveType.Repetition.OPTIONAL);
			assertThat(statistics.getNumNulls() / 20_000.0).as(column.getPath().toDotString())
				.isCloseTo(optional ? 0.01 : 0.0, within(0.003));
		}
	}

	@Test
	void sameSeedWritesTheSameBytes() throws IOException {
		new ChurnDataGenerator(42).writeParquet(this.dir.resolve("a"), 1_000, 2,
				ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		new ChurnDataGenerator(42).writeParquet(this.dir.resolve("b"), 1_000, 2,
				ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		for (String name : List.of("customers-00000.parquet", "customers-00001.parquet")) {
			assertThat(Files.readAllBytes(this.dir.resolve("b").resolve(name)))
				.isEqualTo(Files.readAllBytes(this.dir.resolve("a").resolve(name)));
		}
	}

	@Test
	void rowGroupSizeControlsTheNumberOfRowGroups() throws IOException {
		ChurnDataGenerator generator = new ChurnDataGenerator(42);
		Path small = this.dir.resolve("small.parquet");
		Path single = this.dir.resolve("single.parquet");
		generator.writeParquetFile(small, 0, 50_000, 256 * 1024);
		generator.writeParquetFile(single, 0, 50_000, ChurnDataGenerator.ONE_ROW_GROUP_SIZE);
		assertThat(ParquetTestFiles.footer(small).getBlocks()).hasSizeGreaterThan(1);
		ParquetMetadata footer = ParquetTestFiles.footer(single);
		assertThat(footer.getBlocks()).hasSize(1);
		assertThat(footer.getBlocks().get(0).getRowCount()).isEqualTo(50_000);
	}

	@Test
	void rejectsMoreFilesThanCustomers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChurnDataGenerator(42).writeParquet(this.dir, 3, 4,
					ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE))
			.withMessageContaining("Cannot write 3 customers to 4 files");
	}

	private static String describe(MessageType schema, String column) {
		return schema.getType(column).toString();
	}

}
