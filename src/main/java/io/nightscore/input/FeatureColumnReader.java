package io.nightscore.input;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Reads one flat feature column's pages ({@link ColumnPages}) straight into a block's
 * row-major float matrix, a run of rows within a page at a time: the run's definition
 * levels first, then its values in one loop per page encoding. Dictionaries are converted
 * to floats once, when the column chunk is opened; plain doubles, floats and 32 and
 * 64-bit integers are read from the page's buffer directly; every other encoding and type
 * goes through parquet-java's own values readers.
 *
 * <p>
 * This is parquet-java's {@code ColumnReaderImpl} for the one case the job needs (a flat
 * numeric column read in order) without its per-value state machine: with it and the id
 * column's reader, the benchmark's million rows read in 0.36 CPU-s cold instead of 0.80
 * ({@code bench/read.sh}). Not thread-safe: one per column of a cursor's window.
 */
final class FeatureColumnReader {

	private final ColumnPages pages;

	private final NumericColumn conversion;

	private final int scale;

	/**
	 * The bytes of a plain value where this reader loops over plain pages itself
	 * (doubles, floats, 32 and 64-bit integers), 0 where parquet-java's values reader
	 * reads them.
	 */
	private final int plainWidth;

	/** What RLE-encoded booleans' values 0 and 1 are as floats. */
	private static final float[] BOOLEANS = { 0f, 1f };

	/** The dictionary's entries as XGBoost's floats, by id. */
	private final float[] dictionaryFloats;

	/**
	 * What the current page's ids stand for: the dictionary's floats, or
	 * {@link #BOOLEANS} for a page of RLE-encoded booleans.
	 */
	private float[] entries;

	/** The current page's values where they are plain and fixed-width, little-endian. */
	private ByteBuffer plain;

	/**
	 * The current page's dictionary ids where it is dictionary-encoded, its values where
	 * they are RLE-encoded booleans.
	 */
	private HybridIntDecoder dictionaryIdDecoder;

	/** The dictionary ids of the current run of rows; reused. */
	private int[] ids = new int[0];

	/**
	 * The current page's values where they are neither plain and fixed-width nor
	 * dictionary ids.
	 */
	private ValuesReader values;

	/**
	 * A reader of {@code column}'s pages.
	 * @param writerVersion the file's writer as parquet-java parses it, {@code null} when
	 * unknown (for its workaround of old writers' delta-encoded byte arrays)
	 */
	FeatureColumnReader(PageReader pages, ColumnDescriptor column, NumericColumn conversion, int scale,
			ParsedVersion writerVersion) {
		this.pages = new ColumnPages(pages, column, writerVersion, this::startValues);
		this.conversion = conversion;
		this.scale = scale;
		this.plainWidth = switch (conversion) {
			case DOUBLE, INT64 -> 8;
			case FLOAT, INT32 -> 4;
			default -> 0;
		};
		Dictionary dictionary = this.pages.dictionary();
		this.dictionaryFloats = (dictionary != null) ? convert(dictionary) : null;
	}

	/**
	 * Fill rows {@code [from, from + count)} of the row-major {@code features} matrix of
	 * {@code width} columns at column {@code feature}: the value as a float, NaN where it
	 * is null; a value that is not finite is marked in {@code nonFinite}.
	 */
	void read(int from, int count, float[] features, int width, int feature, NonFiniteMarks nonFinite) {
		try {
			readRuns(from, count, features, width, feature, nonFinite);
		}
		catch (BufferUnderflowException ex) {
			throw this.pages.shortPage();
		}
	}

	private void readRuns(int from, int count, float[] features, int width, int feature, NonFiniteMarks nonFinite) {
		for (int done = 0; done < count;) {
			int rows = this.pages.nextRun(count - done);
			Run run = new Run(from + done, rows, this.pages.definitions(rows), features, width, feature, nonFinite);
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
		}
	}

	/** Skip {@code count} rows. */
	void skip(long count) {
		try {
			skipRuns(count);
		}
		catch (BufferUnderflowException ex) {
			throw this.pages.shortPage();
		}
	}

	private void skipRuns(long count) {
		for (long done = 0; done < count;) {
			int rows = this.pages.nextRun(count - done);
			int present = this.pages.present(this.pages.definitions(rows), rows);
			if (this.plain != null) {
				this.pages.skipPlain(this.plain, (long) present * this.plainWidth);
			}
			else if (this.dictionaryIdDecoder != null) {
				readDictionaryIds(present);
			}
			else {
				this.values.skip(present);
			}
			done += rows;
		}
	}

