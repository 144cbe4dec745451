package io.nightscore.sampledata;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code generate} command: writes a reproducible synthetic churn data set as Parquet
 * files and prints one summary line.
 */
@Command(name = "generate", description = "Generate synthetic churn customers as Parquet files",
		mixinStandardHelpOptions = true)
public class GenerateCommand implements Callable<Integer> {

	private static final long MIB = 1024 * 1024;

	@Spec
	private CommandSpec spec;

	@Option(names = "--customers", defaultValue = "50000", paramLabel = "N",
			description = "Number of customers to generate (default: ${DEFAULT-VALUE}).")
	private long customers;

	@Option(names = "--files", defaultValue = "4", paramLabel = "K",
			description = "Number of Parquet files, customers-00000.parquet onwards (default: ${DEFAULT-VALUE}).")
	private int files;

	@Option(names = "--seed", defaultValue = "42", paramLabel = "S",
			description = "Seed; the same seed writes the same customers (default: ${DEFAULT-VALUE}).")
	private long seed;

	@Option(names = "--row-group-mb", defaultValue = "128", paramLabel = "M",
			description = "Parquet row-group size in MiB (default: ${DEFAULT-VALUE}); a row group of a million "
					+ "customers takes about 32 MiB, so 1024 keeps a file of up to about 30 million customers in one row group.")
	private int rowGroupMb;

	@Option(names = "--shift", paramLabel = "FEATURE=FACTOR",
			description = "Multiply a feature's values by FACTOR (repeatable), e.g. support_calls=3: a drifted week"
					+ " for the drift checks. Default: none.")
	private java.util.Map<String, Double> shifts = new java.util.LinkedHashMap<>();

	@Option(names = "--out", required = true, paramLabel = "DIR",
			description = "Directory to write the files to; created if missing, existing files are replaced.")
	private Path out;

	@Override
	public Integer call() throws Exception {
		if (this.files < 1 || this.customers < this.files) {
			throw new ParameterException(this.spec.commandLine(), "--customers (" + this.customers
					+ ") must be at least --files (" + this.files + "), and --files at least 1");
		}
		if (this.rowGroupMb < 1) {
			throw new ParameterException(this.spec.commandLine(),
					"--row-group-mb must be at least 1, was " + this.rowGroupMb);
		}
		for (String name : this.shifts.keySet()) {
			if (!ChurnDataGenerator.FEATURE_NAMES.contains(name)) {
				throw new ParameterException(this.spec.commandLine(), "--shift names no feature '" + name
						+ "'; the features are " + ChurnDataGenerator.FEATURE_NAMES);
			}
		}
		long started = System.nanoTime();
		List<Path> written = new ChurnDataGenerator(this.seed).writeParquet(this.out, this.customers, this.files,
				this.rowGroupMb * MIB, this.shifts);
		double seconds = (System.nanoTime() - started) / 1e9;
		this.spec.commandLine()
			.getOut()
			.printf(Locale.ROOT, "Wrote %d customers (seed %d) to %d Parquet files in %s in %.1f s%n", this.customers,
					this.seed, written.size(), this.out, seconds);
		return 0;
	}

}
