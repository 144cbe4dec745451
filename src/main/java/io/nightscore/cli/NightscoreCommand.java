package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.nightscore.sampledata.GenerateCommand;
import io.nightscore.sampledata.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nightscore}: the top-level command, which only lists its subcommands.
 */
@Command(name = "nightscore", mixinStandardHelpOptions = true, version = "nightscore 0.1.0",
		description = "Batch churn scoring: Parquet feature rows, an XGBoost model, predictions in PostgreSQL.",
		subcommands = { ScoreCommand.class, WorkerCommand.class, RunsCommand.class, ResumeCommand.class,
				RunControlCommands.StopCommand.class, RunControlCommands.AbandonCommand.class,
				RunControlCommands.PruneCommand.class, ReportCommand.class, ServeCommand.class, ModelCommand.class,
				ReviewCommands.Publish.class, ReviewCommands.Unpublish.class, ReviewCommands.Reject.class,
				ChecksCommand.class, GenerateCommand.class, TrainCommand.class })
public final class NightscoreCommand implements Runnable {

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
		return commandLine(environment).setOut(out).setErr(err).execute(args);
	}

	private static CommandLine commandLine(Map<String, String> environment) {
		return new CommandLine(new NightscoreCommand())
			.setDefaultValueProvider(new EnvironmentDefaultProvider(environment))
			.setCaseInsensitiveEnumValuesAllowed(true);
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Missing command: score, worker, runs, resume, stop, abandon, prune, report, serve, model, publish, unpublish, reject, checks, generate"
						+ " or train");
	}

}
