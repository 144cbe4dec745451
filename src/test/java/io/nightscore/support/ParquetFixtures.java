package io.nightscore.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
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
		MessageType type = MessageTypeParser.parseMessageType(schema);
		SimpleGroupFactory groups = new SimpleGroupFactory(type);
		Configuration configuration = new Configuration();
		try (ParquetWriter<Group> writer = ExampleParquetWriter
			.builder(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), configuration))
			.withConf(configuration)
			.withType(type)
			.withRowGroupSize(rowGroupBytes)
			.withPageSize(4096)
			.build()) {
			for (Consumer<Group> row : rows) {
				Group group = groups.newGroup();
				row.accept(group);
				writer.write(group);
			}
		}
		return file;
	}

	public static Path write(Path file, String schema, List<Consumer<Group>> rows) throws IOException {
		return write(file, schema, rows, ParquetWriter.DEFAULT_BLOCK_SIZE);
	}

}
