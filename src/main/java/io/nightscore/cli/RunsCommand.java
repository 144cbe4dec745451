package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.nightscore.Failures;
import io.nightscore.NightscoreApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code nightscore runs}: lists recent runs with their date, status, rows scored,
 * rejects, model version and duration.
 */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {

	private static final String FORMAT = "%-6s %-10s %-5s %-10s %-9s %10s %8s  %-22s %9s%n";

	@Spec
	private CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
			description = "How many runs to list. Default: ${DEFAULT-VALUE}.")
	private int limit;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		try (ConfigurableApplicationContext context = NightscoreApplication.start()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			out.printf(FORMAT, "RUN", "DATE", "RERUN", "STATUS", "PUBLISHED", "SCORED", "REJECTS", "MODEL", "DURATION");
			jdbc.query(
					"""
							SELECT r.run_id, r.scoring_date, r.rerun, r.status, r.published, r.rows_scored, r.rows_rejected,
							       r.model_version, extract(epoch FROM e.end_time - e.start_time) AS seconds
							FROM scoring_run r
							LEFT JOIN LATERAL (SELECT start_time, end_time FROM batch_job_execution x
							                   WHERE x.job_instance_id = r.run_id ORDER BY job_execution_id DESC LIMIT 1) e ON true
							ORDER BY r.run_id DESC LIMIT ?""",
					(rs) -> {
						out.printf(FORMAT, rs.getLong(1), rs.getDate(2), rs.getInt(3), rs.getString(4),
								rs.getBoolean(5), orDash(rs.getObject(6)), orDash(rs.getObject(7)), rs.getString(8),
								(rs.getObject(9) != null) ? "%.1f s".formatted(rs.getDouble(9)) : "-");
					}, this.limit);
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			this.spec.commandLine().getErr().println("nightscore: " + Failures.rootMessage(ex));
			return ExitCode.FAILED;
		}
	}

	private static String orDash(Object value) {
		return (value != null) ? value.toString() : "-";
	}

}
