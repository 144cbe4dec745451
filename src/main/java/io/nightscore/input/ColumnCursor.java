package io.nightscore.input;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.nightscore.Failures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.VersionParser.VersionParseException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;

/**
 * Positions the id and feature column readers of one open Parquet file at a row and moves
 * them on window by window. Row groups before the row are never read. Where the row group
 * has a page index (offset index), only the pages of a window of about {@code windowRows}
 * rows are read at a time ({@link PageWindows}; parquet-java's filtered row-group read,
 * page checksums still verified); without one the whole row group is one window. The
 * pages before the row are dropped undecoded ({@link PagesFromRow}) and the rest of its
 * page is skipped. The readers are nightscore's own ({@link IdColumnReader},
 * {@link FeatureColumnReader}), not parquet-java's record or column readers. What is read
 * from the positioned readers is {@link CustomerBlockDecoder}'s business.
 *
 * <p>
 * Memory: the projected pages of one window (of the whole row group for a file without a
 * page index), read into buffers reused from window to window ({@link ReadBufferPool}).
 * Not thread-safe: one per reader.
 */
final class ColumnCursor implements AutoCloseable {

	private final InputFile file;

	private final ParquetFileReader reader;

	private final ColumnBinding binding;

	/** What the reader reads windows into, reused from window to window. */
	private final ReadBufferPool buffers;

	private final long windowRows;

	private final ParsedVersion writerVersion;

	private final CustomerIdDecoder ids;

	private IdColumnReader idReader;

	private FeatureColumnReader[] featureReaders;

	private PageReadStore pages;

	private int rowGroup = -1;

	private Optional<PageWindows> windows = Optional.empty();

	private long rowGroupStart;

	private long rowGroupEnd;

	private long windowEnd;

	private long endRow;

	private ColumnCursor(InputFile file, ParquetFileReader reader, ReadBufferPool buffers, ColumnBinding binding,
			long windowRows, CustomerIdDecoder ids) {
		this.file = file;
		this.reader = reader;
		this.buffers = buffers;
		this.binding = binding;
		this.windowRows = windowRows;
		this.ids = ids;
		this.writerVersion = writerVersion(reader.getFooter().getFileMetaData().getCreatedBy());
	}

