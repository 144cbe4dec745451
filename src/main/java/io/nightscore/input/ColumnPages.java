package io.nightscore.input;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.CorruptDeltaByteArrays;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.RequiresPreviousReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * One flat column's data pages, walked a run of rows at a time (a run never crosses a
 * page): version 1 and 2 pages, their definition levels decoded a run at a time
 * ({@link HybridIntDecoder}), their values handed to the column's reader as each page
 * starts. Page checksums and decompression are the page reader's. What the values mean is
 * {@link FeatureColumnReader}'s and {@link IdColumnReader}'s business.
 *
 * <p>
 * Not thread-safe: one per column of a cursor's window.
 */
final class ColumnPages {

	private final PageReader pages;

	private final ColumnDescriptor column;

	private final int maxDefinition;

	private final Dictionary dictionary;

	private final PageStart onPage;

	private final ParsedVersion writerVersion;

	private Levels levels;

	/** The definition levels of the current run of rows; reused. */
	private int[] definitions = new int[0];

	private int rowsLeftInPage;

	/**
	 * The pages of {@code column}; {@code onPage} is told of each page's values as the
	 * page starts.
	 * @param writerVersion the file's writer as parquet-java parses it, {@code null} when
	 * unknown (for its workaround of old writers' delta-encoded byte arrays)
	 */
	ColumnPages(PageReader pages, ColumnDescriptor column, ParsedVersion writerVersion, PageStart onPage) {
		this.pages = pages;
		this.column = column;
		this.maxDefinition = column.getMaxDefinitionLevel();
		this.writerVersion = writerVersion;
		this.onPage = onPage;
		DictionaryPage dictionaryPage = pages.readDictionaryPage();
		this.dictionary = (dictionaryPage != null) ? dictionaryPage.decode(column) : null;
	}

	/** The column chunk's dictionary, or {@code null} when it has none. */
	Dictionary dictionary() {
		return this.dictionary;
	}

	/**
	 * The dictionary a page in {@code encoding} refers to.
	 * @throws ParquetDecodingException when the column chunk has none
	 */
	Dictionary dictionaryFor(Encoding encoding) {
		if (this.dictionary == null) {
			throw new ParquetDecodingException(
					"column " + name() + " has a dictionary-encoded page (" + encoding + ") but no dictionary");
		}
		return this.dictionary;
	}

	/**
	 * parquet-java's reader of a page's {@code valueCount} values in {@code encoding}
	 * from {@code in} (dictionary-based where the encoding is), started; {@code previous}
	 * is the previous page's, which old writers' delta-encoded byte arrays need.
	 */
	ValuesReader valuesReader(Encoding encoding, ByteBufferInputStream in, int valueCount, ValuesReader previous)
			throws IOException {
		ValuesReader values = encoding.usesDictionary()
				? encoding.getDictionaryBasedValuesReader(this.column, ValuesType.VALUES, dictionaryFor(encoding))
				: encoding.getValuesReader(this.column, ValuesType.VALUES);
		DeltaHeaders.check(encoding, in, valueCount, name());
		values.initFromPage(valueCount, in);
		if (CorruptDeltaByteArrays.requiresSequentialReads(this.writerVersion, encoding)
				&& values instanceof RequiresPreviousReader sequential) {
			sequential.setPreviousReader(previous);
		}
		return values;
	}

	/**
	 * Take the next run of rows: at most {@code wanted}, all in one page (starting the
	 * next page when the current one is done). Read its levels with {@link #definitions}.
	 * @return the rows of the run
	 */
	int nextRun(long wanted) {
		while (this.rowsLeftInPage == 0) {
			nextPage();
		}
		int rows = (int) Math.min(wanted, this.rowsLeftInPage);
		this.rowsLeftInPage -= rows;
		return rows;
	}

	/**
	 * The definition levels of the run's {@code rows} rows, or {@code null} when the
	 * column is required (every row has a value).
	 */
	int[] definitions(int rows) {
		if (this.maxDefinition == 0) {
			return null;
		}
		if (this.definitions.length < rows) {
			this.definitions = new int[Math.max(rows, 2 * this.definitions.length)];
		}
		try {
			this.levels.read(this.definitions, rows);
		}
		catch (ParquetDecodingException ex) {
			// without the cause: the run's one-line error is its innermost message
			throw new ParquetDecodingException(
					"column " + name() + " has definition levels that cannot be decoded: " + ex.getMessage());
		}
		return this.definitions;
	}

	/** Whether row {@code row} of a run with these {@code definitions} has a value. */
	boolean isDefined(int[] definitions, int row) {
		return definitions == null || definitions[row] == this.maxDefinition;
	}

