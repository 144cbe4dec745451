package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunHistoryRepository.RunDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code nightscore runs show RUN_ID}: one run in full: what {@code scoring_run} records
 * (every column), the model, the options, the input files, each attempt with its outcome,
 * exit message and step times, rejects by reason, and the statistics.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run in full.")
final class RunsShowCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "RUN_ID", description = "The run to show.")
	private long runId;

	@Option(names = "--json", description = "One JSON object, for scripts.")
	private boolean json;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			Optional<RunDetail> run = context.getBean(RunHistoryRepository.class).find(this.runId);
			if (run.isEmpty()) {
				err.println("There is no run " + this.runId + "; see 'nightscore runs' for the run ids");
				return ExitCode.CONTRACT;
			}
			Map<String, Object> fields = RunFields.json(run.get());
			if (this.json) {
				out.println(JsonMapper.shared().writeValueAsString(fields));
			}
			else {
				print(out, fields);
			}
			out.flush();
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			return CommandFailures.report(err, ex);
		}
	}

	@SuppressWarnings("unchecked")
	static void print(PrintWriter out, Map<String, Object> run) {
		out.printf("Run %s: %s, rerun %s, %s%s%n", run.get("run_id"), run.get("scoring_date"), run.get("rerun"),
				RunFields.shown(run.get("status")),
				Boolean.TRUE.equals(run.get("live")) ? " (live: customer_scores shows it)" : "");
		out.printf("  rows committed %s, scored %s, rejected %s; %s attempt(s), %s%n",
				orDash(run.get("rows_committed")), orDash(run.get("rows_scored")), orDash(run.get("rows_rejected")),
				run.get("attempts"),
				(run.get("seconds") != null) ? "%.1f s in all".formatted((Double) run.get("seconds")) : "-");
		section(out, "Recorded (scoring_run)", (Map<String, Object>) run.get("recorded"));
		section(out, "Model", (Map<String, Object>) run.get("model"));
		section(out, "Options (last attempt)", (Map<String, Object>) run.get("options"));
		JsonNode snapshot = (JsonNode) run.get("input_snapshot");
		if (snapshot != null && snapshot.has("files")) {
			out.println("Input files");
			for (JsonNode file : snapshot.get("files")) {
				long rows = 0;
				for (JsonNode group : file.path("rowGroupRows")) {
					rows += group.asLong();
				}
				out.printf("  %s  %,d bytes, %,d rows in %d row group(s), modified %s%n",
						RunFields.shown(file.path("path").asString()), file.path("size").asLong(), rows,
						file.path("rowGroupRows").size(),
						java.time.Instant.ofEpochMilli(file.path("modifiedAt").asLong()));
			}
		}
		out.println("Attempts");
		for (Map<String, Object> attempt : (List<Map<String, Object>>) run.get("executions")) {
			out.printf("  execution %s: %s (exit %s), %s to %s, %s%n", attempt.get("execution_id"),
					attempt.get("status"), attempt.get("exit_code"), attempt.get("start_time"),
					orDash(attempt.get("end_time")), seconds(attempt.get("seconds")));
			if (attempt.get("exit_message") != null) {
				out.printf("    reason: %s%n", RunFields.shown(attempt.get("exit_message")));
			}
			for (Map<String, Object> step : (List<Map<String, Object>>) attempt.get("steps")) {
				out.printf("    %-12s %-9s %10s  read %s, written %s%n", step.get("step"), step.get("status"),
						seconds(step.get("seconds")), step.get("rows_read"), step.get("rows_written"));
			}
		}
		List<Map<String, Object>> rejects = (List<Map<String, Object>>) run.get("rejects_by_reason");
		out.println("Rejects by reason" + (rejects.isEmpty() ? ": none" : ""));
		rejects.forEach((reject) -> out.printf("  %,10d  %s%n", ((Number) reject.get("rows")).longValue(),
				RunFields.shown(reject.get("reason"))));
		if (run.get("statistics") != null) {
			out.println("Statistics: " + RunFields.shown(run.get("statistics")));
		}
	}

	private static void section(PrintWriter out, String title, Map<String, Object> values) {
		if (values == null || values.isEmpty()) {
			return;
		}
		out.println(title);
		values.forEach((key, value) -> out.printf("  %-16s %s%n", key, RunFields.shown(orDash(value))));
	}

	private static String seconds(Object value) {
		return (value instanceof Number number) ? "%.1f s".formatted(number.doubleValue()) : "-";
	}

	private static Object orDash(Object value) {
		return (value != null) ? value : "-";
	}

}
