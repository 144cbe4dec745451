package io.nightscore.input;

import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetInputFormat;

/**
 * Builds the Hadoop configuration every input file system (and a model given as a URI) is
 * opened with: nightscore's defaults, then the operator's {@code --hadoop-property}
 * values, which win. Credentials are never set here unless the operator sets them: S3A
 * finds them the standard way (environment variables, then the default AWS credentials
 * chain). Stateless.
 */
public final class HadoopSettings {

	/** S3A defaults for reading Parquet from object storage; each can be overridden. */
	static final Map<String, String> S3A_DEFAULTS = Map.of(
			// S3A's classic stream, which reopens and retries a read whose connection was
			// reset; Hadoop 3.5 defaults to the analytics accelerator's stream, which
			// does not
			"fs.s3a.input.stream.type", "classic",
			// footer first, then whole column chunks: ranged GETs, no abort-and-reopen
			"fs.s3a.experimental.input.fadvise", "random",
			// a column chunk of several MB is read in one GET; small reads fetch this
			// much
			"fs.s3a.readahead.range", "1048576",
			// a restart must read the very object the snapshot recorded
			"fs.s3a.change.detection.mode", "server",
			// transient failures: bounded retries with back-off, then the run fails
			// restartable
			"fs.s3a.retry.limit", "7", "fs.s3a.retry.interval", "500ms", "fs.s3a.attempts.maximum", "5");

	/** parquet-java's switch for Hadoop vectored reads. */
	static final String VECTORED_IO = "parquet.hadoop.vectored.io.enabled";

	private HadoopSettings() {
	}

	/**
	 * A new configuration with nightscore's defaults and {@code properties} on top.
	 * @param properties Hadoop properties ({@code fs.s3a.endpoint}, ...) set by the
	 * operator
	 */
	public static Configuration configuration(Map<String, String> properties) {
		Configuration configuration = new Configuration();
		// parquet-java writes page CRCs by default but checks them only when asked:
		// without
		// this a flipped byte in an uncompressed page becomes a wrong score, silently
		configuration.setBoolean(ParquetInputFormat.PAGE_VERIFY_CHECKSUM_ENABLED, true);
		// parquet-java's vectored reads go through S3A's readVectored, which does not
		// retry a range whose connection was reset; plain reads reopen and retry
		configuration.setBoolean(VECTORED_IO, false);
		S3A_DEFAULTS.forEach(configuration::set);
		properties.forEach(configuration::set);
		return configuration;
	}

}
