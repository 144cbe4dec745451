package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.nightscore.Failures;
import io.nightscore.NightscoreApplication;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunHistoryRepository.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

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
		PrintWriter out = this.spec.commandLine().getOut();
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			List<RunSummary> runs = context.getBean(RunHistoryRepository.class).list(this.limit);
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
		catch (RuntimeException ex) {
			this.spec.commandLine().getErr().println("nightscore: " + Failures.rootMessage(ex));
			return ExitCode.FAILED;
		}
	}

}
