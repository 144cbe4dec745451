package io.nightscore.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nightscore.sampledata.GenerateCommand;
import io.nightscore.sampledata.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code nightscore}: the top-level command, which only lists its subcommands.
 */
@Command(name = "nightscore", mixinStandardHelpOptions = true, version = "nightscore 0.1.0",
		description = "Batch churn scoring: Parquet feature rows, an XGBoost model, predictions in PostgreSQL.",
		subcommands = { ScoreCommand.class, WorkerCommand.class, RunsCommand.class, ResumeCommand.class,
				RunControlCommands.StopCommand.class, RunControlCommands.AbandonCommand.class,
				RunControlCommands.PruneCommand.class, ModelCommand.class, ReviewCommands.Publish.class,
				ReviewCommands.Unpublish.class, ReviewCommands.Reject.class, ChecksCommand.class, ReportCommand.class,
				ServeCommand.class, GenerateCommand.class, TrainCommand.class })
public final class NightscoreCommand implements Runnable {

	private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

	@Spec
	private CommandSpec spec;

	/**
	 * Run the command line and return the process exit code; options are also read from
	 * {@code NIGHTSCORE_*} variables of {@code environment}.
	 */
	public static int execute(Map<String, String> environment, String... args) {
		return commandLine(environment).execute(args);
	}

	/**
	 * Like {@link #execute(Map, String...)}, with the commands' output and error output
	 * sent to the given writers.
	 */
	public static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
		return commandLine(environment).setOut(out).setErr(OneLineErrors.of(err)).execute(args);
	}

	private static CommandLine commandLine(Map<String, String> environment) {
		CommandLine commandLine = new CommandLine(new NightscoreCommand());
		return commandLine.setErr(OneLineErrors.of(commandLine.getErr()))
			.setDefaultValueProvider(new EnvironmentDefaultProvider(environment))
			.setCaseInsensitiveEnumValuesAllowed(true)
			.registerConverter(LocalDate.class, NightscoreCommand::date);
	}

	/**
	 * A date as {@code YYYY-MM-DD}, refused with a plain reason: "2026-13-40 is not a
	 * date (month 13 does not exist ...)".
	 */
	static LocalDate date(String value) {
		Matcher date = DATE.matcher(value.strip());
		if (!date.matches()) {
			throw new TypeConversionException("'" + value + "' is not a date: use YYYY-MM-DD, e.g. 2026-11-22");
		}
		int year = Integer.parseInt(date.group(1));
		int month = Integer.parseInt(date.group(2));
		int day = Integer.parseInt(date.group(3));
		if (month < 1 || month > 12) {
			throw new TypeConversionException(
					"'" + value + "' is not a date: there is no month " + month + " (use YYYY-MM-DD, e.g. 2026-11-22)");
		}
		YearMonth yearMonth = YearMonth.of(year, month);
		if (day < 1 || day > yearMonth.lengthOfMonth()) {
			throw new TypeConversionException("'" + value + "' is not a date: " + yearMonth + " has days 1 to "
					+ yearMonth.lengthOfMonth() + " (use YYYY-MM-DD, e.g. 2026-11-22)");
		}
		return yearMonth.atDay(day);
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Missing command: score, worker, runs, resume, stop, abandon, prune, model, publish, unpublish, reject,"
						+ " checks, report, serve, generate or train");
	}

}