	/** The next {@code count} dictionary ids, checked against the dictionary. */
	private int[] readDictionaryIds(int count) {
		if (this.ids.length < count) {
			this.ids = new int[Math.max(count, 2 * this.ids.length)];
		}
		try {
			this.dictionaryIdDecoder.read(this.ids, 0, count);
		}
		catch (ParquetDecodingException ex) {
			// without the cause: the run's one-line error is its innermost message
			String what = (this.entries == BOOLEANS) ? "RLE booleans" : "dictionary ids";
			throw new ParquetDecodingException(
					"column " + this.pages.name() + " has " + what + " that cannot be decoded: " + ex.getMessage());
		}
		for (int i = 0; i < count; i++) {
			if (this.ids[i] < 0 || this.ids[i] >= this.entries.length) {
				throw new ParquetDecodingException("column " + this.pages.name() + " refers to entry " + this.ids[i]
						+ " of a dictionary of " + this.entries.length);
			}
		}
		return this.ids;
	}

	private void readPlain(Run run) {
		ByteBuffer buffer = this.plain;
		int[] defined = run.defined();
		float[] features = run.features();
		int slot = run.firstSlot();
		int width = run.width();
		switch (this.conversion) {
			case DOUBLE -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					if (this.pages.isDefined(defined, row)) {
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
					features[slot] = this.pages.isDefined(defined, row) ? buffer.getInt() : Float.NaN;
				}
			}
			case INT64 -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					features[slot] = this.pages.isDefined(defined, row) ? buffer.getLong() : Float.NaN;
				}
			}
			case FLOAT -> {
				for (int row = 0; row < run.rows(); row++, slot += width) {
					if (this.pages.isDefined(defined, row)) {
						float value = buffer.getFloat();
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
			default -> throw new IllegalStateException(this.conversion + " values are not read from plain pages here");
		}
	}

	private void readDictionaryEntries(Run run) {
		float[] floats = this.entries;
		int[] defined = run.defined();
		int[] entries = readDictionaryIds(this.pages.present(defined, run.rows()));
		float[] features = run.features();
		for (int row = 0, next = 0, slot = run.firstSlot(); row < run.rows(); row++, slot += run.width()) {
			if (this.pages.isDefined(defined, row)) {
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
		for (int row = 0, slot = run.firstSlot(); row < run.rows(); row++, slot += run.width()) {
			if (this.pages.isDefined(defined, row)) {
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

	private void startValues(Encoding encoding, ByteBufferInputStream in, int valueCount) throws IOException {
		ValuesReader previous = this.values;
		this.plain = null;
		this.values = null;
		this.dictionaryIdDecoder = null;
		if (encoding.usesDictionary()) {
			this.pages.dictionaryFor(encoding);
			// a bit width byte, then the ids (none at all on a page of nulls)
			int bitWidth = (in.available() > 0) ? BytesUtils.readIntLittleEndianOnOneByte(in) : 0;
			this.dictionaryIdDecoder = new HybridIntDecoder(bitWidth, in.slice(in.available()));
			this.entries = this.dictionaryFloats;
		}
		else if (encoding == Encoding.RLE && this.conversion == NumericColumn.BOOLEAN) {
			// a length, then the hybrid runs: decoded as ids into {0, 1}, as
			// parquet-java's
			// decoder would allocate what a run's header claims
			int length = (in.available() >= 4) ? BytesUtils.readIntLittleEndian(in) : 0;
			if (length < 0 || length > in.available()) {
				throw new ParquetDecodingException("column " + this.pages.name() + " has RLE booleans of "
						+ Integer.toUnsignedString(length) + " bytes where its page has " + in.available() + " left");
			}
			this.dictionaryIdDecoder = new HybridIntDecoder(1, in.slice(length));
			this.entries = BOOLEANS;
		}
		else if (encoding == Encoding.PLAIN && this.plainWidth > 0) {
			this.plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
		}
		else {
			this.values = this.pages.valuesReader(encoding, in, valueCount, previous);
		}
	}

	private float[] convert(Dictionary entries) {
		float[] floats = new float[entries.getMaxId() + 1];
		for (int id = 0; id < floats.length; id++) {
			floats[id] = this.conversion.fromDictionary(entries, id, this.scale);
		}
		return floats;
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

}
