package io.nightscore.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import io.nightscore.cli.NightscoreCommand;

/**
 * Runs the nightscore command line in this JVM, as an operator would from a shell, and
 * keeps what it printed.
 */
public final class Nightscore {

	private Nightscore() {
	}

	/** What one command returned and printed. */
	public record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- out\n" + this.out + "--- err\n" + this.err;
		}

	}

	public static Result run(String... args) {
		return run(Map.of(), args);
	}

	/** Run with {@code NIGHTSCORE_*} variables in the command's environment. */
	public static Result run(Map<String, String> environment, String... args) {
		String engine = System.getenv("NIGHTSCORE_ENGINE");
		if (engine != null && !environment.containsKey("NIGHTSCORE_ENGINE")) {
			// NIGHTSCORE_ENGINE=xgboost mvn verify: every in-process run on the chosen
			// engine
			environment = new java.util.HashMap<>(environment);
			environment.put("NIGHTSCORE_ENGINE", engine);
		}
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = NightscoreCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Result(code, out.toString(), err.toString());
	}

}
