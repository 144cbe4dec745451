package io.nightscore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Option;

/**
 * The options every command that starts Spring shares: the log format.
 */
final class SpringOptions {

	@Option(names = "--log-format", paramLabel = "text|json|ecs|logstash", defaultValue = "text",
			description = "Log lines on standard error: readable text, or JSON lines (json = ecs; Spring Boot's"
					+ " structured logging). Default: ${DEFAULT-VALUE}.")
	String logFormat;

	/** The Spring arguments for these options, followed by {@code more}. */
	String[] springArguments(String... more) {
		List<String> arguments = new ArrayList<>();
		String format = (this.logFormat != null) ? this.logFormat.strip().toLowerCase(Locale.ROOT) : "text";
		switch (format) {
			case "text", "" -> {
			}
			case "json", "ecs" -> arguments.add("--logging.structured.format.console=ecs");
			case "logstash" -> arguments.add("--logging.structured.format.console=logstash");
			default -> throw new IllegalArgumentException(
					"--log-format must be text, json, ecs or logstash, not " + this.logFormat);
		}
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

}
