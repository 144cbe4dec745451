package io.nightscore.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.sun.management.ThreadMXBean;
import io.nightscore.ContractException;
import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged Parquet files, made by fixed-seed mutations of small well-formed ones (version
 * 1 and 2 pages, dictionary and plain, Snappy, gzip and uncompressed, with and without
 * page checksums and page index, nulls, text and integer ids): single-byte flips in page
 * headers, page data, the page index and the footer, truncations and zeroed ranges.
 * nightscore's reader, read as the job reads (two partitions, small windows), must return
 * the rows parquet-java's own reader returns, or fail with a {@link ContractException}
 * naming the file (exit 2); never another exception, more than 64 MB of allocation or a
 * hang. {@code -Dfuzz.mutants=N} runs N mutants per kind and flavour instead of the
 * default's few.
 */
class HostileFilesFuzzTests {

	static final List<String> FEATURES = List.of("x", "y", "w", "b");

	static final String TEXT_SCHEMA = "message m { optional binary customer_id (STRING); optional double x;"
			+ " optional int32 y; required int64 w; optional boolean b; }";

	static final String INT_SCHEMA = "message m { required int64 customer_id; optional double x;"
			+ " optional int32 y; required int64 w; optional boolean b; }";

	static final int ROWS = 400;

	static final long MAX_ALLOCATION = 64L << 20;

	@TempDir
	Path dir;

	final Configuration configuration = HadoopSettings.configuration(Map.of());

	final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	/** Each kind of contract violation seen, with its first mutant. */
	final Map<String, String> violations = new LinkedHashMap<>();

	@Test
	@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void everyMutantReadsAsParquetJavaReadsItOrFailsNamingTheFile() throws Exception {
		int mutants = Integer.getInteger("fuzz.mutants", 5);
		int checked = 0;
		for (Flavour flavour : flavours()) {
			Path intact = flavour.write(this.dir);
			byte[] bytes = Files.readAllBytes(intact);
			Layout layout = Layout.of(bytes, intact, this.configuration);
			List<String> intactRows = reference(intact).rows();
			assertThat(nightscore(intact).rows()).as(flavour.name()).isNotNull().isEqualTo(intactRows);
			Random random = new Random(flavour.name().hashCode());
			Path mutant = this.dir.resolve("mutant-" + flavour.name() + ".parquet");
			for (Kind kind : Kind.values()) {
				for (int i = 0; i < mutants; i++) {
					Mutation mutation = kind.mutate(bytes, layout, random);
					if (mutation != null) {
						Files.write(mutant, mutation.bytes());
						check(flavour.name() + " " + mutation.what(), mutant, intactRows);
						checked++;
					}
				}
			}
		}

		assertThat(checked).isGreaterThan(flavours().size() * Kind.values().length * mutants / 2);
		assertThat(this.violations).isEmpty();
	}

	private void check(String what, Path mutant, List<String> intactRows) {
		Outcome expected = reference(mutant);
		long before = this.threads.getCurrentThreadAllocatedBytes();
		Outcome ours = nightscore(mutant);
		long allocated = this.threads.getCurrentThreadAllocatedBytes() - before;
		if (allocated > MAX_ALLOCATION) {
			violation("allocates " + (allocated >> 20) + " MB", what);
		}
		if (ours.failure() != null) {
			Throwable failure = ours.failure();
			if (!(failure instanceof ContractException) || !failure.getMessage().contains(mutant.toString())) {
				violation("fails with " + failure, what);
			}
		}
		else if (expected.failure() != null) {
			// a footer whose column chunk metadata is damaged but whose page index is
			// intact: parquet-java's whole-chunk read fails, the windows read through
			// the index read the file's own rows; any other rows are a violation
			if (!ours.rows().equals(intactRows)) {
				violation("reads rows where parquet-java fails (" + expected.failure() + ")", what);
			}
		}
		else if (!ours.rows().equals(expected.rows())) {
			violation("reads other rows than parquet-java",
					what + ": " + firstDifference(expected.rows(), ours.rows()));
		}
	}

	private void violation(String violation, String mutant) {
		this.violations.putIfAbsent(violation, mutant);
	}