	/** The rows of a run of {@code rows} that have a value. */
	int present(int[] definitions, int rows) {
		if (definitions == null) {
			return rows;
		}
		int present = 0;
		for (int row = 0; row < rows; row++) {
			present += (definitions[row] == this.maxDefinition) ? 1 : 0;
		}
		return present;
	}

	ColumnDescriptor column() {
		return this.column;
	}

	/**
	 * Move a page's plain values on by {@code bytes}.
	 * @throws ParquetDecodingException when they end before that
	 */
	void skipPlain(ByteBuffer values, long bytes) {
		if (bytes > values.remaining()) {
			throw shortPage();
		}
		values.position(values.position() + (int) bytes);
	}

	/**
	 * The failure for a page whose values end before its header's count: what a reader
	 * throws when its buffer runs out (without the buffer's exception as a cause, so the
	 * run's error names the column).
	 */
	ParquetDecodingException shortPage() {
		return new ParquetDecodingException(
				"column " + name() + " has a page whose values end before the count its header gives");
	}

	/** The column's dotted name, for messages. */
	String name() {
		return String.join(".", this.column.getPath());
	}

	private void nextPage() {
		DataPage page = this.pages.readPage();
		if (page == null) {
			throw new ParquetDecodingException("column " + name() + " has fewer values than the row group's rows");
		}
		// a flat column's page holds one value per row: as many as the page index (or a
		// version 2 header) says it has rows, or the rows go to the wrong pages
		int indexRows = page.getIndexRowCount().orElse(page.getValueCount());
		if (indexRows != page.getValueCount()) {
			throw new ParquetDecodingException("column " + name() + " has a page of " + page.getValueCount()
					+ " values where the page index or its header says " + indexRows + " rows");
		}
		try {
			if (page instanceof DataPageV1 v1) {
				ByteBufferInputStream in = v1.getBytes().toInputStream();
				// flat columns: no repetition levels to read, but skip what a writer put
				// there
				v1.getRlEncoding()
					.getValuesReader(this.column, ValuesType.REPETITION_LEVEL)
					.initFromPage(v1.getValueCount(), in);
				this.levels = definitionLevels(v1, in);
				this.onPage.start(v1.getValueEncoding(), in, v1.getValueCount());
			}
			else if (page instanceof DataPageV2 v2) {
				HybridIntDecoder decoder = new HybridIntDecoder(BytesUtils.getWidthFromMaxInt(this.maxDefinition),
						v2.getDefinitionLevels().toByteBuffer());
				this.levels = (out, count) -> decoder.read(out, 0, count);
				this.onPage.start(v2.getDataEncoding(), v2.getData().toInputStream(), v2.getValueCount());
			}
			else {
				throw new ParquetDecodingException("column " + name() + " has a page of unknown kind " + page);
			}
		}
		catch (IOException ex) {
			throw new ParquetDecodingException("could not read a page of column " + name(), ex);
		}
		this.rowsLeftInPage = Math.max(page.getValueCount(), 0);
	}

	/**
	 * A version 1 page's definition levels: RLE / bit-packed with a length in front, as
	 * every writer since 2013 writes them, or in the older bit-packed encoding.
	 */
	private Levels definitionLevels(DataPageV1 page, ByteBufferInputStream in) throws IOException {
		if (this.maxDefinition == 0) {
			return null;
		}
		if (page.getDlEncoding() == Encoding.RLE) {
			int length = BytesUtils.readIntLittleEndian(in);
			if (length < 0 || length > in.available()) {
				// before slicing: a slice across buffers allocates the length it is given
				throw new ParquetDecodingException("column " + name() + " has definition levels of "
						+ Integer.toUnsignedString(length) + " bytes where its page has " + in.available() + " left");
			}
			HybridIntDecoder decoder = new HybridIntDecoder(BytesUtils.getWidthFromMaxInt(this.maxDefinition),
					in.slice(length));
			return (out, count) -> decoder.read(out, 0, count);
		}
		ValuesReader reader = page.getDlEncoding().getValuesReader(this.column, ValuesType.DEFINITION_LEVEL);
		reader.initFromPage(page.getValueCount(), in);
		return (out, count) -> {
			for (int i = 0; i < count; i++) {
				out[i] = reader.readInteger();
			}
		};
	}

	/** What a column's reader does as a page starts. */
	@FunctionalInterface
	interface PageStart {

		/**
		 * Start reading a page's {@code valueCount} values (nulls included in version 1
		 * pages' count), in {@code encoding}, from {@code in}.
		 */
		void start(Encoding encoding, ByteBufferInputStream in, int valueCount) throws IOException;

	}

	/** A page's definition levels, read a run of rows at a time. */
	@FunctionalInterface
	private interface Levels {

		void read(int[] out, int count);

	}

}
