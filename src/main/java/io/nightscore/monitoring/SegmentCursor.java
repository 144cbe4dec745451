package io.nightscore.monitoring;

import java.io.IOException;

import io.nightscore.ContractException;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetInputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the {@code --segment-column} of a run's input forward, file by file and row by
 * row, so that the scored rows (in file and row order) can be matched to their segment
 * without holding the column in memory: only that one column is read. Each file is opened
 * only if it is still the one the snapshot recorded, as the partitions open it. Not
 * thread-safe; close it.
 */
public final class SegmentCursor implements AutoCloseable {

	/** The segment of rows whose segment cell is null. */
	public static final String NULL_SEGMENT = "(null)";

	private final InputSnapshot snapshot;

	private final String column;

	private final Configuration configuration;

	private int file = -1;

	private ParquetReader<Group> reader;

	private long position;

	private String current;

	public SegmentCursor(InputSnapshot snapshot, String column, Configuration configuration) {
		this.snapshot = snapshot;
		this.column = column;
		this.configuration = configuration;
	}

	/**
	 * Check that every file has the segment column.
	 * @throws ContractException naming the first file without it
	 */
	public static void check(InputSnapshot snapshot, String column, Configuration configuration) {
		for (int f = 0; f < snapshot.files().size(); f++) {
			projection(snapshot.files().get(f), column, configuration);
		}
	}

	/**
	 * The segment of a row.
	 * @param fileIndex the file's index in the snapshot, never lower than the last call's
	 * @param rowNumber the 1-based row number, never lower than the last call's in the
	 * same file
	 */
	public String segmentAt(int fileIndex, long rowNumber) {
		try {
			if (fileIndex != this.file) {
				open(fileIndex);
			}
			while (this.position < rowNumber) {
				Group row = this.reader.read();
				this.position++;
				this.current = (row == null || row.getFieldRepetitionCount(0) == 0) ? NULL_SEGMENT
						: row.getValueToString(0, 0);
			}
			return this.current;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read segment column '" + this.column + "' of "
					+ this.snapshot.files().get(fileIndex).path() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		if (this.reader != null) {
			try {
				this.reader.close();
			}
			catch (IOException ex) {
				// read-only: nothing to lose
			}
			this.reader = null;
		}
	}

	private void open(int fileIndex) throws IOException {
		close();
		InputFile recorded = this.snapshot.files().get(fileIndex);
		Configuration projected = new Configuration(this.configuration);
		projected.set(ReadSupport.PARQUET_READ_SCHEMA,
				projection(recorded, this.column, this.configuration).toString());
		this.reader = new GroupReader(ParquetInputs.openRecorded(recorded, this.configuration)).withConf(projected)
			.build();
		this.file = fileIndex;
		this.position = 0;
		this.current = NULL_SEGMENT;
	}

	private static MessageType projection(InputFile recorded, String column, Configuration configuration) {
		String path = recorded.path();
		try (ParquetFileReader footer = ParquetFileReader.open(ParquetInputs.openRecorded(recorded, configuration))) {
			MessageType schema = footer.getFooter().getFileMetaData().getSchema();
			if (!schema.containsField(column)) {
				throw new ContractException("Parquet file " + path + " has no segment column '" + column
						+ "' (--segment-column): name a column every input file has");
			}
			return new MessageType("segment", schema.getType(column));
		}
		catch (IOException ex) {
			throw new ContractException(
					"Parquet file " + path + " cannot be read for its segment column: " + ex.getMessage(), ex);
		}
	}

	/** parquet-java's record reader of {@link Group}s, on an already opened file. */
	private static final class GroupReader extends ParquetReader.Builder<Group> {

		GroupReader(org.apache.parquet.io.InputFile file) {
			super(file);
		}

		@Override
		protected ReadSupport<Group> getReadSupport() {
			return new GroupReadSupport();
		}

	}

}
