package io.nightscore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code score} can refuse in milliseconds, before Spring, the database and Hadoop
 * start: a model file that does not exist (exit 2) and a local input path that does not
 * exist (exit 4, unless the run is told to wait for its input). The run checks both
 * again, fully; these only answer the commonest mistakes fast. Stateless.
 */
final class EarlyChecks {

	private static final String GLOB_CHARACTERS = "*?[{";

	private EarlyChecks() {
	}

	/** The line for a model file that does not exist, or {@code null}. */
	static String missingModel(String model) {
		Path file = localPath(model);
		return (file != null && !Files.exists(file)) ? "Model file " + model + " does not exist: check --model" : null;
	}

	/**
	 * The line for a local input (no URI scheme, no glob) that does not exist, or
	 * {@code null}; also {@code null} while {@code waitForInput} (the
	 * {@code --wait-for-input} option, when there is one) allows waiting for it.
	 */
	static String missingInput(String input, OptionSpec waitForInput) {
		if (waitsForInput(waitForInput) || input.chars().anyMatch((c) -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
			return null;
		}
		Path path = localPath(input);
		Path parent = (path != null) ? path.toAbsolutePath().getParent() : null;
		// a missing parent directory is most likely a typo: the input resolver says so
		// (exit 2)
		return (path != null && !Files.exists(path) && parent != null && Files.isDirectory(parent)) ? "Input " + input
				+ " does not exist (yet): is the upstream export finished? Retry later or check --input" : null;
	}

	private static boolean waitsForInput(OptionSpec waitForInput) {
		if (waitForInput == null || waitForInput.getValue() == null) {
			return false;
		}
		Object value = waitForInput.getValue();
		return !(value instanceof Duration duration && duration.isZero()) && !"0".equals(value.toString().strip());
	}

	/** A plain local path, or {@code null} for a URI (hdfs://, s3a://, file:...). */
	private static Path localPath(String location) {
		if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
			return null;
		}
		try {
			return Path.of(location);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
