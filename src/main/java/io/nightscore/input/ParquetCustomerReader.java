package io.nightscore.input;

import java.io.IOException;
import java.util.List;

import io.nightscore.ContractException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one range of rows of one Parquet file as {@link CustomerRow}s through
 * parquet-java's column API, decoding only the id and the model's feature columns.
 *
 * <p>
 * Restart: the number of rows handed out is saved in the step's execution context under
 * {@value #POSITION_KEY} at every chunk commit; on reopen whole row groups before that
 * position are skipped without being read, then the rest of the row group is skipped row
 * by row. Memory: one row group's column chunks plus the current chunk of rows. Not
 * thread-safe: one reader per partition.
 */
public class ParquetCustomerReader implements ItemStreamReader<CustomerRow> {

	/** The execution-context key of the number of rows already handed out. */
	public static final String POSITION_KEY = "customerReader.position";

	private final InputFile file;

	private final int fileIndex;

	private final long firstRow;

	private final long endRow;

	private final String idColumn;

	private final List<String> featureNames;

	private final Configuration configuration;

	private ParquetFileReader reader;

	private ColumnBinding binding;

	private ColumnReader idReader;

	private ColumnReader[] featureReaders;

	private long nextRow;

	private long rowGroupEnd;

	/**
	 * A reader of rows {@code [firstRow, endRow)} (0-based) of {@code file}.
	 */
	public ParquetCustomerReader(InputFile file, int fileIndex, long firstRow, long endRow, String idColumn,
			List<String> featureNames, Configuration configuration) {
		if (firstRow < 0 || endRow < firstRow || endRow > file.rows()) {
			throw new IllegalArgumentException("Rows [" + firstRow + ", " + endRow + ") are not within " + file.path());
		}
		this.file = file;
		this.fileIndex = fileIndex;
		this.firstRow = firstRow;
		this.endRow = endRow;
		this.idColumn = idColumn;
		this.featureNames = List.copyOf(featureNames);
		this.configuration = configuration;
	}

	@Override
	public void open(ExecutionContext context) {
		long position = context.getLong(POSITION_KEY, 0L);
		try {
			Path path = new Path(this.file.path());
			this.reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, this.configuration),
					HadoopReadOptions.builder(this.configuration, path).build());
			this.binding = ColumnBinding.bind(this.reader.getFooter().getFileMetaData().getSchema(), this.file.path(),
					this.idColumn, this.featureNames);
			this.reader.setRequestedSchema(this.binding.projection());
			seek(this.firstRow + position);
		}
		catch (IOException | RuntimeException ex) {
			close();
			if (ex instanceof ContractException contract) {
				throw contract;
			}
			throw new ContractException("Parquet file " + this.file.path() + " cannot be opened for reading ("
					+ InputResolver.reason(ex) + "): replace it and start the date again with --rerun", ex);
		}
	}

	@Override
	public CustomerRow read() {
		if (this.nextRow >= this.endRow) {
			return null;
		}
		if (this.nextRow >= this.rowGroupEnd) {
			readRowGroup();
		}
		try {
			return readRow();
		}
		catch (RuntimeException ex) {
			throw corrupt(ex);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(POSITION_KEY, this.nextRow - this.firstRow);
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
			readRowGroup();
			for (long skipped = groupStart; skipped < row; skipped++) {
				skipRow();
			}
		}
		this.nextRow = row;
	}

	private void readRowGroup() {
		try {
			PageReadStore pages = this.reader.readNextRowGroup();
			if (pages == null) {
				throw new IllegalStateException("the file ends before row " + this.nextRow);
			}
			ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new SkippingConverter(),
					this.binding.projection(), this.reader.getFooter().getFileMetaData().getCreatedBy());
			this.idReader = store.getColumnReader(this.binding.id());
			this.featureReaders = new ColumnReader[this.binding.features().length];
			for (int i = 0; i < this.featureReaders.length; i++) {
				this.featureReaders[i] = store.getColumnReader(this.binding.features()[i]);
			}
			this.rowGroupEnd = this.nextRow + pages.getRowCount();
		}
		catch (IOException | RuntimeException ex) {
			throw corrupt(ex);
		}
	}

	private CustomerRow readRow() {
		String id = null;
		if (defined(this.idReader)) {
			id = this.binding.numericId() ? readNumericId() : this.idReader.getBinary().toStringUsingUTF8();
		}
		this.idReader.consume();
		float[] features = new float[this.featureReaders.length];
		int nonFinite = -1;
		NumericColumn[] conversions = this.binding.conversions();
		int[] scales = this.binding.scales();
		for (int i = 0; i < features.length; i++) {
			ColumnReader column = this.featureReaders[i];
			if (defined(column)) {
				float value = conversions[i].read(column, scales[i]);
				if (!Float.isFinite(value) && nonFinite < 0) {
					nonFinite = i;
				}
				features[i] = value;
			}
			else {
				features[i] = Float.NaN;
			}
			column.consume();
		}
		long row = this.nextRow++;
		return new CustomerRow(id, features, this.fileIndex, row + 1, nonFinite, null);
	}

	private String readNumericId() {
		return (this.binding.id()
			.getPrimitiveType()
			.getPrimitiveTypeName() == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32)
					? Integer.toString(this.idReader.getInteger()) : Long.toString(this.idReader.getLong());
	}

	private void skipRow() {
		skipValue(this.idReader);
		for (ColumnReader column : this.featureReaders) {
			skipValue(column);
		}
	}

	private static void skipValue(ColumnReader column) {
		if (defined(column)) {
			column.skip();
		}
		column.consume();
	}

	private static boolean defined(ColumnReader column) {
		return column.getCurrentDefinitionLevel() == column.getDescriptor().getMaxDefinitionLevel();
	}

	private ContractException corrupt(Exception ex) {
		return new ContractException("Parquet file " + this.file.path() + " cannot be decoded near row "
				+ (this.nextRow + 1) + " (" + InputResolver.reason(ex)
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
