package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.nightscore.NightscoreApplication;
import io.nightscore.job.RunControl;
import io.nightscore.output.RunRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The commands that act on runs by id without scoring: {@code stop}, {@code abandon} and
 * {@code prune}. Each prints one line; a bad id or a run in the wrong state is refused
 * with one line (exit 2, or 3 when another run holds the lock) and nothing changes.
 */
final class RunControlCommands {

	private RunControlCommands() {
	}

	static int run(CommandSpec spec, SpringOptions options, Function<RunControl, String> action) {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		try (ConfigurableApplicationContext context = NightscoreApplication.start(options.springArguments())) {
			out.println(action.apply(context.getBean(RunControl.class)));
			return ExitCode.OK;
		}
		catch (RunControl.RefusedException ex) {
			err.println(ex.getMessage());
			return ex.lockHeld() ? ExitCode.ALREADY_RUNNING : ExitCode.CONTRACT;
		}
		catch (RuntimeException ex) {
			return CommandFailures.launchFailure(err, ex);
		}
	}

	/** {@code nightscore stop RUN_ID}. */
	@Command(name = "stop", mixinStandardHelpOptions = true,
			description = "Ask a running run, in any process on any machine, to stop at its next chunk boundary.")
	static final class StopCommand implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Parameters(paramLabel = "RUN_ID", description = "The run to stop.")
		private long runId;

		@Mixin
		private SpringOptions springOptions;

		@Override
		public Integer call() {
			return run(this.spec, this.springOptions, (control) -> control.stop(this.runId));
		}

	}

	/** {@code nightscore abandon RUN_ID}. */
	@Command(name = "abandon", mixinStandardHelpOptions = true,
			description = "Close a stopped or failed run for good: drop its predictions and rejects, free its date.")
	static final class AbandonCommand implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Parameters(paramLabel = "RUN_ID", description = "The run to abandon.")
		private long runId;

		@Mixin
		private SpringOptions springOptions;

		@Override
		public Integer call() {
			return run(this.spec, this.springOptions, (control) -> control.abandon(this.runId));
		}

	}

	/** {@code nightscore prune}. */
	@Command(name = "prune", mixinStandardHelpOptions = true,
			description = "Drop old runs' predictions and rejects; never the live run, the previous published one"
					+ " or a resumable run. The runs stay in 'nightscore runs' as history.")
	static final class PruneCommand implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Option(names = "--keep-runs", paramLabel = "N", defaultValue = "" + RunRetention.DEFAULT_KEEP_RUNS,
				description = "Keep the predictions of the N newest runs. Default: ${DEFAULT-VALUE}.")
		private int keepRuns;

		@Mixin
		private SpringOptions springOptions;

		@Override
		public Integer call() {
			if (this.keepRuns < 0) {
				this.spec.commandLine().getErr().println("--keep-runs must be at least 0, not " + this.keepRuns);
				return ExitCode.CONTRACT;
			}
			return run(this.spec, this.springOptions, (control) -> {
				List<Long> pruned = control.prune(this.keepRuns);
				return pruned.isEmpty() ? "Nothing to prune (keeping the " + this.keepRuns + " newest runs)"
						: "Pruned the predictions and rejects of run(s) " + pruned;
			});
		}

	}

}
