package io.nightscore.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A small Parquet file bundled in the jar, read through the code a run reads its input
 * with (listing, footer check, column binding, page reads, decoding), on a background
 * thread while Spring starts rather than in the run's first chunks. Opening it does
 * parquet-java's and Hadoop's one-time initialisations (parquet-java's bit-packers and
 * its footer's JSON mapper, Snappy's native library, Hadoop's stream statistics: about
 * 0.4 s of the prepare step's main thread on the benchmark machine); reading it in blocks
 * again and again gets the decoders compiled (see {@code job.ChunkWarmUp}).
 *
 * <p>
 * The file ({@value #RESOURCE}) is the 4,096 customers of
 * {@code nightscore generate --customers 4096 --files 1 --seed 11} (parquet-java's
 * defaults, Snappy), and every column type the sample data has (INT32 with and without 8
 * and 16-bit annotations, INT64, FLOAT, DOUBLE, BOOLEAN, decimals in INT32, INT64 and
 * fixed-length bytes), some with nulls. It is copied to a temporary file first: the run's
 * reader reads Hadoop paths. Errors are left for the run's own reads to report: a warm-up
 * that fails stops quietly. Not thread-safe.
 */
public final class ReaderWarmUp implements AutoCloseable {

	static final String RESOURCE = "warm-up.parquet";

	static final String ID_COLUMN = "customer_id";

	/** The bundled file's feature columns. */
	public static final List<String> FEATURES = List.of("tenure_months", "contract_months", "num_lines",
			"support_calls", "late_payments", "total_day_calls", "data_usage_bytes", "total_day_minutes",
			"total_eve_minutes", "total_night_minutes", "total_intl_minutes", "dropped_call_rate", "satisfaction_score",
			"has_intl_plan", "has_voicemail", "paperless_billing", "monthly_charges", "account_balance",
			"total_charges");

	private final Path file;

	private final InputFile input;

	private final Configuration configuration;

	private ReaderWarmUp(Path file, InputFile input, Configuration configuration) {
		this.file = file;
		this.input = input;
		this.configuration = configuration;
	}

	/**
	 * Load Snappy's native library now (snappy-java extracts it from its jar and links
	 * it, as XGBoost4J does its own) rather than at the first page a read decompresses.
	 * Errors are left for that read to report.
	 */
	public static void loadNativeLibrary() {
		try {
			Class.forName("org.xerial.snappy.Snappy", true, ReaderWarmUp.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// the run's first read of a Snappy-compressed page reports it
		}
	}

	/**
	 * Copy the bundled file out of the jar and resolve it as a run resolves its input.
	 * @return the file, or {@code null} when it cannot be read
	 */
	public static ReaderWarmUp open() {
		Path file = null;
		try (InputStream bundled = ReaderWarmUp.class.getResourceAsStream(RESOURCE)) {
			if (bundled == null) {
				return null;
			}
			file = Files.createTempFile("nightscore-warm-up-", ".parquet");
			Files.copy(bundled, file, StandardCopyOption.REPLACE_EXISTING);
			Configuration configuration = new Configuration();
			InputSnapshot snapshot = new InputResolver(configuration).resolve(file.toUri().toString(), ID_COLUMN,
					FEATURES, null);
			return new ReaderWarmUp(file, snapshot.files().get(0), configuration);
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			// a native library that does not load (Snappy's) fails the run's own read too
			deleteQuietly(file);
			return null;
		}
	}

	/**
	 * Read the whole file once, in blocks of up to {@code blockRows} rows, handing each
	 * to {@code each}.
	 * @return whether the file was read to the end
	 */
	public boolean readBlocks(int blockRows, Consumer<CustomerBlock> each) {
		ParquetCustomerReader reader = new ParquetCustomerReader(this.input, 0, 0, this.input.rows(), ID_COLUMN,
				FEATURES, blockRows, this.configuration);
		try {
			reader.open(new ExecutionContext());
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				each.accept(block);
			}
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
		finally {
			closeQuietly(reader);
		}
	}

	private static void closeQuietly(ParquetCustomerReader reader) {
		try {
			reader.close();
		}
		catch (RuntimeException ex) {
			// nothing of the warm-up's is kept open
		}
	}

	/** The file's rows. */
	public long rows() {
		return this.input.rows();
	}

	@Override
	public void close() {
		deleteQuietly(this.file);
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
