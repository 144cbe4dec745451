package io.nightscore.input;

import java.io.IOException;
import java.util.List;

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

/**
 * Positions the id and feature column readers of one open Parquet file at a row: whole
 * row groups before it are skipped without being read, the pages before it in its row
 * group are dropped undecoded ({@link PagesFromRow}), and the rest of its page is skipped
 * value by value. What is read from the positioned readers is
 * {@link CustomerBlockDecoder}'s business.
 *
 * <p>
 * Memory: one row group's projected column chunks. Not thread-safe: one per reader.
 */
final class ColumnCursor implements AutoCloseable {

	private final InputFile file;

	private final ParquetFileReader reader;

	private final ColumnBinding binding;

	private ColumnReader idReader;

	private ColumnReader[] featureReaders;

	private long rowGroupStart;

	private long rowGroupEnd;

	private ColumnCursor(InputFile file, ParquetFileReader reader, ColumnBinding binding) {
		this.file = file;
		this.reader = reader;
		this.binding = binding;
	}

	/**
	 * Open {@code file} and bind its columns.
	 * @throws io.nightscore.ContractException when a column is missing or mistyped
	 */
	static ColumnCursor open(InputFile file, String idColumn, List<String> featureNames, Configuration configuration)
			throws IOException {
		Path path = new Path(file.path());
		ParquetFileReader reader = ParquetFileReader.open(ParquetInputs.open(file.path(), configuration),
				HadoopReadOptions.builder(configuration, path).build());
		try {
			ColumnBinding binding = ColumnBinding.bind(reader.getFooter().getFileMetaData().getSchema(), file.path(),
					idColumn, featureNames);
			reader.setRequestedSchema(binding.projection());
			return new ColumnCursor(file, reader, binding);
		}
		catch (RuntimeException ex) {
			reader.close();
			throw ex;
		}
	}

	ColumnBinding binding() {
		return this.binding;
	}

	/**
	 * Position the readers at 0-based row {@code row} of the file; call once, before any
	 * {@link #nextRowGroup}. At or beyond {@code endRow} nothing is read.
	 */
	void seek(long row, long endRow) throws IOException {
		long groupStart = 0;
		int group = 0;
		List<Long> groups = this.file.rowGroupRows();
		while (group < groups.size() && groupStart + groups.get(group) <= row) {
			groupStart += groups.get(group);
			this.reader.skipNextRowGroup();
			group++;
		}
		this.rowGroupStart = groupStart;
		this.rowGroupEnd = groupStart;
		if (row < endRow) {
			readRowGroup(row - groupStart);
		}
	}

	/** Move the readers to the first row of the next row group. */
	void nextRowGroup() throws IOException {
		this.rowGroupStart = this.rowGroupEnd;
		readRowGroup(0);
	}

	/** The 0-based row of the file where the current row group ends (exclusive). */
	long rowGroupEnd() {
		return this.rowGroupEnd;
	}

	ColumnReader idReader() {
		return this.idReader;
	}

	ColumnReader[] featureReaders() {
		return this.featureReaders;
	}

	@Override
	public void close() throws IOException {
		this.reader.close();
	}

	private void readRowGroup(long skip) throws IOException {
		PageReadStore pages = this.reader.readNextRowGroup();
		if (pages == null) {
			throw new IllegalStateException("the file ends before row " + (this.rowGroupStart + skip + 1));
		}
		PagesFromRow tail = new PagesFromRow(pages, skip);
		ColumnReadStoreImpl store = new ColumnReadStoreImpl(tail, new SkippingConverter(), this.binding.projection(),
				this.reader.getFooter().getFileMetaData().getCreatedBy());
		this.idReader = store.getColumnReader(this.binding.id());
		skipValues(this.idReader, tail.valuesToSkip(this.binding.id()));
		this.featureReaders = new ColumnReader[this.binding.features().length];
		for (int i = 0; i < this.featureReaders.length; i++) {
			ColumnDescriptor feature = this.binding.features()[i];
			this.featureReaders[i] = store.getColumnReader(feature);
			skipValues(this.featureReaders[i], tail.valuesToSkip(feature));
		}
		this.rowGroupEnd = this.rowGroupStart + pages.getRowCount();
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