	/**
	 * Open {@code file} and bind its columns; read windows of about {@code windowRows}
	 * rows where the file has a page index.
	 * @throws io.nightscore.ContractException when a column is missing or mistyped, or
	 * the file changed since the snapshot recorded it
	 */
	static ColumnCursor open(InputFile file, String idColumn, List<String> featureNames, long windowRows,
			int maxIdLength, Configuration configuration) throws IOException {
		Path path = new Path(file.path());
		ReadBufferPool buffers = new ReadBufferPool();
		ParquetFileReader reader = ParquetFileReader.open(ParquetInputs.openRecorded(file, configuration),
				HadoopReadOptions.builder(configuration, path).withAllocator(buffers).build());
		try {
			ColumnBinding binding = ColumnBinding.bind(reader.getFooter().getFileMetaData().getSchema(), file.path(),
					idColumn, featureNames);
			reader.setRequestedSchema(binding.projection());
			return new ColumnCursor(file, reader, buffers, binding, windowRows, new CustomerIdDecoder(maxIdLength));
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
	 * {@link #nextWindow}. At or beyond {@code endRow} nothing is read, and no window
	 * reaches past it.
	 */
	void seek(long row, long endRow) throws IOException {
		this.endRow = endRow;
		long groupStart = 0;
		int group = 0;
		List<Long> groups = this.file.rowGroupRows();
		while (group < groups.size() && groupStart + groups.get(group) <= row) {
			groupStart += groups.get(group);
			group++;
		}
		this.rowGroup = group - 1;
		this.rowGroupEnd = groupStart;
		this.windowEnd = row;
		if (row < endRow) {
			nextWindow();
		}
	}

	/**
	 * Move the readers to the first row after the current window: on in the same row
	 * group, or to the first row of the next.
	 */
	void nextWindow() throws IOException {
		if (this.windowEnd >= this.rowGroupEnd) {
			this.rowGroup++;
			this.rowGroupStart = this.rowGroupEnd;
			if (this.rowGroup >= this.file.rowGroupRows().size()) {
				throw new IllegalStateException("the file ends before row " + (this.rowGroupStart + 1));
			}
			this.rowGroupEnd = this.rowGroupStart + this.file.rowGroupRows().get(this.rowGroup);
			this.windows = PageWindows.of(this.reader, this.rowGroup, this.binding.projection().getColumns());
		}
		long from = this.windowEnd - this.rowGroupStart;
		long limit = Math.min(this.rowGroupEnd, this.endRow) - this.rowGroupStart;
		closePages();
		long to = this.windows.isPresent() ? this.windows.get().end(from, this.windowRows, limit)
				: this.rowGroupEnd - this.rowGroupStart;
		try {
			this.pages = readWindow(from, to);
		}
		catch (ParquetDecodingException ex) {
			if (StorageFailures.isTransient(ex)) {
				throw ex;
			}
			// without the cause: the run's one-line error is its innermost message
			throw new ParquetDecodingException(failingColumn(from, to) + " has a page that cannot be read in rows "
					+ (this.rowGroupStart + from + 1) + " to " + (this.rowGroupStart + to) + ": "
					+ Failures.rootMessage(ex));
		}
		this.windowEnd = this.rowGroupStart + to;
		if (this.pages == null) {
			throw new IllegalStateException("the file ends before row " + (this.rowGroupStart + from + 1));
		}
		position(from);
	}

	/**
	 * The pages of the current row group's rows {@code [from, to)} (a window), or of the
	 * whole row group where it has no page index; page checksums verified as they are
	 * read.
	 */
	private PageReadStore readWindow(long from, long to) throws IOException {
		return this.windows.isPresent()
				? this.reader.readFilteredRowGroup(this.rowGroup, this.windows.get().ranges(from, to))
				: this.reader.readRowGroup(this.rowGroup);
	}

	/**
	 * The column whose pages of the window fail to read (a checksum that does not match,
	 * say), for the message: parquet-java's does not say. Each column's pages read alone,
	 * on the way to failing the run.
	 */
	private String failingColumn(long from, long to) {
		try {
			for (ColumnDescriptor column : this.binding.projection().getColumns()) {
				this.reader.setRequestedSchema(new MessageType("window", column.getPrimitiveType()));
				try (PageReadStore pages = readWindow(from, to)) {
					// this column's pages read
				}
				catch (IOException | RuntimeException ex) {
					return "column " + String.join(".", column.getPath());
				}
			}
			return "a column";
		}
		finally {
			this.reader.setRequestedSchema(this.binding.projection());
		}
	}

	/** The 0-based row of the file where the current row group ends (exclusive). */
	long rowGroupEnd() {
		return this.rowGroupEnd;
	}

	/**
	 * The 0-based row of the file where the current window ends (exclusive): the readers
	 * hold no row from there on.
	 */
	long windowEnd() {
		return this.windowEnd;
	}

	ReadBufferPool buffers() {
		return this.buffers;
	}

	/** The id column's reader; it also reads the id where the id is a feature. */
	IdColumnReader idReader() {
		return this.idReader;
	}

	/**
	 * The feature columns' readers, by feature; {@code null} at the id column's index
	 * where the id is a feature ({@link ColumnBinding#idFeature()}).
	 */
	FeatureColumnReader[] featureReaders() {
		return this.featureReaders;
	}

	@Override
	public void close() throws IOException {
		try {
			closePages();
		}
		finally {
			this.reader.close();
		}
	}

	private void closePages() {
		if (this.pages != null) {
			this.pages.close();
			this.pages = null;
		}
	}

	private void position(long skip) {
		PagesFromRow tail = new PagesFromRow(this.pages, skip, this.windows.orElse(null));
		this.idReader = new IdColumnReader(tail.getPageReader(this.binding.id()), this.binding, this.ids,
				this.writerVersion);
		this.idReader.skip(tail.valuesToSkip(this.binding.id()));
		this.featureReaders = new FeatureColumnReader[this.binding.features().length];
		for (int i = 0; i < this.featureReaders.length; i++) {
			if (i == this.binding.idFeature()) {
				continue;
			}
			ColumnDescriptor feature = this.binding.features()[i];
			this.featureReaders[i] = new FeatureColumnReader(tail.getPageReader(feature), feature,
					this.binding.conversions()[i], this.binding.scales()[i], this.writerVersion);
			this.featureReaders[i].skip(tail.valuesToSkip(feature));
		}
	}

	/**
	 * The file's writer as parquet-java's readers parse it, {@code null} when unknown.
	 */
	private static ParsedVersion writerVersion(String createdBy) {
		try {
			return VersionParser.parse(createdBy);
		}
		catch (RuntimeException | VersionParseException ex) {
			return null;
		}
	}

}
