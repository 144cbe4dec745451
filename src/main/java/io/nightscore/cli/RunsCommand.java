package io.nightscore.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nightscore.job.RunFailures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nightscore runs}: lists recent runs with their date, status, rows scored,
 * rejects, model version and duration. Reads the tables over one plain connection: no
 * Spring, no migration (an empty schema has no runs).
 */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {

	private static final String FORMAT = "%-6s %-10s %-5s %-10s %-9s %10s %8s  %-22s %9s%n";

	/**
	 * PostgreSQL's SQL state for a table that does not exist (a schema never migrated).
	 */
	private static final String UNDEFINED_TABLE = "42P01";

	private static final String QUERY = """
			SELECT r.run_id, r.scoring_date, r.rerun, r.status, r.published, r.rows_scored, r.rows_rejected,
			       r.model_version, extract(epoch FROM e.end_time - e.start_time) AS seconds
			FROM scoring_run r
			LEFT JOIN LATERAL (SELECT start_time, end_time FROM batch_job_execution x
			                   WHERE x.job_instance_id = r.run_id ORDER BY job_execution_id DESC LIMIT 1) e ON true
			ORDER BY r.run_id DESC LIMIT ?""";

	@Spec
	private CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
			description = "How many runs to list. Default: ${DEFAULT-VALUE}.")
	private int limit;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new ParameterException(this.spec.commandLine(), "--limit must be at least 1, not " + this.limit);
		}
		PrintWriter out = this.spec.commandLine().getOut();
		try (Connection connection = DirectConnection.open();
				PreparedStatement statement = connection.prepareStatement(QUERY)) {
			statement.setInt(1, this.limit);
			List<String> lines = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					lines.add(String.format(FORMAT, rs.getLong(1), rs.getDate(2), rs.getInt(3), rs.getString(4),
							rs.getBoolean(5), orDash(rs.getObject(6)), orDash(rs.getObject(7)), rs.getString(8),
							(rs.getObject(9) != null) ? "%.1f s".formatted(rs.getDouble(9)) : "-"));
				}
			}
			out.printf(FORMAT, "RUN", "DATE", "RERUN", "STATUS", "PUBLISHED", "SCORED", "REJECTS", "MODEL", "DURATION");
			lines.forEach(out::print);
			out.flush();
			return ExitCode.OK;
		}
		catch (SQLException ex) {
			if (UNDEFINED_TABLE.equals(ex.getSQLState())) {
				this.spec.commandLine()
					.getErr()
					.println("nightscore: no runs yet: the database schema has no nightscore tables (the first"
							+ " 'nightscore score' creates them)");
				return ExitCode.OK;
			}
			return failed(ex);
		}
		catch (RuntimeException ex) {
			return failed(ex);
		}
	}

	private int failed(Exception ex) {
		boolean configuration = RunFailures.isConfigurationRefusal(ex);
		this.spec.commandLine().getErr().println(RunFailures.launchFailure(ex));
		return configuration ? ExitCode.CONTRACT : ExitCode.FAILED;
	}

	private static String orDash(Object value) {
		return (value != null) ? value.toString() : "-";
	}

}
