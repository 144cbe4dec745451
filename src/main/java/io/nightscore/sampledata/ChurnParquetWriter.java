package io.nightscore.sampledata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes generated customers to Snappy-compressed Parquet files with parquet-java's
 * example {@link Group} writer, one row at a time.
 *
 * <p>
 * Not thread-safe; use one instance per thread. A failed write leaves a partial file
 * behind, which the next run overwrites.
 */
final class ChurnParquetWriter {

	private static final Logger logger = LoggerFactory.getLogger(ChurnParquetWriter.class);

	private final CustomerSampler sampler;

	private final long seed;

	private final long rowGroupSize;

	private final Configuration configuration = new Configuration(false);

	private final double[] factors;

	ChurnParquetWriter(CustomerSampler sampler, long seed, long rowGroupSize) {
		this(sampler, seed, rowGroupSize, Map.of());
	}

	/**
	 * A writer that multiplies the named features' raw values by a factor: a drifted week
	 * for the drift checks.
	 */
	ChurnParquetWriter(CustomerSampler sampler, long seed, long rowGroupSize, Map<String, Double> shifts) {
		this.factors = new double[ChurnFeature.values().length];
		java.util.Arrays.fill(this.factors, 1.0);
		shifts.forEach((name, factor) -> this.factors[feature(name).ordinal()] = factor);
		if (rowGroupSize < 1024) {
			throw new IllegalArgumentException(
					"Row-group size " + rowGroupSize + " bytes is too small; use at least 1 KiB, 128 MiB by default");
		}
		this.sampler = sampler;
		this.seed = seed;
		this.rowGroupSize = rowGroupSize;
	}

	List<Path> writeFiles(Path dir, long customers, int files) throws IOException {
		if (files < 1 || customers < files) {
			throw new IllegalArgumentException("Cannot write " + customers + " customers to " + files
					+ " files; use at least one file and at least one customer per file");
		}
		Files.createDirectories(dir);
		List<Path> written = new ArrayList<>(files);
		for (int k = 0; k < files; k++) {
			long first = customers * k / files;
			long end = customers * (k + 1) / files;
			Path file = dir.resolve(String.format("customers-%05d.parquet", k));
			writeFile(file, first, end - first);
			written.add(file);
		}
		return written;
	}

	void writeFile(Path file, long first, long count) throws IOException {
		if (first < 0 || count < 1) {
			throw new IllegalArgumentException("Cannot write customers " + first + " (+" + count + ") to " + file
					+ "; need first >= 0, count >= 1");
		}
		SimpleGroupFactory rows = new SimpleGroupFactory(ChurnDataGenerator.SCHEMA);
		Map<String, String> metadata = Map.of("nightscore.sample.seed", Long.toString(this.seed),
				"nightscore.sample.first_customer", Long.toString(first));
		try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
			.withConf(this.configuration)
			.withType(ChurnDataGenerator.SCHEMA)
			.withCompressionCodec(CompressionCodecName.SNAPPY)
			.withRowGroupSize(this.rowGroupSize)
			.withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
			.withExtraMetaData(metadata)
			.build()) {
			for (long index = first; index < first + count; index++) {
				writer.write(toGroup(rows.newGroup(), this.sampler.sample(index), this.factors));
			}
		}
		logger.debug("Wrote customers {} to {} to {}", first, first + count - 1, file);
	}

	static ChurnFeature feature(String name) {
		for (ChurnFeature feature : ChurnFeature.values()) {
			if (feature.columnName().equals(name)) {
				return feature;
			}
		}
		throw new IllegalArgumentException(
				"No feature '" + name + "'; the features are " + ChurnDataGenerator.FEATURE_NAMES);
	}

	private static Group toGroup(Group row, SampledCustomer customer, double[] factors) {
		row.add(0, customer.customerId());
		row.add(1, customer.state());
		ChurnFeature[] features = ChurnFeature.values();
		for (int i = 0; i < features.length; i++) {
			double value = customer.values()[i] * factors[i];
			if (!Double.isNaN(value)) {
				features[i].type().write(row, i + 2, value);
			}
		}
		row.add(features.length + 2, customer.churned());
		return row;
	}

}
