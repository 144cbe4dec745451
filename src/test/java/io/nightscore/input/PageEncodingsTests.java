package io.nightscore.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.ReferenceScores;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature columns read page by page ({@link FeatureColumnReader}) give exactly what
 * parquet-java's own record reader gives, whatever the writer chose: version 1 and 2
 * pages, dictionaries (and the fall-back to plain values when a dictionary grows too
 * big), plain, delta and byte-stream-split values, nulls, every numeric type; read whole,
 * from a row inside a page, and in windows of a few pages.
 */
class PageEncodingsTests {

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Flavour.class)
	void everyRowIsWhatParquetJavaReads(Flavour flavour) throws Exception {
		Path path = write(flavour, InputContractIntegrationTests.MIXED_SCHEMA,
				InputContractIntegrationTests.mixedRows(0, 3000));
		assertThat(encodings(path)).as("the writer used the encodings of %s", flavour).containsAll(flavour.encodings);
		List<String> features = List.of(InputContractIntegrationTests.FEATURES);
		Map<String, float[]> expected = ReferenceScores.features(features, "id", List.of(path));
		InputFile file = new InputResolver(new Configuration()).resolve(path.toString(), "id", features, null)
			.files()
			.get(0);

		assertSameRows(read(file, "id", features, 0, 3000, 701, ParquetCustomerReader.DEFAULT_WINDOW_ROWS), expected,
				0);
		assertSameRows(read(file, "id", features, 1234, 2900, 333, ParquetCustomerReader.DEFAULT_WINDOW_ROWS), expected,
				1234);
		assertSameRows(read(file, "id", features, 517, 3000, 250, 400), expected, 517);
	}

	@ParameterizedTest
	@EnumSource(Flavour.class)
	void storedNaNAndInfinityAreMarkedAndTextIdsReadWhateverTheEncoding(Flavour flavour) throws Exception {
		String schema = "message m { required binary customer_id (STRING); optional float a; optional double b; }";
		List<Consumer<Group>> rows = new ArrayList<>();
		int[] expected = new int[2000];
		for (int i = 0; i < expected.length; i++) {
			int n = i;
			float a = (n % 500 == 7) ? Float.NaN : n * 0.25f;
			Double b = (n % 13 == 0) ? null : (n % 300 == 11) ? Double.POSITIVE_INFINITY : n * 1.5;
			expected[n] = Float.isNaN(a) ? 0 : (b != null && b.isInfinite()) ? 1 : -1;
			rows.add((group) -> {
				group.add("customer_id", textId(n));
				group.add("a", a);
				if (b != null) {
					group.add("b", b);
				}
			});
		}
		Path path = write(flavour, schema, rows);
		InputFile file = new InputResolver(new Configuration())
			.resolve(path.toString(), "customer_id", List.of("a", "b"), null)
			.files()
			.get(0);

		List<CustomerBlock> blocks = read(file, "customer_id", List.of("a", "b"), 0, 2000, 300, 1000);

		int[] marked = blocks.stream()
			.flatMapToInt((block) -> IntStream.range(0, block.rows()).map(block::nonFiniteFeature))
			.toArray();
		assertThat(marked).containsExactly(expected);
		assertThat(blocks.stream().flatMap((block) -> IntStream.range(0, block.rows()).mapToObj(block::customerId)))
			.containsExactlyElementsOf(IntStream.range(0, 2000).mapToObj(PageEncodingsTests::textId).toList());
	}

	/** Text ids, one in a hundred beyond ASCII. */
	private static String textId(int n) {
		return (n % 100 == 3) ? "Müller-" + n : "C" + n;
	}

	private static void assertSameRows(List<CustomerBlock> blocks, Map<String, float[]> expected, int firstRow) {
		List<String> ids = new ArrayList<>(expected.keySet());
		int row = firstRow;
		for (CustomerBlock block : blocks) {
			for (int i = 0; i < block.rows(); i++, row++) {
				assertThat(block.customerId(i)).isEqualTo(ids.get(row));
				float[] features = new float[block.featureCount()];
				for (int f = 0; f < features.length; f++) {
					features[f] = block.feature(i, f);
				}
				assertThat(Arrays.equals(features, expected.get(ids.get(row))))
					.as("row %d: %s, parquet-java reads %s", row, Arrays.toString(features),
							Arrays.toString(expected.get(ids.get(row))))
					.isTrue();
				assertThat(block.nonFiniteFeature(i)).isEqualTo(-1);
			}
		}
		assertThat(row).as("rows read").isGreaterThan(firstRow);
	}

	private static List<CustomerBlock> read(InputFile file, String idColumn, List<String> features, long first,
			long end, int blockRows, int windowRows) {
		ParquetCustomerReader reader = new ParquetCustomerReader(file, 0, first, end, idColumn, features, blockRows,
				new Configuration())
			.windowRows(windowRows);
		List<CustomerBlock> blocks = new ArrayList<>();
		reader.open(new ExecutionContext());
		try {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				blocks.add(block);
			}
		}
		finally {
			reader.close();
		}
		return blocks;
	}

	private Path write(Flavour flavour, String schema, List<Consumer<Group>> rows) throws IOException {
		return ParquetFixtures.write(this.dir.resolve(flavour + ".parquet"), schema, rows,
				(builder) -> builder.withWriterVersion(flavour.version)
					.withDictionaryEncoding(flavour.dictionary)
					.withDictionaryPageSize(flavour.dictionaryPageBytes)
					.withByteStreamSplitEncoding(flavour.byteStreamSplit)
					.withPageSize(2048));
	}

	private static Set<Encoding> encodings(Path file) throws IOException {
		Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
		try (ParquetFileReader reader = ParquetFileReader
			.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
			reader.getFooter()
				.getBlocks()
				.forEach((block) -> block.getColumns()
					.stream()
					.map(ColumnChunkMetaData::getEncodings)
					.forEach(encodings::addAll));
		}
		return encodings;
	}

	/** How a writer may lay out the same rows. */
	enum Flavour {

		V1_DICTIONARY(WriterVersion.PARQUET_1_0, true, false, 1 << 20, Encoding.PLAIN_DICTIONARY),
		V1_DICTIONARY_FALLING_BACK(WriterVersion.PARQUET_1_0, true, false, 512, Encoding.PLAIN_DICTIONARY,
				Encoding.PLAIN),
		V1_PLAIN(WriterVersion.PARQUET_1_0, false, false, 1 << 20, Encoding.PLAIN),
		V1_BYTE_STREAM_SPLIT(WriterVersion.PARQUET_1_0, false, true, 1 << 20, Encoding.BYTE_STREAM_SPLIT),
		V2_DICTIONARY(WriterVersion.PARQUET_2_0, true, false, 1 << 20, Encoding.RLE_DICTIONARY),
		V2_DICTIONARY_FALLING_BACK(WriterVersion.PARQUET_2_0, true, false, 512, Encoding.RLE_DICTIONARY,
				Encoding.DELTA_BINARY_PACKED),
		V2_DELTA(WriterVersion.PARQUET_2_0, false, false, 1 << 20, Encoding.DELTA_BINARY_PACKED,
				Encoding.DELTA_BYTE_ARRAY),
		V2_BYTE_STREAM_SPLIT(WriterVersion.PARQUET_2_0, false, true, 1 << 20, Encoding.BYTE_STREAM_SPLIT);

		final WriterVersion version;

		final boolean dictionary;

		final boolean byteStreamSplit;

		final int dictionaryPageBytes;

		final Set<Encoding> encodings;

		Flavour(WriterVersion version, boolean dictionary, boolean byteStreamSplit, int dictionaryPageBytes,
				Encoding... encodings) {
			this.version = version;
			this.dictionary = dictionary;
			this.byteStreamSplit = byteStreamSplit;
			this.dictionaryPageBytes = dictionaryPageBytes;
			this.encodings = EnumSet.copyOf(Arrays.asList(encodings));
		}

	}

}
