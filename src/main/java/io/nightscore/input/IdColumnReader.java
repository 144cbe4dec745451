package io.nightscore.input;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads the id column's pages into a block's ids: a text id strictly through
 * {@link CustomerIdDecoder} (so a bad id becomes a reject reason, not a failure),
 * straight from the page's buffer where the page is plain-encoded; an integer id as its
 * decimal text (its unsigned value where the column is unsigned). Where the model also
 * uses the id as a feature, its values go into that feature's column of the block too: a
 * column's pages can be read only once.
 *
 * <p>
 * Not thread-safe: one per window of a cursor.
 */
final class IdColumnReader {

	private final ColumnPages pages;

	/** The decoder of text ids, {@code null} for integer ids. */
	private final CustomerIdDecoder texts;

	private final boolean int32;

	/** Whether an integer id is unsigned (its text is then its unsigned value). */
	private final boolean unsigned;

	/** The id's index among the features, -1 when it is not one. */
	private final int feature;

	private final NumericColumn featureConversion;

	/** The current page's values where they are plain, little-endian. */
	private ByteBuffer plain;

	/** The current page's values where they are not. */
	private ValuesReader values;

	/**
	 * A reader of the id {@code column}'s pages, text ids decoded by {@code texts}
	 * ({@code null} for an integer id).
	 * @param binding the columns' binding: whether the id is also a feature, and as what
	 * @param writerVersion the file's writer as parquet-java parses it, {@code null} when
	 * unknown
	 */
	IdColumnReader(PageReader pages, ColumnBinding binding, CustomerIdDecoder texts, ParsedVersion writerVersion) {
		ColumnDescriptor column = binding.id();
		this.pages = new ColumnPages(pages, column, writerVersion, this::startValues);
		this.texts = binding.numericId() ? null : texts;
		this.int32 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
		this.unsigned = column.getPrimitiveType().getLogicalTypeAnnotation() instanceof IntLogicalTypeAnnotation integer
				&& !integer.isSigned();
		this.feature = binding.idFeature();
		this.featureConversion = (this.feature >= 0) ? binding.conversions()[this.feature] : null;
	}

	/**
	 * Fill {@code ids[from, from + count)}, {@code null} where the id is null; a bad text
	 * id's slot gets an escaped prefix of it. Where the id is a feature, fill its column
	 * of the row-major {@code features} matrix of {@code width} columns too.
	 * @return per row, why its id is bad, or {@code null} when every id so far is fine
	 */
	String[] read(int from, int count, String[] ids, String[] problemsSoFar, float[] features, int width) {
		try {
			return readRuns(from, count, ids, problemsSoFar, features, width);
		}
		catch (BufferUnderflowException ex) {
			throw this.pages.shortPage();
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

	private String[] readRuns(int from, int count, String[] ids, String[] problemsSoFar, float[] features, int width) {
		String[] problems = problemsSoFar;
		for (int done = 0; done < count;) {
			int rows = this.pages.nextRun(count - done);
			int[] defined = this.pages.definitions(rows);
			for (int run = 0, row = from + done; run < rows; run++, row++) {
				if (!this.pages.isDefined(defined, run)) {
					if (this.feature >= 0) {
						features[row * width + this.feature] = Float.NaN;
					}
				}
				else if (this.texts != null) {
					CustomerIdDecoder.Decoded id = nextText();
					ids[row] = id.id();
					if (id.isBad()) {
						problems = (problems != null) ? problems : new String[ids.length];
						problems[row] = id.problem();
					}
				}
				else {
					long id = nextInteger();
					ids[row] = text(id);
					if (this.feature >= 0) {
						features[row * width + this.feature] = asFeature(id);
					}
				}
			}
			done += rows;
		}
		return problems;
	}

	private void skipRuns(long count) {
		for (long done = 0; done < count;) {
			int rows = this.pages.nextRun(count - done);
			int present = this.pages.present(this.pages.definitions(rows), rows);
			if (this.plain == null) {
				this.values.skip(present);
			}
			else if (this.texts == null) {
				this.pages.skipPlain(this.plain, (long) present * (this.int32 ? Integer.BYTES : Long.BYTES));
			}
			else {
				for (int i = 0; i < present; i++) {
					this.pages.skipPlain(this.plain, cellLength());
				}
			}
			done += rows;
		}
	}

	private CustomerIdDecoder.Decoded nextText() {
		if (this.plain == null) {
			return this.texts.decode(this.values.readBytes());
		}
		int length = cellLength();
		ByteBuffer buffer = this.plain;
		CustomerIdDecoder.Decoded id;
		if (buffer.hasArray()) {
			id = this.texts.decode(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
		}
		else {
			byte[] cell = new byte[length];
			buffer.get(buffer.position(), cell);
			id = this.texts.decode(cell, 0, length);
		}
		buffer.position(buffer.position() + length);
		return id;
	}

	/**
	 * The length of the next plain byte-array cell, checked against what is left of the
	 * page.
	 */
	private int cellLength() {
		int length = this.plain.getInt();
		if (length < 0 || length > this.plain.remaining()) {
			throw new ParquetDecodingException("column " + this.pages.name() + " has a cell of " + length
					+ " bytes where its page has " + this.plain.remaining() + " left");
		}
		return length;
	}

	private long nextInteger() {
		if (this.plain != null) {
			return this.int32 ? this.plain.getInt() : this.plain.getLong();
		}
		return this.int32 ? this.values.readInteger() : this.values.readLong();
	}

	/** An integer id's text: its decimal value, unsigned where the column is. */
	private String text(long id) {
		if (!this.unsigned) {
			return Long.toString(id);
		}
		return this.int32 ? Integer.toUnsignedString((int) id) : Long.toUnsignedString(id);
	}

	/** The integer id as the feature it also is. */
	private float asFeature(long id) {
		return switch (this.featureConversion) {
			case UINT32 -> Integer.toUnsignedLong((int) id);
			case UINT64 -> NumericColumn.unsigned(id);
			default -> id;
		};
	}

	private void startValues(Encoding encoding, ByteBufferInputStream in, int valueCount) throws IOException {
		ValuesReader previous = this.values;
		this.plain = null;
		this.values = null;
		if (encoding == Encoding.PLAIN) {
			this.plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
		}
		else {
			this.values = this.pages.valuesReader(encoding, in, valueCount, previous);
		}
	}

}