	private static String firstDifference(List<String> expected, List<String> actual) {
		for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
			if (!expected.get(i).equals(actual.get(i))) {
				return "row " + i + " is " + actual.get(i) + ", not " + expected.get(i);
			}
		}
		return actual.size() + " rows, not " + expected.size();
	}

	/** The rows as parquet-java's example reader returns them, or its failure. */
	Outcome reference(Path file) {
		Configuration conf = new Configuration(this.configuration);
		List<String> rows = new ArrayList<>();
		CustomerIdDecoder ids = new CustomerIdDecoder(CustomerIdDecoder.DEFAULT_MAX_LENGTH);
		try (ParquetReader<Group> reader = ParquetReader
			.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
			.withConf(conf)
			.build()) {
			for (Group group = reader.read(); group != null; group = reader.read()) {
				String id;
				if (group.getFieldRepetitionCount("customer_id") == 0) {
					id = "null";
				}
				else if (group.getType()
					.getType("customer_id")
					.asPrimitiveType()
					.getPrimitiveTypeName().javaType == Binary.class) {
					CustomerIdDecoder.Decoded decoded = ids.decode(group.getBinary("customer_id", 0));
					id = decoded.id() + "|" + decoded.problem();
				}
				else {
					id = Long.toString(group.getLong("customer_id", 0)) + "|null";
				}
				float x = has(group, "x") ? (float) group.getDouble("x", 0) : Float.NaN;
				float y = has(group, "y") ? group.getInteger("y", 0) : Float.NaN;
				float w = has(group, "w") ? group.getLong("w", 0) : Float.NaN;
				float b = has(group, "b") ? (group.getBoolean("b", 0) ? 1f : 0f) : Float.NaN;
				rows.add(row(id, new float[] { x, y, w, b }));
			}
			return new Outcome(rows, null);
		}
		catch (Throwable ex) {
			return new Outcome(null, ex);
		}
	}

	private static boolean has(Group group, String field) {
		return group.getFieldRepetitionCount(field) > 0;
	}

	private static String row(String id, float[] features) {
		StringBuilder s = new StringBuilder(id);
		for (float f : features) {
			s.append(',').append(Float.isNaN(f) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits(f)));
		}
		return s.toString();
	}

	/** The rows as nightscore's reader returns them (two partitions), or its failure. */
	Outcome nightscore(Path file) {
		try {
			InputFile input = new InputResolver(this.configuration)
				.resolve(file.toString(), "customer_id", FEATURES, null)
				.files()
				.get(0);
			List<String> rows = new ArrayList<>();
			long half = input.rows() / 2;
			read(input, 0, half, rows);
			read(input, half, input.rows(), rows);
			return new Outcome(rows, null);
		}
		catch (Throwable ex) {
			return new Outcome(null, ex);
		}
	}

	private void read(InputFile input, long from, long to, List<String> rows) {
		ParquetCustomerReader reader = new ParquetCustomerReader(input, 0, from, to, "customer_id", FEATURES, 37,
				this.configuration)
			.windowRows(60);
		reader.open(new ExecutionContext());
		try {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				for (int r = 0; r < block.rows(); r++) {
					float[] features = new float[FEATURES.size()];
					for (int f = 0; f < features.length; f++) {
						features[f] = block.feature(r, f);
					}
					String id = (block.customerId(r) == null) ? "null" : block.customerId(r) + "|" + block.idProblem(r);
					rows.add(row(id, features));
				}
			}
		}
		finally {
			reader.close();
		}
	}

	record Outcome(List<String> rows, Throwable failure) {

	}

	record Mutation(byte[] bytes, String what) {
	}

	/** Where a file's pages, page indexes and footer lie. */
	record Layout(List<int[]> headers, List<int[]> data, int indexStart, int footerStart, int length) {

		static Layout of(byte[] bytes, Path file, Configuration configuration) throws IOException {
			List<int[]> headers = new ArrayList<>();
			List<int[]> data = new ArrayList<>();
			int chunksEnd = 4;
			try (ParquetFileReader reader = ParquetFileReader
				.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), configuration))) {
				for (BlockMetaData block : reader.getFooter().getBlocks()) {
					for (ColumnChunkMetaData column : block.getColumns()) {
						int at = (int) column.getStartingPos();
						int end = (int) (at + column.getTotalSize());
						chunksEnd = Math.max(chunksEnd, end);
						while (at < end) {
							InputStream in = new ByteArrayInputStream(bytes, at, end - at);
							PageHeader header = Util.readPageHeader(in);
							int headerEnd = end - in.available();
							headers.add(new int[] { at, headerEnd });
							data.add(new int[] { headerEnd, headerEnd + header.getCompressed_page_size() });
							at = headerEnd + header.getCompressed_page_size();
						}
					}
				}
			}
			int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
			int footerStart = bytes.length - 8 - footerLength;
			return new Layout(headers, data, chunksEnd, footerStart, bytes.length);
		}

	}

	enum Kind {

		FLIP_PAGE_HEADER {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				return flip(bytes, pick(layout.headers(), random), random, name());
			}
		},
		FLIP_PAGE_DATA {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				return flip(bytes, pick(layout.data(), random), random, name());
			}
		},
		FLIP_PAGE_INDEX {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				if (layout.footerStart() <= layout.indexStart()) {
					return null;
				}
				return flip(bytes, new int[] { layout.indexStart(), layout.footerStart() }, random, name());
			}
		},
		FLIP_FOOTER {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				return flip(bytes, new int[] { layout.footerStart(), layout.length() - 8 }, random, name());
			}
		},
		TRUNCATE {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				int length = random.nextInt(bytes.length);
				return new Mutation(Arrays.copyOf(bytes, length), name() + " to " + length);
			}
		},
		ZERO_RANGE {
			@Override
			Mutation mutate(byte[] bytes, Layout layout, Random random) {
				int from = 4 + random.nextInt(bytes.length - 12);
				int to = Math.min(bytes.length - 8, from + 1 + random.nextInt(64));
				byte[] copy = bytes.clone();
				Arrays.fill(copy, from, to, (byte) 0);
				return new Mutation(copy, name() + " [" + from + ", " + to + ")");
			}
		};

		abstract Mutation mutate(byte[] bytes, Layout layout, Random random);

		static int[] pick(List<int[]> ranges, Random random) {
			return ranges.get(random.nextInt(ranges.size()));
		}

		static Mutation flip(byte[] bytes, int[] range, Random random, String name) {
			if (range[1] <= range[0]) {
				return null;
			}
			int at = range[0] + random.nextInt(range[1] - range[0]);
			int mask = 1 + random.nextInt(255);
			byte[] copy = bytes.clone();
			copy[at] ^= (byte) mask;
			return new Mutation(copy, name + " at " + at + " ^" + mask);
		}

	}

	record Flavour(String name, boolean textIds, boolean pageIndex,
			UnaryOperator<ExampleParquetWriter.Builder> settings) {

		Path write(Path dir) throws IOException {
			Path file = dir.resolve(this.name + (this.pageIndex ? "" : "-with-index") + ".parquet");
			ParquetFixtures.write(file, this.textIds ? TEXT_SCHEMA : INT_SCHEMA, rows(),
					(builder) -> this.settings.apply(builder.withRowGroupSize(6 * 1024).withPageRowCountLimit(50)));
			Files.deleteIfExists(dir.resolve("." + file.getFileName() + ".crc"));
			if (this.pageIndex) {
				return file;
			}
			Path copy = dir.resolve(this.name + ".parquet");
			ParquetFixtures.withoutPageIndex(file, copy);
			Files.deleteIfExists(dir.resolve("." + copy.getFileName() + ".crc"));
			return copy;
		}

		List<Consumer<Group>> rows() {
			boolean dictionary = this.name.contains("dict");
			List<Consumer<Group>> rows = new ArrayList<>();
			for (int i = 0; i < ROWS; i++) {
				int n = i;
				rows.add((group) -> {
					if (this.textIds) {
						if (n % 97 != 13) {
							group.add("customer_id", "C" + n);
						}
					}
					else {
						group.add("customer_id", 1000L + n);
					}
					if (n % 5 != 0) {
						group.add("x", dictionary ? (n % 7) * 0.5 : n * 1.25);
					}
					if (n % 3 != 0) {
						group.add("y", dictionary ? n % 11 : n * 3);
					}
					group.add("w", dictionary ? n % 13 : n * 100_003L);
					if (n % 4 != 1) {
						group.add("b", n % 2 == 0);
					}
				});
			}
			return rows;
		}

	}

	static List<Flavour> flavours() {
		return List.of(
				new Flavour("v1-plain-uncompressed-crc", true, true,
						(b) -> b.withDictionaryEncoding(false)
							.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
							.withPageWriteChecksumEnabled(true)),
				new Flavour("v1-dict-snappy-crc", true, true,
						(b) -> b.withDictionaryEncoding(true)
							.withCompressionCodec(CompressionCodecName.SNAPPY)
							.withPageWriteChecksumEnabled(true)),
				new Flavour("v2-dict-gzip-crc", true, true,
						(b) -> b.withWriterVersion(WriterVersion.PARQUET_2_0)
							.withDictionaryEncoding(true)
							.withCompressionCodec(CompressionCodecName.GZIP)
							.withPageWriteChecksumEnabled(true)),
				new Flavour("v2-plain-uncompressed-nocrc-intid", false, true,
						(b) -> b.withWriterVersion(WriterVersion.PARQUET_2_0)
							.withDictionaryEncoding(false)
							.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
							.withPageWriteChecksumEnabled(false)),
				new Flavour("v1-plain-uncompressed-nocrc", true, true,
						(b) -> b.withDictionaryEncoding(false)
							.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
							.withPageWriteChecksumEnabled(false)),
				new Flavour("v1-dict-uncompressed-nocrc-intid", false, true,
						(b) -> b.withDictionaryEncoding(true)
							.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
							.withPageWriteChecksumEnabled(false)),
				new Flavour("v1-dict-snappy-noindex", true, false,
						(b) -> b.withDictionaryEncoding(true)
							.withCompressionCodec(CompressionCodecName.SNAPPY)
							.withPageWriteChecksumEnabled(true)),
				new Flavour("v2-plain-uncompressed-nocrc-text", true, true,
						(b) -> b.withWriterVersion(WriterVersion.PARQUET_2_0)
							.withDictionaryEncoding(false)
							.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
							.withPageWriteChecksumEnabled(false)));
	}

}
