package io.nightscore.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes small Parquet files for tests through parquet-java's builder API, from a schema
 * in Parquet's text syntax and one callback per row.
 */
public final class ParquetFixtures {

	private ParquetFixtures() {
	}

	/**
	 * Write {@code rows} to {@code file}.
	 * @param schema e.g. {@code message m { required binary customer_id (STRING);
	 * optional int32 x; }}
	 * @param rowGroupBytes the row group size in bytes (small values give several row
	 * groups)
	 */
	public static Path write(Path file, String schema, List<Consumer<Group>> rows, long rowGroupBytes)
			throws IOException {
		return write(file, schema, rows, (builder) -> builder.withRowGroupSize(rowGroupBytes).withPageSize(4096));
	}

	/**
	 * Write {@code rows} to {@code file} with the writer {@code settings} make of
	 * parquet-java's defaults (page version, encodings, sizes).
	 */
	public static Path write(Path file, String schema, List<Consumer<Group>> rows,
			UnaryOperator<ExampleParquetWriter.Builder> settings) throws IOException {
		MessageType type = MessageTypeParser.parseMessageType(schema);
		SimpleGroupFactory groups = new SimpleGroupFactory(type);
		Configuration configuration = new Configuration();
		ExampleParquetWriter.Builder builder = ExampleParquetWriter
			.builder(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), configuration))
			.withConf(configuration)
			.withType(type);
		try (ParquetWriter<Group> writer = settings.apply(builder).build()) {
			for (Consumer<Group> row : rows) {
				Group group = groups.newGroup();
				row.accept(group);
				writer.write(group);
			}
		}
		return file;
	}

	/**
	 * Copy {@code source} to {@code target} row group by row group, as file-merging tools
	 * do: parquet-java does not copy page indexes (column and offset indexes), so the
	 * copy has none, like files from writers that never write them.
	 */
	public static Path withoutPageIndex(Path source, Path target) throws IOException {
		Configuration configuration = new Configuration();
		HadoopInputFile input = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(source.toUri()), configuration);
		MessageType schema;
		try (ParquetFileReader reader = ParquetFileReader.open(input)) {
			schema = reader.getFooter().getFileMetaData().getSchema();
		}
		ParquetFileWriter writer = new ParquetFileWriter(
				HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(target.toUri()), configuration), schema,
				ParquetFileWriter.Mode.CREATE, ParquetWriter.DEFAULT_BLOCK_SIZE,
				ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
		writer.start();
		writer.appendFile(input);
		writer.end(Map.of());
		return target;
	}

	public static Path write(Path file, String schema, List<Consumer<Group>> rows) throws IOException {
		return write(file, schema, rows, ParquetWriter.DEFAULT_BLOCK_SIZE);
	}

}
