package io.nightscore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nightscore.support.Nightscore.Result;

/**
 * Runs the helper programs the image test needs (tar, mvn, the base-image script,
 * unshare) as child processes and keeps what they printed.
 */
final class Processes {

	private Processes() {
	}

	/** Run a command and fail, with its output, unless it exits 0. */
	static Result run(List<String> command) {
		Result result = run(command, Duration.ofMinutes(15));
		if (result.exitCode() != 0) {
			throw new AssertionError(String.join(" ", command) + " failed\n" + result);
		}
		return result;
	}

	/** Run a command, killing it after {@code timeout}, and return what it did. */
	static Result run(List<String> command, Duration timeout) {
		try {
			Path out = Files.createTempFile("nightscore-deploy-", ".out");
			Path err = Files.createTempFile("nightscore-deploy-", ".err");
			try {
				Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
					.redirectError(err.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
					.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor();
					throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
				}
				return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
			}
			finally {
				Files.deleteIfExists(out);
				Files.deleteIfExists(err);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
