package io.nightscore.sampledata;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GenerateCommand} and {@link TrainCommand} run through picocli.
 */
class SampleDataCommandsTests {

	@TempDir
	Path dir;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@Test
	void generateWritesTheFilesAndPrintsASummary() throws Exception {
		Path customers = this.dir.resolve("customers");
		int exitCode = execute(new GenerateCommand(), "--customers", "300", "--files", "3", "--out",
				customers.toString());
		assertThat(exitCode).isZero();
		assertThat(customers).isDirectoryContaining("glob:**/customers-00002.parquet");
		assertThat(ParquetTestFiles.readCustomers(customers.resolve("customers-00000.parquet")))
			.containsExactlyElementsOf(new ChurnDataGenerator(42).customers(0, 100).toList());
		assertThat(this.out.toString()).startsWith("Wrote 300 customers (seed 42) to 3 Parquet files in " + customers);
	}

	@Test
	void generateRejectsMoreFilesThanCustomers() {
		int exitCode = execute(new GenerateCommand(), "--customers", "2", "--files", "4", "--out", this.dir.toString());
		assertThat(exitCode).isEqualTo(2);
		assertThat(this.err.toString()).contains("--customers (2) must be at least --files (4)");
	}

	@Test
	void trainSavesTheModelAndPrintsTheHoldoutAuc() throws Exception {
		Path model = this.dir.resolve("model.json");
		int exitCode = execute(new TrainCommand(), "--trees", "5", "--training-rows", "2000", "--threads", "1", "--out",
				model.toString());
		assertThat(exitCode).isZero();
		assertThat(Files.readString(model)).contains("\"feature_names\"");
		assertThat(this.out.toString()).startsWith("Trained 5 trees (max depth 5, eta 0.1) on 2000 customers (seed 7)")
			.contains("holdout AUC 0.", "model saved to " + model);
	}

	@Test
	void trainRejectsAnUnknownModelExtension() {
		int exitCode = execute(new TrainCommand(), "--out", this.dir.resolve("model.bin").toString());
		assertThat(exitCode).isEqualTo(2);
		assertThat(this.err.toString()).contains("must end in .json or .ubj");
	}

	@Test
	void everyOptionHasADescription() {
		for (Object command : new Object[] { new GenerateCommand(), new TrainCommand() }) {
			assertThat(new CommandLine(command).getCommandSpec().options())
				.allMatch((option) -> option.description().length > 0 && !option.description()[0].isBlank());
		}
	}

	private int execute(Object command, String... args) {
		CommandLine commandLine = new CommandLine(command);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		return commandLine.execute(args);
	}

}
