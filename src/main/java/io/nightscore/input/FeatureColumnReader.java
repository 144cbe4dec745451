package io.nightscore.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
 * Reads one flat feature column's pages straight into a block's row-major float matrix, a
 * page's run of rows at a time: the definition levels of the run first, then its values
 * in one loop per page encoding. Dictionaries are converted to floats once, when the
 * column is opened; plain-encoded fixed-width values are read from the page's buffer
 * directly; every other encoding goes through parquet-java's own values readers. Page
 * checksums and decompression stay the page reader's.
 *
 * <p>
 * This is parquet-java's {@code ColumnReaderImpl} for the one case the job needs (a flat
 * numeric column read in order), without its per-value state machine: decoding a
 * million-row file's 20 features took about a third of the score step's CPU through it.
 * Not thread-safe: one per column of a cursor's window.
 */
final class FeatureColumnReader {

	private final PageReader pages;

	private final ColumnDescriptor column;

	private final NumericColumn conversion;

	private final int scale;

	private final int maxDefinition;

	private final ParsedVersion writerVersion;

	private final Dictionary dictionary;

	/** The dictionary's entries as XGBoost's floats, by id. */
	private final float[] dictionaryFloats;

	/** The definition levels of the current run of rows; reused. */
	private int[] definitions = new int[0];

	private Levels levels;

	/** The current page's values where they are plain and fixed-width, little-endian. */
	private ByteBuffer plain;

	/** The current page's dictionary ids where it is dictionary-encoded. */
	private HybridIntDecoder dictionaryIdDecoder;

	/** The dictionary ids of the current run of rows; reused. */
	private int[] ids = new int[0];

	/**
	 * The current page's values where they are neither plain and fixed-width nor
	 * dictionary ids.
	 */
	private ValuesReader values;

	private int rowsLeftInPage;

	/**
	 * A reader of {@code column}'s pages.
	 * @param writerVersion the file's writer as parquet-java parses it, {@code null} when
	 * unknown (for its workaround of old writers' delta-encoded byte arrays)
	 */
	FeatureColumnReader(PageReader pages, ColumnDescriptor column, NumericColumn conversion, int scale,
			ParsedVersion writerVersion) {
		this.pages = pages;
		this.column = column;
		this.conversion = conversion;
		this.scale = scale;
		this.maxDefinition = column.getMaxDefinitionLevel();
		this.writerVersion = writerVersion;
		DictionaryPage dictionaryPage = pages.readDictionaryPage();
		this.dictionary = (dictionaryPage != null) ? dictionaryPage.decode(column) : null;
		this.dictionaryFloats = (this.dictionary != null) ? convert(this.dictionary) : null;
	}

	/**
	 * Fill rows {@code [from, from + count)} of the row-major {@code features} matrix of
	 * {@code width} columns at column {@code feature}: the value as a float, NaN where it
	 * is null; a value that is not finite is marked in {@code nonFinite}.
	 */
	void read(int from, int count, float[] features, int width, int feature, NonFiniteMarks nonFinite) {
		for (int done = 0; done < count;) {
			if (this.rowsLeftInPage == 0) {
				nextPage();
			}
			int rows = Math.min(count - done, this.rowsLeftInPage);
			Run run = new Run(from + done, rows, readDefinitions(rows), features, width, feature, nonFinite);
			if (this.plain != null) {
				readPlain(run);
			}
			else if (this.dictionaryIdDecoder != null) {
				readDictionaryEntries(run);
			}
			else {
				readValues(run);
			}
			done += rows;
			this.rowsLeftInPage -= rows;
		}
	}

	/** Skip {@code count} rows. */
	void skip(long count) {
		for (long done = 0; done < count;) {
			if (this.rowsLeftInPage == 0) {
				nextPage();
			}
			int rows = (int) Math.min(count - done, this.rowsLeftInPage);
			int present = present(readDefinitions(rows), rows, this.maxDefinition);
			if (this.plain != null) {
				this.plain.position(this.plain.position() + present * this.conversion.plainWidth());
			}
			else if (this.dictionaryIdDecoder != null) {
				readDictionaryIds(present);
			}
			else {
				this.values.skip(present);
			}
			done += rows;
			this.rowsLeftInPage -= rows;
		}
	}

	/**
	 * The levels of the next {@code rows} rows, or {@code null} when the column is
	 * required.
	 */
	private int[] readDefinitions(int rows) {
		if (this.maxDefinition == 0) {
			return null;
		}
		this.definitions = grow(this.definitions, rows);
		this.levels.read(this.definitions, rows);
		return this.definitions;
	}

	/** The next {@code count} dictionary ids, checked against the dictionary. */
	private int[] readDictionaryIds(int count) {
		this.ids = grow(this.ids, count);
		this.dictionaryIdDecoder.read(this.ids, 0, count);
		for (int i = 0; i < count; i++) {
			if (this.ids[i] < 0 || this.ids[i] >= this.dictionaryFloats.length) {
				throw new ParquetDecodingException("column " + name() + " refers to entry " + this.ids[i]
						+ " of a dictionary of " + this.dictionaryFloats.length);
			}
		}
		return this.ids;
	}

	private static int[] grow(int[] array, int length) {
		return (array.length >= length) ? array : new int[Math.max(length, array.length * 2)];
	}

