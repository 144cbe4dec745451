package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.output.RunAuditQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code nightscore checks RUN_ID}: a run's audit trail (model sha256, version, options,
 * input checksums, who published it) and every check with its verdict.
 */
@Command(name = "checks", mixinStandardHelpOptions = true,
		description = "Show a run's audit trail and its checks (why it was held).")
final class ChecksCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "RUN_ID", description = "The run, as `nightscore runs` lists it.")
	private long runId;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			RunAuditQuery query = new RunAuditQuery(context.getBean(javax.sql.DataSource.class));
			List<String> audit = query.auditLines(this.runId);
			if (audit.isEmpty()) {
				this.spec.commandLine()
					.getErr()
					.println("Run " + this.runId + " does not exist: see `nightscore runs` for run ids");
				return ExitCode.CONTRACT;
			}
			audit.forEach((line) -> out.println(RunFields.shown(line)));
			out.println();
			query.checkLines(this.runId).forEach((line) -> out.println(RunFields.shown(line)));
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			return CommandFailures.report(this.spec.commandLine().getErr(), ex);
		}
	}

}
