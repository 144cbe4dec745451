package io.nightscore.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Pages that lie about what they hold (a file without page checksums, or written by a
 * broken writer) make the column readers fail with the column and the lie, never read
 * past a page, index past a dictionary or loop.
 */
class HostilePagesTests {

	static final MessageType SCHEMA = MessageTypeParser
		.parseMessageType("message m { required binary customer_id (STRING); required double x; }");

	static final ColumnBinding BINDING = ColumnBinding.bind(SCHEMA, "hostile.parquet", "customer_id", List.of("x"));

	static final ColumnDescriptor X = BINDING.features()[0];

	@Test
	void aPlainPageWithFewerValuesThanItsCountFailsNamingTheColumn() {
		FeatureColumnReader reader = features(null, page(doubles(1, 2, 3, 4, 5), 10, Encoding.PLAIN));

		assertThatThrownBy(() -> reader.read(0, 10, new float[10], 1, 0, new NonFiniteMarks(10)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x has a page whose values end before the count its header gives");
	}

	@Test
	void skippingPastTheValuesOfAShortPlainPageFailsNamingTheColumn() {
		FeatureColumnReader reader = features(null, page(doubles(1, 2, 3, 4, 5), 10, Encoding.PLAIN));

		assertThatThrownBy(() -> reader.skip(8)).isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x has a page whose values end before the count its header gives");
	}

	@Test
	void aDictionaryIdBeyondTheDictionaryFailsNamingTheEntry() {
		DictionaryPage dictionary = new DictionaryPage(BytesInput.from(doubles(0.5, 1.5, 2.5)), 3,
				Encoding.PLAIN_DICTIONARY);
		// ids of 3 bits, one repeated run: 4 times id 7
		FeatureColumnReader reader = features(dictionary,
				page(new byte[] { 3, 4 << 1, 7 }, 4, Encoding.PLAIN_DICTIONARY));

		assertThatThrownBy(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x refers to entry 7 of a dictionary of 3");
	}

	@Test
	void dictionaryIdsWithoutADictionaryFailNamingTheColumn() {
		FeatureColumnReader reader = features(null, page(new byte[] { 3, 4 << 1, 1 }, 4, Encoding.PLAIN_DICTIONARY));

		assertThatThrownBy(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x has a dictionary-encoded page (PLAIN_DICTIONARY) but no dictionary");
	}

	@Test
	void aColumnWhosePagesEndBeforeItsRowsFailsNamingTheColumn() {
		FeatureColumnReader reader = features(null, page(doubles(1, 2, 3), 3, Encoding.PLAIN));
		float[] values = new float[5];

		assertThatThrownBy(() -> reader.read(0, 5, values, 1, 0, new NonFiniteMarks(5)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x has fewer values than the row group's rows");
		assertThat(values).startsWith(1f, 2f, 3f);
	}

	@Test
	void aTextIdLongerThanWhatIsLeftOfItsPageFailsNamingTheColumn() {
		ByteBuffer cells = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
		cells.putInt(2).put(new byte[] { 'C', '1' }).putInt(1_000_000).put(new byte[] { 'C', '2', '3' });
		IdColumnReader reader = new IdColumnReader(pages(null, page(cells.array(), 2, Encoding.PLAIN)), BINDING,
				new CustomerIdDecoder(CustomerIdDecoder.DEFAULT_MAX_LENGTH), null);
		String[] ids = new String[2];

		assertThatThrownBy(() -> reader.read(0, 2, ids, null, new float[2], 1))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column customer_id has a cell of 1000000 bytes where its page has 3 left");
		assertThat(ids[0]).isEqualTo("C1");
	}

	@Test
	void aDefinitionLevelBeyondTheColumnsFailsRatherThanReadingANull() {
		ColumnDescriptor optional = ColumnBinding
			.bind(MessageTypeParser
				.parseMessageType("message m { required binary customer_id (STRING); optional double x; }"),
					"hostile.parquet", "customer_id", List.of("x"))
			.features()[0];
		// levels: a 2-byte length, then one repeated run of 4 levels of 1 bit whose value
		// byte was flipped to 119; then the values
		ByteBuffer bytes = ByteBuffer.allocate(6 + 32).order(ByteOrder.LITTLE_ENDIAN);
		bytes.putInt(2).put(new byte[] { 4 << 1, 119 }).put(doubles(1, 2, 3, 4));
		DataPage page = new DataPageV1(BytesInput.from(bytes.array()), 4, bytes.capacity(), null, Encoding.BIT_PACKED,
				Encoding.RLE, Encoding.PLAIN);
		FeatureColumnReader reader = new FeatureColumnReader(pages(null, page), optional, NumericColumn.DOUBLE, 0,
				null);

		assertThatThrownBy(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage(
					"column x has definition levels that cannot be decoded: an RLE run repeats 119, which does not fit"
							+ " in 1 bits");
	}

	@Test
	void definitionLevelsLongerThanTheirPageFailWithoutAllocatingTheirClaim() {
		ColumnDescriptor optional = ColumnBinding
			.bind(MessageTypeParser
				.parseMessageType("message m { required binary customer_id (STRING); optional double x; }"),
					"hostile.parquet", "customer_id", List.of("x"))
			.features()[0];
		// the levels' length (a flipped byte) claims 1 GiB; the page, in two buffers as
		// a decompressor may hand it over, holds 38 bytes
		ByteBuffer levels = ByteBuffer.allocate(6)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(1 << 30)
			.put(new byte[] { 4 << 1, 1 });
		BytesInput bytes = BytesInput
			.from(List.of(ByteBuffer.wrap(levels.array()), ByteBuffer.wrap(doubles(1, 2, 3, 4))));
		DataPage page = new DataPageV1(bytes, 4, 38, null, Encoding.BIT_PACKED, Encoding.RLE, Encoding.PLAIN);
		FeatureColumnReader reader = new FeatureColumnReader(pages(null, page), optional, NumericColumn.DOUBLE, 0,
				null);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();

		Throwable failure = catchThrowable(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)));

		assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
		assertThat(failure).isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column x has definition levels of 1073741824 bytes where its page has 34 left");
	}

	@Test
	void deltaEncodedIntegersWhoseHeaderClaimsMoreValuesThanThePageFailWithoutAllocatingThem() {
		ColumnDescriptor w = ColumnBinding
			.bind(MessageTypeParser
				.parseMessageType("message m { required binary customer_id (STRING); required int64 w; }"),
					"hostile.parquet", "customer_id", List.of("w"))
			.features()[0];
		// blocks of 128 values in 4 miniblocks, then (a flipped byte) 2^30 values, first
		// 0
		byte[] values = { (byte) 0x80, 0x01, 4, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 0 };
		FeatureColumnReader reader = new FeatureColumnReader(pages(null, page(values, 4, Encoding.DELTA_BINARY_PACKED)),
				w, NumericColumn.INT64, 0, null);

		assertThatThrownBy(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column w has delta-encoded values whose header claims 1073741824 values in a page of 4");
	}

	@Test
	void deltaEncodedSuffixLengthsWithAnImpossibleBlockFailWithoutAllocatingIt() {
		// prefix lengths: blocks of 128 in 4 miniblocks, 2 values (first 0), one block
		// (min delta 0, bit widths 0); then the suffixes' lengths in blocks of 2^29
		// values
		// (a flipped byte) in 1 miniblock
		byte[] values = { (byte) 0x80, 0x01, 4, 2, 0, 0, 0, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
				0x02, 1, 2, 0 };
		IdColumnReader reader = new IdColumnReader(pages(null, page(values, 2, Encoding.DELTA_BYTE_ARRAY)), BINDING,
				new CustomerIdDecoder(CustomerIdDecoder.DEFAULT_MAX_LENGTH), null);

		assertThatThrownBy(() -> reader.read(0, 2, new String[2], null, new float[2], 1))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage("column customer_id has delta-encoded values in blocks of 536870912 values in 1 miniblocks,"
					+ " which no writer writes");
	}

	@Test
	void rleBooleansWhoseRunClaimsBillionsOfValuesAreReadWithoutAllocatingThem() {
		ColumnDescriptor flag = ColumnBinding
			.bind(MessageTypeParser
				.parseMessageType("message m { required binary customer_id (STRING); required boolean f; }"),
					"hostile.parquet", "customer_id", List.of("f"))
			.features()[0];
		// a 5-byte length, then a bit-packed run whose header (a flipped byte) claims
		// 2^26 groups of 8 values, and the one byte of them the page holds
		byte[] values = { 5, 0, 0, 0, (byte) 0x81, (byte) 0x80, (byte) 0x80, 0x40, 0b0000_1010 };
		FeatureColumnReader reader = new FeatureColumnReader(pages(null, page(values, 4, Encoding.RLE)), flag,
				NumericColumn.BOOLEAN, 0, null);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		float[] flags = new float[4];

		Throwable failure = catchThrowable(() -> reader.read(0, 4, flags, 1, 0, new NonFiniteMarks(4)));

		assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
		assertThat(failure).isNull();
		assertThat(flags).containsExactly(0f, 1f, 0f, 1f);
	}

	@Test
	void dictionaryIdsThatCannotBeDecodedFailNamingTheColumn() {
		DictionaryPage dictionary = new DictionaryPage(BytesInput.from(doubles(0.5, 1.5, 2.5)), 3,
				Encoding.PLAIN_DICTIONARY);
		// ids of 2 bits, one repeated run of 4 whose value byte was flipped to 9
		FeatureColumnReader reader = features(dictionary,
				page(new byte[] { 2, 4 << 1, 9 }, 4, Encoding.PLAIN_DICTIONARY));

		assertThatThrownBy(() -> reader.read(0, 4, new float[4], 1, 0, new NonFiniteMarks(4)))
			.isInstanceOf(ParquetDecodingException.class)
			.hasMessage(
					"column x has dictionary ids that cannot be decoded: an RLE run repeats 9, which does not fit in"
							+ " 2 bits");
	}

	private static FeatureColumnReader features(DictionaryPage dictionary, DataPage... pages) {
		return new FeatureColumnReader(pages(dictionary, pages), X, NumericColumn.DOUBLE, 0, null);
	}

	/** A version 1 page of a required column: no levels, only values. */
	private static DataPage page(byte[] values, int count, Encoding encoding) {
		return new DataPageV1(BytesInput.from(values), count, values.length, null, Encoding.BIT_PACKED,
				Encoding.BIT_PACKED, encoding);
	}

	private static byte[] doubles(double... values) {
		ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (double value : values) {
			bytes.putDouble(value);
		}
		return bytes.array();
	}

	private static PageReader pages(DictionaryPage dictionary, DataPage... pages) {
		Deque<DataPage> left = new ArrayDeque<>(List.of(pages));
		return new PageReader() {

			@Override
			public DictionaryPage readDictionaryPage() {
				return dictionary;
			}

			@Override
			public long getTotalValueCount() {
				return left.stream().mapToLong(DataPage::getValueCount).sum();
			}

			@Override
			public DataPage readPage() {
				return left.poll();
			}

		};
	}

}
