package io.nightscore.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nightscore.scoring.ScoredBlock;

/**
 * Encodes prediction rows in PostgreSQL's binary COPY format, the columns of
 * {@link PredictionPartitions#COPY_COLUMNS} in that order (what is the same for every row
 * of a run is the table's defaults), into one reusable buffer that grows to the largest
 * chunk and is then written to the server as it is.
 *
 * <p>
 * Not thread-safe: one encoder per writer, reused from chunk to chunk.
 */
public final class PredictionCopyEncoder {

	private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	private static final short COLUMNS = 5;

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	/**
	 * A row's bytes besides its text: the field count, five field lengths, score, source
	 * file and source row.
	 */
	private static final int ROW_BYTES = 2 + 5 * 4 + 8 + 4 + 8;

	private static final byte[][] BANDS = Arrays.stream(RiskBand.values())
		.map((band) -> band.label().getBytes(StandardCharsets.US_ASCII))
		.toArray(byte[][]::new);

	private byte[] buffer = new byte[1 << 16];

	private int length;

	private int rows;

	/** Start a new COPY payload. */
	public void begin() {
		this.length = 0;
		this.rows = 0;
		ensure(SIGNATURE.length + 8);
		putBytes(SIGNATURE);
		putInt(0);
		putInt(0);
	}

	public void add(String customerId, float score, int sourceFile, long sourceRow) {
		byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
		byte[] band = BANDS[RiskBand.of(score).ordinal()];
		ensure(ROW_BYTES + id.length + band.length);
		putShort(COLUMNS);
		putInt(id.length);
		putBytes(id);
		putInt(8);
		putLong(Double.doubleToRawLongBits(score));
		putInt(band.length);
		putBytes(band);
		putInt(4);
		putInt(sourceFile);
		putInt(8);
		putLong(sourceRow);
		this.rows++;
	}

	/** Add the rows of {@code block} that were scored, not rejected, in row order. */
	public void addScored(ScoredBlock block) {
		for (int row = 0; row < block.rows(); row++) {
			if (block.rejectReason(row) == null) {
				add(block.customerId(row), block.score(row), block.fileIndex(), block.rowNumber(row));
			}
		}
	}

	/** End the payload with the trailer; {@link #buffer()} then holds all of it. */
	public void finish() {
		ensure(2);
		putShort((short) -1);
	}

	/** The payload: the first {@link #length()} bytes of this array. */
	byte[] buffer() {
		return this.buffer;
	}

	int length() {
		return this.length;
	}

	/** The rows added since {@link #begin}. */
	public int rows() {
		return this.rows;
	}

	private void ensure(int bytes) {
		if (this.length + bytes > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + bytes));
		}
	}

	private void putBytes(byte[] bytes) {
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void putShort(short value) {
		SHORT.set(this.buffer, this.length, value);
		this.length += 2;
	}

	private void putInt(int value) {
		INT.set(this.buffer, this.length, value);
		this.length += 4;
	}

	private void putLong(long value) {
		LONG.set(this.buffer, this.length, value);
		this.length += 8;
	}

}
