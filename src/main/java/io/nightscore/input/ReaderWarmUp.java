package io.nightscore.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

/**
 * Reads a small Parquet file bundled in the jar through the code a run reads its input
 * with (listing, footer check, column binding, page reads, decoding), so that
 * parquet-java's and Hadoop's one-time initialisations happen on a background thread
 * while Spring starts rather than in the run's prepare step: parquet-java's bit-packers
 * and its footer's JSON mapper, Snappy's native library, Hadoop's stream statistics. On
 * the benchmark machine they were about 0.4 s of the prepare step's main thread.
 *
 * <p>
 * The file ({@value #RESOURCE}) is 64 customers of {@code nightscore generate --seed 11}:
 * Snappy, and every column type the sample data has (INT32 with and without 8 and 16-bit
 * annotations, INT64, FLOAT, DOUBLE, BOOLEAN, decimals in INT32, INT64 and fixed-length
 * bytes), some with nulls. It is copied to a temporary file first: the run's reader reads
 * Hadoop paths.
 */
public final class ReaderWarmUp {

	static final String RESOURCE = "warm-up.parquet";

	static final String ID_COLUMN = "customer_id";

	/** The bundled file's feature columns. */
	static final List<String> FEATURES = List.of("tenure_months", "contract_months", "num_lines", "support_calls",
			"late_payments", "total_day_calls", "data_usage_bytes", "total_day_minutes", "total_eve_minutes",
			"total_night_minutes", "total_intl_minutes", "dropped_call_rate", "satisfaction_score", "has_intl_plan",
			"has_voicemail", "paperless_billing", "monthly_charges", "account_balance", "total_charges");

	private ReaderWarmUp() {
	}

	/**
	 * Read the bundled file's rows. Errors are left for the run's own reads to report.
	 * @return the rows read (row-major, {@link #FEATURES} in order), or an empty array
	 * when the warm-up could not read them
	 */
	public static float[] run() {
		Path file = null;
		try (InputStream bundled = ReaderWarmUp.class.getResourceAsStream(RESOURCE)) {
			if (bundled == null) {
				return new float[0];
			}
			file = Files.createTempFile("nightscore-warm-up-", ".parquet");
			Files.copy(bundled, file, StandardCopyOption.REPLACE_EXISTING);
			Configuration configuration = new Configuration();
			InputSnapshot snapshot = new InputResolver(configuration).resolve(file.toUri().toString(), ID_COLUMN,
					FEATURES, null);
			return FirstRows.read(snapshot, ID_COLUMN, FEATURES, Integer.MAX_VALUE, configuration);
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			// a native library that does not load (Snappy's) fails the run's own read too
			return new float[0];
		}
		finally {
			deleteQuietly(file);
		}
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// a temporary file: the operating system cleans up after us
			}
		}
	}

}
