package io.nightscore.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

import io.nightscore.job.RunFailures;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunHistoryRepository.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code nightscore runs}: lists recent runs, every job instance including those that
 * failed before they recorded anything: date, rerun, status, which one is live (what
 * {@code customer_scores} shows), rows committed by all attempts, rows scored and
 * rejected, attempts, time across them, model version.
 */
@Command(name = "runs", mixinStandardHelpOptions = true, subcommands = RunsShowCommand.class,
		description = "List recent runs, newest first; LIVE marks the run customer_scores shows."
				+ " 'runs show RUN_ID' shows one run in full.")
final class RunsCommand implements Callable<Integer> {

	/** PostgreSQL's SQL state for a table that does not exist. */
	private static final String UNDEFINED_TABLE = "42P01";

	@Spec
	private CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
			description = "How many runs to list. Default: ${DEFAULT-VALUE}.")
	private int limit;

	@Option(names = "--json", description = "One JSON array, for scripts.")
	private boolean json;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new ParameterException(this.spec.commandLine(), "--limit must be at least 1, not " + this.limit);
		}
		PrintWriter out = this.spec.commandLine().getOut();
		// one plain connection: no Spring context, no migration (an empty schema has no
		// runs)
		try (Connection connection = DirectConnection.open()) {
			List<RunSummary> runs = new RunHistoryRepository(new SingleConnectionDataSource(connection, true))
				.list(this.limit);
			if (this.json) {
				out.println(JsonMapper.shared().writeValueAsString(runs.stream().map(RunFields::json).toList()));
			}
			else {
				out.println(RunFields.header());
				runs.forEach((run) -> out.println(RunFields.row(run)));
			}
			out.flush();
			return ExitCode.OK;
		}
		catch (SQLException | RuntimeException ex) {
			if (UNDEFINED_TABLE.equals(sqlState(ex))) {
				this.spec.commandLine()
					.getErr()
					.println("nightscore: no runs yet: the database schema has no nightscore tables (the first"
							+ " 'nightscore score' creates them)");
				return ExitCode.OK;
			}
			boolean configuration = RunFailures.isConfigurationRefusal(ex);
			this.spec.commandLine().getErr().println(RunFailures.launchFailure(ex));
			return configuration ? ExitCode.CONTRACT : ExitCode.FAILED;
		}
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

}
