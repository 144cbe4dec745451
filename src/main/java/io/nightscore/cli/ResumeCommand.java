package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.job.JobNames;
import io.nightscore.job.RunOutcome;
import io.nightscore.job.ScoreRunLauncher;
import io.nightscore.job.ScoringProperties;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code nightscore resume RUN_ID}: resumes a stopped or failed run from its last
 * committed chunk, whatever its rerun number, with the input, model and options of its
 * last attempt.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
		description = "Resume a stopped or failed run by its id (see 'nightscore runs'), whatever its rerun number.")
final class ResumeCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "RUN_ID", description = "The run to resume.")
	private long runId;

	@Option(names = "--keep-runs", paramLabel = "N", defaultValue = "" + RunRetention.DEFAULT_KEEP_RUNS,
			description = "After publishing, keep the predictions of the N newest runs. Default: ${DEFAULT-VALUE}.")
	private int keepRuns;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		StartupWarmUp warmUp = StartupWarmUp.start();
		String[] scoring = {};
		try {
			while (true) {
				try (ConfigurableApplicationContext context = NightscoreApplication
					.start(this.springOptions.springArguments(scoring))) {
					warmUp.stop();
					String[] recorded = scoringArguments(context);
					if (recorded != null && scoring.length == 0) {
						// the step's chunk size and threads are fixed at start-up: start
						// again with the run's own
						scoring = recorded;
						continue;
					}
					RunOutcome outcome = context.getBean(ScoreRunLauncher.class)
						.resume(this.runId, new OutcomeReport(context, out, err));
					if (outcome.kind() == RunOutcome.Kind.COMPLETED) {
						Retention.afterPublish(context, this.keepRuns);
					}
					return ExitCode.of(outcome.kind());
				}
			}
		}
		catch (RuntimeException ex) {
			return CommandFailures.launchFailure(err, ex);
		}
		finally {
			// the context did not start, or the run is over
			warmUp.stop();
		}
	}

	/**
	 * The Spring arguments that give the score step the run's recorded chunk size and
	 * threads, or {@code null} when the context already has them (or the run is unknown).
	 */
	private String[] scoringArguments(ConfigurableApplicationContext context) {
		return context.getBean(RunHistoryRepository.class).find(this.runId).map((run) -> {
			Map<String, Object> options = run.options();
			ScoringProperties current = context.getBean(ScoringProperties.class);
			String chunkSize = (String) options.get(JobNames.CHUNK_SIZE);
			String threads = (String) options.get(JobNames.THREADS);
			if (chunkSize == null || threads == null || (Objects.equals(chunkSize, String.valueOf(current.chunkSize()))
					&& Objects.equals(threads, String.valueOf(current.threads())))) {
				return null;
			}
			return new String[] { "--nightscore.scoring.chunk-size=" + chunkSize,
					"--nightscore.scoring.threads=" + threads };
		}).orElse(null);
	}

}
