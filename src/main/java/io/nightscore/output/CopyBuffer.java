package io.nightscore.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing buffer of one PostgreSQL binary COPY payload: header, rows of typed fields,
 * trailer. Not thread-safe; reused from chunk to chunk.
 */
final class CopyBuffer {

	private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	/** PostgreSQL's type oid of {@code real} (float4), the element type of arrays. */
	private static final int FLOAT4_OID = 700;

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private byte[] buffer = new byte[1 << 12];

	private int length;

	private int rows;

	void begin() {
		this.length = 0;
		this.rows = 0;
		ensure(SIGNATURE.length + 8);
		System.arraycopy(SIGNATURE, 0, this.buffer, 0, SIGNATURE.length);
		this.length = SIGNATURE.length;
		putInt(0);
		putInt(0);
	}

	void row(int fields) {
		ensure(2);
		SHORT.set(this.buffer, this.length, (short) fields);
		this.length += 2;
		this.rows++;
	}

	void bigint(long value) {
		ensure(12);
		putInt(8);
		putLong(value);
	}

	void integer(int value) {
		ensure(8);
		putInt(4);
		putInt(value);
	}

	/** A {@code real}; {@code NaN} is written as NULL (a missing value). */
	void real(float value) {
		if (Float.isNaN(value)) {
			nullField();
			return;
		}
		ensure(8);
		putInt(4);
		putInt(Float.floatToRawIntBits(value));
	}

	/** A {@code text}, or NULL. */
	void text(String value) {
		if (value == null) {
			nullField();
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		ensure(4 + bytes.length);
		putInt(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	/** A one-dimensional {@code real[]} of {@code count} values from {@code offset}. */
	void realArray(float[] values, int offset, int count) {
		ensure(4 + 20 + count * 8);
		putInt(20 + count * 8);
		putInt(1);
		putInt(0);
		putInt(FLOAT4_OID);
		putInt(count);
		putInt(1);
		for (int i = 0; i < count; i++) {
			putInt(4);
			putInt(Float.floatToRawIntBits(values[offset + i]));
		}
	}

	void nullField() {
		ensure(4);
		putInt(-1);
	}

	void finish() {
		ensure(2);
		SHORT.set(this.buffer, this.length, (short) -1);
		this.length += 2;
	}

	byte[] bytes() {
		return this.buffer;
	}

	int length() {
		return this.length;
	}

	int rows() {
		return this.rows;
	}

	private void ensure(int bytes) {
		if (this.length + bytes > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + bytes));
		}
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
