package io.nightscore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command that starts Spring shares: the log format, checked when the
 * command line is parsed (a bad value is usage, exit 2, before anything starts).
 */
final class SpringOptions {

	@Spec(Spec.Target.MIXEE)
	private CommandSpec mixee;

	private String logFormat = "text";

	@Option(names = "--log-format", paramLabel = "text|json|ecs|logstash", defaultValue = "text",
			description = "Log lines on standard error: readable text, or JSON lines (json = ecs; Spring Boot's"
					+ " structured logging). Default: ${DEFAULT-VALUE}.")
	void setLogFormat(String logFormat) {
		String format = (logFormat != null) ? logFormat.strip().toLowerCase(Locale.ROOT) : "text";
		if (!List.of("text", "", "json", "ecs", "logstash").contains(format)) {
			throw new ParameterException(this.mixee.commandLine(),
					"--log-format must be text, json, ecs or logstash, not " + logFormat);
		}
		this.logFormat = format;
	}

	/** The Spring arguments for these options, followed by {@code more}. */
	String[] springArguments(String... more) {
		List<String> arguments = new ArrayList<>();
		switch (this.logFormat) {
			case "json", "ecs" -> arguments.add("--logging.structured.format.console=ecs");
			case "logstash" -> arguments.add("--logging.structured.format.console=logstash");
			default -> {
			}
		}
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

}
