package io.nightscore.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run-at-a-time decoder of Parquet's RLE / bit-packing hybrid gives what
 * parquet-java's own decoder gives, for every bit width and any mix of repeated and
 * packed runs read in any slices; a hostile stream fails with a reason, never with a huge
 * allocation or a loop.
 */
class HybridIntDecoderTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 5, 8, 13, 17, 24, 31, 32 })
	void decodesWhatParquetJavaDecodes(int bitWidth) throws IOException {
		Random random = new Random(bitWidth);
		int[] values = new int[20_000];
		for (int i = 0; i < values.length;) {
			// runs of one repeated value (RLE) between stretches of random ones
			// (bit-packed)
			int value = (bitWidth == 0) ? 0 : random.nextInt() >>> (32 - bitWidth);
			int length = 1 + random.nextInt(random.nextBoolean() ? 3 : 300);
			for (int k = 0; k < length && i < values.length; k++, i++) {
				values[i] = (length > 8 || bitWidth == 0) ? value : random.nextInt() >>> (32 - Math.max(bitWidth, 1));
			}
		}
		byte[] encoded = encode(bitWidth, values);

		int[] decoded = new int[values.length];
		HybridIntDecoder decoder = new HybridIntDecoder(bitWidth, ByteBuffer.wrap(encoded));
		for (int at = 0; at < values.length;) {
			int slice = Math.min(values.length - at, 1 + random.nextInt(700));
			decoder.read(decoded, at, slice);
			at += slice;
		}

		RunLengthBitPackingHybridDecoder reference = new RunLengthBitPackingHybridDecoder(bitWidth,
				new ByteArrayInputStream(encoded));
		int[] expected = new int[values.length];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = reference.readInt();
		}
		assertThat(decoded).containsExactly(expected);
		assertThat(decoded).containsExactly(values);
	}

	@Test
	void aPackedRunClaimingMoreValuesThanItsBytesIsCutToThem() {
		// header: 2^31 - 1 groups of 8 packed values of 8 bits (a 16 GiB claim), then 16
		// bytes
		ByteBuffer stream = ByteBuffer.allocate(32);
		stream.put(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f });
		for (int i = 0; i < 16; i++) {
			stream.put((byte) i);
		}
		stream.flip();
		HybridIntDecoder decoder = new HybridIntDecoder(8, stream);
		int[] out = new int[16];

		decoder.read(out, 0, 16);

		assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
		assertThatThrownBy(() -> decoder.read(new int[1], 0, 1)).isInstanceOf(ParquetDecodingException.class)
			.hasMessageContaining("end before the page's last value");
	}

	@Test
	void aStreamThatEndsEarlyFailsWithAReason() {
		byte[] encoded = encode(3, new int[] { 1, 2, 3, 4, 5, 6, 7, 0 });
		HybridIntDecoder decoder = new HybridIntDecoder(3, ByteBuffer.wrap(encoded));

		assertThatThrownBy(() -> decoder.read(new int[9], 0, 9)).isInstanceOf(ParquetDecodingException.class)
			.hasMessageContaining("end before the page's last value");
	}

	@Test
	void aCutOffHeaderOrRepeatedValueFailsWithAReason() {
		assertThatThrownBy(
				() -> new HybridIntDecoder(8, ByteBuffer.wrap(new byte[] { (byte) 0x80 })).read(new int[1], 0, 1))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessageContaining("header is cut off");
		// a repeated run of 5 values of 16 bits with one byte of its value
		assertThatThrownBy(() -> new HybridIntDecoder(16, ByteBuffer.wrap(new byte[] { 10, 1 })).read(new int[1], 0, 1))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessageContaining("value is cut off");
		assertThatThrownBy(() -> new HybridIntDecoder(33, ByteBuffer.allocate(0)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessageContaining("33 bits");
	}

	@Test
	void aRepeatedValueWiderThanTheBitWidthFailsWithAReason() {
		// a repeated run of 4 values of 1 bit whose value byte says 119 (a flipped
		// byte): a definition level no column can have
		HybridIntDecoder decoder = new HybridIntDecoder(1, ByteBuffer.wrap(new byte[] { 4 << 1, 119 }));

		assertThatThrownBy(() -> decoder.read(new int[4], 0, 4)).isInstanceOf(ParquetDecodingException.class)
			.hasMessage("an RLE run repeats 119, which does not fit in 1 bits");
	}

	private static byte[] encode(int bitWidth, int[] values) {
		try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth, 64, 1 << 20,
				HeapByteBufferAllocator.getInstance())) {
			for (int value : values) {
				encoder.writeInt(value);
			}
			return encoder.toBytes().toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
