package io.nightscore.input;

import java.io.IOException;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Checks the headers of a page's delta-encoded integers (DELTA_BINARY_PACKED values, and
 * the lengths inside DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY) before parquet-java's
 * readers see them: they decode a whole page at once into buffers sized by the header, so
 * a flipped byte claiming 2^30 values, or a block of 2^30, would cost gigabytes or an
 * {@link OutOfMemoryError}. The values a header claims must fit the page's count and its
 * blocks the format's rules. DELTA_BYTE_ARRAY's second header (the suffixes' lengths)
 * follows the prefix lengths, whose blocks are walked to reach it: a step per block of
 * 128 values, never per value. Stateless.
 */
final class DeltaHeaders {

	/**
	 * The largest block accepted, in values: writers use 128 (parquet-java, Arrow,
	 * Spark); a block is decoded into a buffer this long whatever the page holds.
	 */
	static final int MAX_BLOCK_VALUES = 1 << 16;

	private DeltaHeaders() {
	}

	/**
	 * Check the headers of {@code encoding} at {@code in}'s position, which is left where
	 * it was.
	 * @param valueCount the page's values, nulls included: no header may claim more
	 * @throws ParquetDecodingException naming {@code column} when a header is impossible
	 */
	static void check(Encoding encoding, ByteBufferInputStream in, int valueCount, String column) throws IOException {
		if (encoding != Encoding.DELTA_BINARY_PACKED && encoding != Encoding.DELTA_LENGTH_BYTE_ARRAY
				&& encoding != Encoding.DELTA_BYTE_ARRAY) {
			return;
		}
		in.mark(Integer.MAX_VALUE);
		try {
			Header header = Header.read(in, valueCount, column);
			if (encoding == Encoding.DELTA_BYTE_ARRAY) {
				header.skipBlocks(in);
				Header.read(in, valueCount, column);
			}
		}
		finally {
			in.reset();
		}
	}

	private record Header(int blockValues, int miniBlocks, int values) {

		static Header read(ByteBufferInputStream in, int valueCount, String column) throws IOException {
			int blockValues = BytesUtils.readUnsignedVarInt(in);
			int miniBlocks = BytesUtils.readUnsignedVarInt(in);
			int values = BytesUtils.readUnsignedVarInt(in);
			BytesUtils.readZigZagVarLong(in);
			if (blockValues <= 0 || blockValues % 128 != 0 || blockValues > MAX_BLOCK_VALUES || miniBlocks <= 0
					|| blockValues % miniBlocks != 0 || (blockValues / miniBlocks) % 8 != 0) {
				throw new ParquetDecodingException("column " + column + " has delta-encoded values in blocks of "
						+ Integer.toUnsignedString(blockValues) + " values in " + Integer.toUnsignedString(miniBlocks)
						+ " miniblocks, which no writer writes");
			}
			if (values < 0 || values > valueCount) {
				throw new ParquetDecodingException("column " + column + " has delta-encoded values whose header claims "
						+ Integer.toUnsignedString(values) + " values in a page of " + valueCount);
			}
			return new Header(blockValues, miniBlocks, values);
		}

		/** Move past the blocks after this header (the first value is in the header). */
		void skipBlocks(ByteBufferInputStream in) throws IOException {
			int miniBlockValues = this.blockValues / this.miniBlocks;
			int[] bitWidths = new int[this.miniBlocks];
			for (long left = this.values - 1L; left > 0;) {
				BytesUtils.readZigZagVarLong(in);
				for (int i = 0; i < bitWidths.length; i++) {
					bitWidths[i] = BytesUtils.readIntLittleEndianOnOneByte(in);
				}
				for (int i = 0; i < this.miniBlocks && left > 0; i++, left -= miniBlockValues) {
					in.skipFully((long) bitWidths[i] * miniBlockValues / 8);
				}
			}
		}

	}

}
