package io.nightscore.input;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one range of rows of one Parquet file as {@link CustomerBlock}s of up to
 * {@code blockRows} rows through parquet-java's column API, decoding only the id and the
 * model's feature columns, one column at a time, straight into the block's feature
 * matrix.
 *
 * <p>
 * A block never spans two row groups. Restart: the number of rows handed out is saved in
 * the step's execution context under {@value #POSITION_KEY} at every chunk commit; on
 * reopen whole row groups before that position are skipped without being read, then the
 * pages before it are dropped undecoded ({@link PagesFromRow}) and the rest of its page
 * is skipped value by value. The time spent reading is saved under
 * {@value #READ_NANOS_KEY}. Memory: one row group's projected column chunks plus the
 * current block. Not thread-safe: one reader per partition.
 */
public class ParquetCustomerReader implements ItemStreamReader<CustomerBlock> {

	/** The execution-context key of the number of rows already handed out. */
	public static final String POSITION_KEY = "customerReader.position";

	/** The execution-context key of the nanoseconds spent reading, over all attempts. */
	public static final String READ_NANOS_KEY = "customerReader.readNanos";

	private final InputFile file;

	private final int fileIndex;

	private final long firstRow;

	private final long endRow;

	private final String idColumn;

	private final List<String> featureNames;

	private final int blockRows;

	private final Configuration configuration;

	private ParquetFileReader reader;

	private ColumnBinding binding;

	private ColumnReader idReader;

	private ColumnReader[] featureReaders;

	private long nextRow;

	private long rowGroupEnd;

	private long readNanos;

	/**
	 * A reader of rows {@code [firstRow, endRow)} (0-based) of {@code file}, in blocks of
	 * up to {@code blockRows} rows.
	 */
	public ParquetCustomerReader(InputFile file, int fileIndex, long firstRow, long endRow, String idColumn,
			List<String> featureNames, int blockRows, Configuration configuration) {
		if (firstRow < 0 || endRow < firstRow || endRow > file.rows()) {
			throw new IllegalArgumentException("Rows [" + firstRow + ", " + endRow + ") are not within " + file.path());
		}
		if (blockRows < 1) {
			throw new IllegalArgumentException("Blocks need at least one row, not " + blockRows);
		}
		this.file = file;
		this.fileIndex = fileIndex;
		this.firstRow = firstRow;
		this.endRow = endRow;
		this.idColumn = idColumn;
		this.featureNames = List.copyOf(featureNames);
		this.blockRows = blockRows;
		this.configuration = configuration;
	}

	@Override
	public void open(ExecutionContext context) {
		long position = context.getLong(POSITION_KEY, 0L);
		this.readNanos = context.getLong(READ_NANOS_KEY, 0L);
		try {
			Path path = new Path(this.file.path());
			this.reader = ParquetFileReader.open(ParquetInputs.open(this.file.path(), this.configuration),
					HadoopReadOptions.builder(this.configuration, path).build());
			this.binding = ColumnBinding.bind(this.reader.getFooter().getFileMetaData().getSchema(), this.file.path(),
					this.idColumn, this.featureNames);
			this.reader.setRequestedSchema(this.binding.projection());
			seek(this.firstRow + position);
		}
		catch (IOException | RuntimeException ex) {
			close();
			if (ex instanceof ContractException || ex instanceof StorageUnavailableException) {
				throw (RuntimeException) ex;
			}
			if (StorageFailures.isTransient(ex)) {
				throw StorageFailures.classify("Parquet file", this.file.path(), ex);
			}
			throw new ContractException("Parquet file " + this.file.path() + " cannot be opened for reading ("
					+ Failures.rootMessage(ex) + "): replace it and start the date again with --rerun", ex);
		}
	}

	@Override
	public CustomerBlock read() {
		if (this.nextRow >= this.endRow) {
			return null;
		}
		long started = System.nanoTime();
		try {
			if (this.nextRow >= this.rowGroupEnd) {
				readRowGroup(0);
			}
			int rows = (int) Math.min(this.blockRows, Math.min(this.endRow, this.rowGroupEnd) - this.nextRow);
			return readBlock(rows);
		}
		catch (ContractException | StorageUnavailableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw corrupt(ex);
		}
		finally {
			this.readNanos += System.nanoTime() - started;
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(POSITION_KEY, this.nextRow - this.firstRow);
		context.putLong(READ_NANOS_KEY, this.readNanos);
	}

	@Override
	public void close() {
		if (this.reader != null) {
			try {
				this.reader.close();
			}
			catch (IOException ex) {
				throw new ItemStreamException("Cannot close " + this.file.path(), ex);
			}
			finally {
				this.reader = null;
			}
		}
	}

	private void seek(long row) throws IOException {
		long groupStart = 0;
		int group = 0;
		List<Long> groups = this.file.rowGroupRows();
		while (group < groups.size() && groupStart + groups.get(group) <= row) {
			groupStart += groups.get(group);
			this.reader.skipNextRowGroup();
			group++;
		}
		this.nextRow = groupStart;
		this.rowGroupEnd = groupStart;
		if (row < this.endRow) {
			readRowGroup(row - groupStart);
		}
		this.nextRow = row;
	}

	/** Read the next row group and position its column readers at row {@code skip}. */
	private void readRowGroup(long skip) {
		try {
			PageReadStore pages = this.reader.readNextRowGroup();
			if (pages == null) {
				throw new IllegalStateException("the file ends before row " + this.nextRow);
			}
			PagesFromRow tail = new PagesFromRow(pages, skip);
			ColumnReadStoreImpl store = new ColumnReadStoreImpl(tail, new SkippingConverter(),
					this.binding.projection(), this.reader.getFooter().getFileMetaData().getCreatedBy());
			this.idReader = store.getColumnReader(this.binding.id());
			skipValues(this.idReader, tail.valuesToSkip(this.binding.id()));
			this.featureReaders = new ColumnReader[this.binding.features().length];
			for (int i = 0; i < this.featureReaders.length; i++) {
				ColumnDescriptor feature = this.binding.features()[i];
				this.featureReaders[i] = store.getColumnReader(feature);
				skipValues(this.featureReaders[i], tail.valuesToSkip(feature));
			}
			this.rowGroupEnd = this.nextRow + pages.getRowCount();
		}
		catch (IOException | RuntimeException ex) {
			throw corrupt(ex);
		}
	}

	private CustomerBlock readBlock(int rows) {
		String[] ids = readIds(rows);
		int width = this.featureReaders.length;
		float[] features = new float[rows * width];
		int[] nonFinite = null;
		NumericColumn[] conversions = this.binding.conversions();
		int[] scales = this.binding.scales();
		for (int feature = 0; feature < width; feature++) {
			ColumnReader column = this.featureReaders[feature];
			int defined = column.getDescriptor().getMaxDefinitionLevel();
			NumericColumn conversion = conversions[feature];
			int scale = scales[feature];
			for (int row = 0, at = feature; row < rows; row++, at += width) {
				float value = Float.NaN;
				if (column.getCurrentDefinitionLevel() == defined) {
					value = conversion.read(column, scale);
					if (!Float.isFinite(value)) {
						nonFinite = markNonFinite(nonFinite, rows, row, feature);
					}
				}
				features[at] = value;
				column.consume();
			}
		}
		long first = this.nextRow;
		this.nextRow += rows;
		return new CustomerBlock(this.fileIndex, first + 1, ids, features, width, nonFinite);
	}

	private String[] readIds(int rows) {
		String[] ids = new String[rows];
		ColumnReader column = this.idReader;
		int defined = column.getDescriptor().getMaxDefinitionLevel();
		boolean text = !this.binding.numericId();
		boolean int32 = column.getDescriptor().getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
		for (int row = 0; row < rows; row++) {
			if (column.getCurrentDefinitionLevel() == defined) {
				ids[row] = text ? column.getBinary().toStringUsingUTF8()
						: int32 ? Integer.toString(column.getInteger()) : Long.toString(column.getLong());
			}
			column.consume();
		}
		return ids;
	}

	/** Features are read in order, so the first mark of a row is its first feature. */
	private static int[] markNonFinite(int[] nonFinite, int rows, int row, int feature) {
		int[] marks = nonFinite;
		if (marks == null) {
			marks = new int[rows];
			Arrays.fill(marks, -1);
		}
		if (marks[row] < 0) {
			marks[row] = feature;
		}
		return marks;
	}

	private static void skipValues(ColumnReader column, long values) {
		int defined = column.getDescriptor().getMaxDefinitionLevel();
		for (long i = 0; i < values; i++) {
			if (column.getCurrentDefinitionLevel() == defined) {
				column.skip();
			}
			column.consume();
		}
	}

	private RuntimeException corrupt(Exception ex) {
		if (StorageFailures.isTransient(ex)) {
			// the storage failed after its retries, not the file: restartable
			return StorageFailures.classify("Parquet file", this.file.path(), ex);
		}
		return new ContractException("Parquet file " + this.file.path() + " cannot be decoded near row "
				+ (this.nextRow + 1) + " (" + Failures.rootMessage(ex)
				+ "): the file is corrupt; replace it and start the date again with --rerun", ex);
	}

	/**
	 * Column readers need a converter tree; values are read from the readers directly.
	 */
	private static final class SkippingConverter extends GroupConverter {

		@Override
		public Converter getConverter(int fieldIndex) {
			return new PrimitiveConverter() {
			};
		}

		@Override
		public void start() {
		}

		@Override
		public void end() {
		}

	}

}
