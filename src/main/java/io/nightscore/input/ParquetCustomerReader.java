package io.nightscore.input;

import java.io.IOException;
import java.util.List;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one range of rows of one Parquet file as {@link CustomerBlock}s of up to
 * {@code blockRows} rows from parquet-java's pages, decoding only the id and the model's
 * feature columns: {@link ColumnCursor} positions the column readers (seek, restart),
 * {@link CustomerBlockDecoder} decodes rows from them.
 *
 * <p>
 * A block never spans two row groups. Restart: the number of rows handed out is saved in
 * the step's execution context under {@value #POSITION_KEY} at every chunk commit; on
 * reopen the cursor seeks straight to that row. The time spent reading is saved under
 * {@value #READ_NANOS_KEY}. Memory: the projected pages of a window of
 * {@value #DEFAULT_WINDOW_ROWS} rows (or a block, if larger) plus the current block,
 * where the file has a page index; one row group's projected column chunks where it has
 * not. A text id longer than the maximum is never decoded. Not thread-safe: one reader
 * per partition.
 */
public class ParquetCustomerReader implements ItemStreamReader<CustomerBlock> {

	/** The execution-context key of the number of rows already handed out. */
	public static final String POSITION_KEY = "customerReader.position";

	/** The execution-context key of the nanoseconds spent reading, over all attempts. */
	public static final String READ_NANOS_KEY = "customerReader.readNanos";

	/** The default maximum length of a text customer id, in characters. */
	public static final int DEFAULT_MAX_ID_LENGTH = CustomerIdDecoder.DEFAULT_MAX_LENGTH;

	/** The largest maximum id length that PostgreSQL can always index. */
	public static final int MAX_ID_LENGTH_LIMIT = CustomerIdDecoder.LIMIT;

	/**
	 * The rows whose pages are read at once where the file has a page index: a few pages
	 * of parquet-java's default 20,000 rows, a few MB of compressed columns.
	 */
	public static final int DEFAULT_WINDOW_ROWS = 100_000;

	private final InputFile file;

	private final int fileIndex;

	private final long firstRow;

	private final long endRow;

	private final String idColumn;

	private final List<String> featureNames;

	private final int blockRows;

	private final int maxIdLength;

	private final Configuration configuration;

	private int windowRows = DEFAULT_WINDOW_ROWS;

	private ColumnCursor cursor;

	private CustomerBlockDecoder decoder;

	private long nextRow;

	private long readNanos;

	/**
	 * A reader of rows {@code [firstRow, endRow)} (0-based) of {@code file}, in blocks of
	 * up to {@code blockRows} rows, with the default maximum id length.
	 */
	public ParquetCustomerReader(InputFile file, int fileIndex, long firstRow, long endRow, String idColumn,
			List<String> featureNames, int blockRows, Configuration configuration) {
		this(file, fileIndex, firstRow, endRow, idColumn, featureNames, blockRows, DEFAULT_MAX_ID_LENGTH,
				configuration);
	}

	/**
	 * A reader of rows {@code [firstRow, endRow)} (0-based) of {@code file}, in blocks of
	 * up to {@code blockRows} rows; text ids longer than {@code maxIdLength} characters
	 * are rejected.
	 */
	public ParquetCustomerReader(InputFile file, int fileIndex, long firstRow, long endRow, String idColumn,
			List<String> featureNames, int blockRows, int maxIdLength, Configuration configuration) {
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
		this.maxIdLength = maxIdLength;
		this.configuration = configuration;
	}

	/**
	 * Read the pages of about {@code rows} rows at a time (at least a block's) where the
	 * file has a page index; call before {@link #open}.
	 */
	ParquetCustomerReader windowRows(int rows) {
		this.windowRows = rows;
		return this;
	}

	@Override
	public void open(ExecutionContext context) {
		long position = context.getLong(POSITION_KEY, 0L);
		this.readNanos = context.getLong(READ_NANOS_KEY, 0L);
		try {
			this.cursor = ColumnCursor.open(this.file, this.idColumn, this.featureNames,
					Math.max(this.windowRows, this.blockRows), this.maxIdLength, this.configuration);
			this.decoder = new CustomerBlockDecoder(this.cursor.binding(), this.fileIndex);
			this.nextRow = this.firstRow + position;
			this.cursor.seek(this.nextRow, this.endRow);
		}
		catch (IOException | RuntimeException ex) {
			close();
			rethrowOutOfMemory(ex);
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
			if (this.nextRow >= this.cursor.rowGroupEnd()) {
				this.cursor.nextWindow();
			}
			int rows = (int) Math.min(this.blockRows, Math.min(this.endRow, this.cursor.rowGroupEnd()) - this.nextRow);
			CustomerBlock block = this.decoder.decode(this.cursor, this.nextRow, rows);
			this.nextRow += rows;
			return block;
		}
		catch (ContractException | StorageUnavailableException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
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
		if (this.cursor != null) {
			try {
				this.cursor.close();
			}
			catch (IOException ex) {
				throw new ItemStreamException("Cannot close " + this.file.path(), ex);
			}
			finally {
				this.cursor = null;
			}
		}
	}

	/**
	 * Out of memory is not corruption: parquet-java wraps some {@link OutOfMemoryError}s
	 * in its own exceptions.
	 */
	private static void rethrowOutOfMemory(Throwable ex) {
		OutOfMemoryError oom = Failures.cause(ex, OutOfMemoryError.class);
		if (oom != null) {
			throw oom;
		}
	}

	private RuntimeException corrupt(Exception ex) {
		rethrowOutOfMemory(ex);
		if (StorageFailures.isTransient(ex)) {
			// the storage failed after its retries, not the file: restartable
			return StorageFailures.classify("Parquet file", this.file.path(), ex);
		}
		return new ContractException("Parquet file " + this.file.path() + " cannot be decoded near row "
				+ (this.nextRow + 1) + " (" + Failures.rootMessage(ex)
				+ "): the file is corrupt; replace it and start the date again with --rerun", ex);
	}

}
