package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.output.RunReviewRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gate's human commands: {@code publish}, {@code unpublish} and {@code reject} of a
 * run, each recording who (OS and database user), when and the note. A run in the wrong
 * state is refused with the reason (exit 2) and nothing changes.
 */
final class ReviewCommands {

	private ReviewCommands() {
	}

	/**
	 * What the three commands share: the run id, the note, the database and the report.
	 */
	abstract static class Review implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "RUN_ID", description = "The run, as `nightscore runs` lists it.")
		long runId;

		@Option(names = "--note", paramLabel = "TEXT", description = "Why: recorded with the run.")
		String note;

		@Mixin
		SpringOptions springOptions;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			try (ConfigurableApplicationContext context = NightscoreApplication
				.start(this.springOptions.springArguments())) {
				RunReviewRepository reviews = context.getBean(RunReviewRepository.class);
				String who = System.getProperty("user.name");
				String did = apply(reviews, who);
				String live = reviews.live().map(ReviewCommands::describeLive).orElse("no run");
				out.println("Run " + this.runId + " " + did + " by " + who + "; customer_scores now shows " + live);
				return ExitCode.OK;
			}
			catch (RuntimeException ex) {
				return CommandFailures.report(this.spec.commandLine().getErr(), ex);
			}
		}

		abstract String apply(RunReviewRepository reviews, String who);

	}

	/**
	 * The live run as the operator must read it: a run whose predictions retention
	 * dropped shows no customer at all.
	 */
	private static String describeLive(Map<String, Object> run) {
		String live = "run " + run.get("run_id") + " (" + run.get("scoring_date") + ")";
		return Boolean.TRUE.equals(run.get("pruned")) ? live + ", whose predictions retention dropped: it shows no"
				+ " customer at all. Publish a newer run, or score a date again with --rerun" : live;
	}

	@Command(name = "publish", mixinStandardHelpOptions = true,
			description = "Publish a HELD (or UNPUBLISHED) run after review; records who, when and the note.",
			footer = { "", "Exit codes: 0 published, 1 database error, 2 the run cannot be published (said why)." })
	static final class Publish extends Review {

		@Override
		String apply(RunReviewRepository reviews, String who) {
			if (this.note == null || this.note.isBlank()) {
				throw new io.nightscore.ContractException(
						"Missing --note: say why run " + this.runId + " may be published despite its checks");
			}
			reviews.publish(this.runId, who, this.note);
			return "published";
		}

	}

	@Command(name = "unpublish", mixinStandardHelpOptions = true,
			description = "Take a published run back: customer_scores shows the previous published run again.",
			footer = { "", "Exit codes: 0 unpublished, 1 database error, 2 the run is not published (said why)." })
	static final class Unpublish extends Review {

		@Override
		String apply(RunReviewRepository reviews, String who) {
			reviews.unpublish(this.runId, who, this.note);
			return "unpublished";
		}

	}

	@Command(name = "reject", mixinStandardHelpOptions = true,
			description = "Close a HELD (or UNPUBLISHED) run for good: it can never be published.",
			footer = { "", "Exit codes: 0 rejected, 1 database error, 2 the run cannot be rejected (said why)." })
	static final class Reject extends Review {

		@Override
		String apply(RunReviewRepository reviews, String who) {
			reviews.reject(this.runId, who, this.note);
			return "rejected";
		}

	}

}
