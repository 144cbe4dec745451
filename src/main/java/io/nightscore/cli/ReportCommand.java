package io.nightscore.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.report.RunReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code nightscore report RUN_ID}: writes the run's self-contained HTML report (score
 * distribution against the previous run and the training reference, band shares over
 * recent weeks, drift, why it was held, rejects, SHAP importances).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
		description = "Write a run's HTML report: one self-contained file with inline SVG charts.")
final class ReportCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (see 'nightscore runs').")
	private long runId;

	@Option(names = "--out", paramLabel = "FILE", description = "Where to write it. Default: run-<RUN_ID>.html.")
	private Path out;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		if (this.runId <= 0) {
			this.spec.commandLine().getErr().println("nightscore: RUN_ID must be a positive run id, not " + this.runId);
			return ExitCode.CONTRACT;
		}
		Path file = (this.out != null) ? this.out : Path.of(RunReportGenerator.fileName(this.runId));
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			Path written = new RunReportGenerator(context.getBean(JdbcTemplate.class)).write(this.runId, file);
			this.spec.commandLine().getOut().println("Wrote the report of run " + this.runId + " to " + written);
			return ExitCode.OK;
		}
		catch (IllegalArgumentException ex) {
			this.spec.commandLine().getErr().println("nightscore: " + ex.getMessage());
			return ExitCode.CONTRACT;
		}
		catch (RuntimeException ex) {
			return CommandFailures.report(this.spec.commandLine().getErr(), ex);
		}
	}

}
