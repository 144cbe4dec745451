package io.nightscore.sampledata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Generates a reproducible synthetic telecom churn data set from a seed, as
 * {@link ChurnCustomer} rows for training and as Snappy-compressed Parquet files for the
 * scoring job.
 *
 * <p>
 * Customer {@code i} depends only on the seed and {@code i}: not on how many customers or
 * files are generated nor on the JVM or platform, so the same command writes the same
 * bytes (with the same parquet-java version) and any range of customers can be generated
 * on its own. Rows are generated one by one while writing: memory is bounded by one row
 * group, not by the number of customers. Immutable and thread-safe.
 *
 * <p>
 * Row groups: parquet-java buffers a row group in memory, compressed, and closes it when
 * that buffer reaches the row-group size, {@link #DEFAULT_ROW_GROUP_SIZE} (128 MiB)
 * unless told otherwise. A million customers take about 32 MB, so a file of a million
 * customers is one row group even with the default; {@link #ONE_ROW_GROUP_SIZE} (1 GiB)
 * makes that hold up to about 30 million, and a small size (say 1 MiB) gives many row
 * groups. The direct writer used here has no memory manager that would shrink row groups:
 * the heap only needs room for one buffered row group ({@code -Xmx512m} writes a million
 * customers as one row group).
 */
public final class ChurnDataGenerator {

	/** The customer id column: {@code C00000001}, unique within a data set. */
	public static final String ID_COLUMN = "customer_id";

	/** A two-letter US state code column that the model does not use. */
	public static final String STATE_COLUMN = "state";

	/** The label column (did the customer churn), which the scoring job ignores. */
	public static final String LABEL_COLUMN = "churned";

	/**
	 * The model's feature names, in the model's order; the Parquet feature columns have
	 * these names.
	 */
	public static final List<String> FEATURE_NAMES = Arrays.stream(ChurnFeature.values())
		.map(ChurnFeature::columnName)
		.toList();

	/**
	 * The Parquet schema of the generated files: id, state, the features in order, label.
	 */
	public static final MessageType SCHEMA = ChurnFeature.schema();

	/** The seed of the committed sample data set. */
	public static final long DEFAULT_SEED = 42;

	/** parquet-java's default row-group size, 128 MiB. */
	public static final long DEFAULT_ROW_GROUP_SIZE = ParquetWriter.DEFAULT_BLOCK_SIZE;

	/**
	 * A row-group size, 1 GiB, large enough to write a file of a million customers as one
	 * row group.
	 */
	public static final long ONE_ROW_GROUP_SIZE = 1L << 30;

	private final long seed;

	private final CustomerSampler sampler;

	/**
	 * Create a generator.
	 * @param seed the seed from which every customer is derived
	 */
	public ChurnDataGenerator(long seed) {
		this.seed = seed;
		this.sampler = new CustomerSampler(seed);
	}

	public long seed() {
		return this.seed;
	}

	/**
	 * The customer at an index.
	 * @param index the customer's index, from 0; its id is {@code C} and
	 * {@code index + 1}
	 * @return the customer with its features as XGBoost sees them
	 */
	public ChurnCustomer customer(long index) {
		return this.sampler.sample(index).toChurnCustomer();
	}

	/**
	 * A lazy stream of consecutive customers.
	 * @param first the index of the first customer
	 * @param count how many customers
	 * @return the customers {@code first} to {@code first + count - 1}, generated on
	 * demand
	 */
	public Stream<ChurnCustomer> customers(long first, long count) {
		return LongStream.range(first, first + count).mapToObj(this::customer);
	}

	/**
	 * Write customers {@code 0} to {@code customers - 1} as {@code files} Parquet files
	 * {@code customers-00000.parquet}, ... in {@code dir}, consecutive ranges of (almost)
	 * equal size, overwriting existing files.
	 * @param dir the directory, created if missing
	 * @param customers how many customers, at least {@code files}
	 * @param files how many files, at least 1
	 * @param rowGroupSize the row-group size in bytes, for example
	 * {@link #DEFAULT_ROW_GROUP_SIZE}
	 * @return the files written, in order
	 * @throws IOException if a file cannot be written
	 */
	public List<Path> writeParquet(Path dir, long customers, int files, long rowGroupSize) throws IOException {
		return new ChurnParquetWriter(this.sampler, this.seed, rowGroupSize).writeFiles(dir, customers, files);
	}

	/**
	 * Like {@link #writeParquet(Path, long, int, long)}, with the named features' values
	 * multiplied by their factors: a week whose input drifted.
	 * @param shifts feature column name → factor
	 */
	public List<Path> writeParquet(Path dir, long customers, int files, long rowGroupSize,
			java.util.Map<String, Double> shifts) throws IOException {
		return new ChurnParquetWriter(this.sampler, this.seed, rowGroupSize, shifts).writeFiles(dir, customers, files);
	}

	/**
	 * Write one Parquet file of consecutive customers, overwriting it if it exists.
	 * @param file the file to write; its directory must exist
	 * @param first the index of the first customer
	 * @param count how many customers, at least 1
	 * @param rowGroupSize the row-group size in bytes, {@link #ONE_ROW_GROUP_SIZE} for a
	 * single row group
	 * @throws IOException if the file cannot be written
	 */
	public void writeParquetFile(Path file, long first, long count, long rowGroupSize) throws IOException {
		new ChurnParquetWriter(this.sampler, this.seed, rowGroupSize).writeFile(file, first, count);
	}

}