	private static int present(int[] defined, int rows, int max) {
		if (defined == null) {
			return rows;
		}
		int present = 0;
		for (int row = 0; row < rows; row++) {
			present += (defined[row] == max) ? 1 : 0;
		}
		return present;
	}

	private void readPlain(Run run) {
		ByteBuffer buffer = this.plain;
		int[] defined = run.defined();
		float[] features = run.features();
		int max = this.maxDefinition;
		int slot = run.firstSlot();
		int width = run.width();
		switch (this.conversion) {
			case DOUBLE -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					if (defined == null || defined[row] == max) {
						float value = (float) buffer.getDouble();
						features[slot] = value;
						if (!Float.isFinite(value)) {
							run.markNonFinite(row);
						}
					}
					else {
						features[slot] = Float.NaN;
					}
				}
			}
			case INT32 -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					features[slot] = (defined == null || defined[row] == max) ? buffer.getInt() : Float.NaN;
				}
			}
			case INT64 -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					features[slot] = (defined == null || defined[row] == max) ? buffer.getLong() : Float.NaN;
				}
			}
			default -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					if (defined == null || defined[row] == max) {
						float value = this.conversion.readPlain(buffer, this.scale);
						features[slot] = value;
						if (!Float.isFinite(value)) {
							run.markNonFinite(row);
						}
					}
					else {
						features[slot] = Float.NaN;
					}
				}
			}
		}
	}

	private void readDictionaryEntries(Run run) {
		float[] floats = this.dictionaryFloats;
		int[] defined = run.defined();
		int max = this.maxDefinition;
		int[] entries = readDictionaryIds(present(defined, run.rows(), max));
		float[] features = run.features();
		for (int row = 0, next = 0, slot = run.firstSlot(); row < run.rows(); row++, slot += run.width()) {
			if (defined == null || defined[row] == max) {
				float value = floats[entries[next++]];
				features[slot] = value;
				if (!Float.isFinite(value)) {
					run.markNonFinite(row);
				}
			}
			else {
				features[slot] = Float.NaN;
			}
		}
	}

	private void readValues(Run run) {
		int[] defined = run.defined();
		float[] features = run.features();
		int max = this.maxDefinition;
		for (int row = 0, slot = run.firstSlot(); row < run.rows(); row++, slot += run.width()) {
			if (defined == null || defined[row] == max) {
				float value = this.conversion.read(this.values, this.scale);
				features[slot] = value;
				if (!Float.isFinite(value)) {
					run.markNonFinite(row);
				}
			}
			else {
				features[slot] = Float.NaN;
			}
		}
	}

	private void nextPage() {
		DataPage page = this.pages.readPage();
		if (page == null) {
			throw new ParquetDecodingException("column " + name() + " has fewer values than the row group's rows");
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
				startValues(v1.getValueEncoding(), in, v1.getValueCount());
			}
			else if (page instanceof DataPageV2 v2) {
				HybridIntDecoder decoder = new HybridIntDecoder(BytesUtils.getWidthFromMaxInt(this.maxDefinition),
						v2.getDefinitionLevels().toByteBuffer());
				this.levels = (out, count) -> decoder.read(out, 0, count);
				startValues(v2.getDataEncoding(), v2.getData().toInputStream(), v2.getValueCount());
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

	private void startValues(Encoding encoding, ByteBufferInputStream in, int valueCount) throws IOException {
		ValuesReader previous = this.values;
		this.plain = null;
		this.values = null;
		this.dictionaryIdDecoder = null;
		if (encoding.usesDictionary()) {
			if (this.dictionary == null) {
				throw new ParquetDecodingException(
						"column " + name() + " has a dictionary-encoded page (" + encoding + ") but no dictionary");
			}
			// a bit width byte, then the ids (none at all on a page of nulls)
			int bitWidth = (in.available() > 0) ? BytesUtils.readIntLittleEndianOnOneByte(in) : 0;
			this.dictionaryIdDecoder = new HybridIntDecoder(bitWidth, in.slice(in.available()));
			return;
		}
		else if (encoding == Encoding.PLAIN && this.conversion.plainWidth() > 0) {
			this.plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
			return;
		}
		else {
			this.values = encoding.getValuesReader(this.column, ValuesType.VALUES);
		}
		this.values.initFromPage(valueCount, in);
		if (CorruptDeltaByteArrays.requiresSequentialReads(this.writerVersion, encoding)
				&& this.values instanceof RequiresPreviousReader sequential) {
			sequential.setPreviousReader(previous);
		}
	}

	private float[] convert(Dictionary entries) {
		float[] floats = new float[entries.getMaxId() + 1];
		for (int id = 0; id < floats.length; id++) {
			floats[id] = this.conversion.fromDictionary(entries, id, this.scale);
		}
		return floats;
	}

	private String name() {
		return String.join(".", this.column.getPath());
	}

	/**
	 * A run of rows within one page: block rows {@code [firstRow, firstRow + rows)} of
	 * column {@code feature}.
	 */
	private record Run(int firstRow, int rows, int[] defined, float[] features, int width, int feature,
			NonFiniteMarks nonFinite) {

		int firstSlot() {
			return this.firstRow * this.width + this.feature;
		}

		void markNonFinite(int row) {
			this.nonFinite.mark(this.firstRow + row, this.feature);
		}

	}

	/** A page's definition levels, read a run of rows at a time. */
	@FunctionalInterface
	private interface Levels {

		void read(int[] out, int count);

	}

}
