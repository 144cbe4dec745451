package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.HashMap;
import java.util.stream.Stream;

/**
 * The {@link ChurnInputs} a test JVM shares between tests, one per (customers, files,
 * seed), in a temporary directory deleted when the JVM exits.
 */
final class SharedInputs {

	static final SharedInputs INSTANCE = new SharedInputs();

	private final Map<String, ChurnInputs> inputs = new HashMap<>();

	private Path directory;

	private SharedInputs() {
	}

	synchronized ChurnInputs get(long customers, int files, long seed) {
		String key = customers + "-" + files + "-" + seed;
		ChurnInputs input = this.inputs.get(key);
		if (input == null) {
			try {
				input = ChurnInputs.generate(directory().resolve(key), customers, files, seed);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot generate the shared input " + key, ex);
			}
			this.inputs.put(key, input);
		}
		return input;
	}

	private Path directory() throws IOException {
		if (this.directory == null) {
			this.directory = Files.createTempDirectory("nightscore-shared-inputs-");
			Path created = this.directory;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created)));
		}
		return this.directory;
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
