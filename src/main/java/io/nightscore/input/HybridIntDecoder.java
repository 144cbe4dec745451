package io.nightscore.input;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Decodes Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary ids)
 * into int arrays a run at a time: a repeated run is one {@code Arrays.fill}, a
 * bit-packed run is unpacked once by parquet-java's own packers and copied out.
 * parquet-java's {@code RunLengthBitPackingHybridDecoder} does the same one value per
 * call.
 *
 * <p>
 * A run header that claims more values than the bytes left can hold is cut to what they
 * hold, so a hostile page cannot make it allocate more than its own size; a repeated
 * value wider than the bit width (a flipped byte) fails, once per run. Not thread-safe:
 * one per page.
 */
final class HybridIntDecoder {

	private final int bitWidth;

	private final BytePacker packer;

	private final ByteBuffer in;

	private boolean repeated;

	private int value;

	/** The values left in the current run. */
	private int left;

	private int[] unpacked = new int[0];

	private int unpackedAt;

	private byte[] packed = new byte[0];

	/**
	 * A decoder of the runs in {@code in} (from its position to its limit) of values of
	 * {@code bitWidth} bits.
	 */
	HybridIntDecoder(int bitWidth, ByteBuffer in) {
		if (bitWidth < 0 || bitWidth > 32) {
			throw new ParquetDecodingException("RLE / bit-packed values of " + bitWidth + " bits");
		}
		this.bitWidth = bitWidth;
		this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
		this.in = in;
	}

	/** Decode the next {@code count} values into {@code out[offset, offset + count)}. */
	void read(int[] out, int offset, int count) {
		int at = offset;
		int end = offset + count;
		while (at < end) {
			if (this.left == 0) {
				nextRun();
				continue;
			}
			int n = Math.min(this.left, end - at);
			if (this.repeated) {
				Arrays.fill(out, at, at + n, this.value);
			}
			else {
				System.arraycopy(this.unpacked, this.unpackedAt, out, at, n);
				this.unpackedAt += n;
			}
			this.left -= n;
			at += n;
		}
	}

	private void nextRun() {
		if (!this.in.hasRemaining()) {
			throw new ParquetDecodingException("RLE / bit-packed values end before the page's last value");
		}
		int header = readUnsignedVarInt();
		if ((header & 1) == 0) {
			this.repeated = true;
			this.left = header >>> 1;
			int bytes = (this.bitWidth + 7) / 8;
			if (this.in.remaining() < bytes) {
				throw new ParquetDecodingException("an RLE run's value is cut off");
			}
			int repeatedValue = 0;
			for (int i = 0; i < bytes; i++) {
				repeatedValue |= (this.in.get() & 0xff) << (8 * i);
			}
			if (this.bitWidth < 32 && (repeatedValue >>> this.bitWidth) != 0) {
				// a level or id no page can hold: not read as a null or another entry
				throw new ParquetDecodingException(
						"an RLE run repeats " + repeatedValue + ", which does not fit in " + this.bitWidth + " bits");
			}
			this.value = repeatedValue;
			return;
		}
		int groups = header >>> 1;
		if (this.bitWidth == 0) {
			// values of no bits are all 0, and take no bytes
			this.repeated = true;
			this.value = 0;
			this.left = (int) Math.min(groups * 8L, Integer.MAX_VALUE);
			return;
		}
		// the last run may be cut short: its missing bytes are zero padding
		groups = Math.min(groups, (this.in.remaining() + this.bitWidth - 1) / this.bitWidth);
		int bytes = groups * this.bitWidth;
		if (this.packed.length < bytes) {
			this.packed = new byte[bytes];
			this.unpacked = new int[groups * 8];
		}
		int available = Math.min(bytes, this.in.remaining());
		this.in.get(this.packed, 0, available);
		Arrays.fill(this.packed, available, bytes, (byte) 0);
		for (int group = 0; group < groups; group++) {
			this.packer.unpack8Values(this.packed, group * this.bitWidth, this.unpacked, group * 8);
		}
		this.repeated = false;
		this.unpackedAt = 0;
		this.left = groups * 8;
	}

	private int readUnsignedVarInt() {
		int result = 0;
		for (int shift = 0; shift < 35; shift += 7) {
			if (!this.in.hasRemaining()) {
				throw new ParquetDecodingException("an RLE / bit-packed run header is cut off");
			}
			int b = this.in.get() & 0xff;
			result |= (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return result;
			}
		}
		throw new ParquetDecodingException("an RLE / bit-packed run header is longer than 5 bytes");
	}

}
