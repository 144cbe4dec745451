package io.nightscore.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless browser for tests that must see a page rendered: Debian's
 * {@code chromium} (installed by {@code .ci/run}), or the binary named by
 * {@code CHROMIUM}. A missing browser fails the test with what to install; it never skips
 * it.
 */
public final class Chromium {

	private static final long TIMEOUT_SECONDS = 180;

	private Chromium() {
	}

	/** Render {@code page} at {@code width × height} and save a PNG screenshot. */
	public static Path screenshot(Path page, Path png, int width, int height) throws Exception {
		run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
		return png;
	}

	/** The DOM of {@code page} after the browser parsed and laid it out. */
	public static String dumpDom(Path page) throws Exception {
		return run(page, "--dump-dom");
	}

	private static String run(Path page, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--allow-file-access-from-files"));
		command.addAll(List.of(options));
		command.add(page.toAbsolutePath().toUri().toString());
		Path output = Files.createTempFile("chromium", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("chromium exited " + process.exitValue() + ": " + command);
			}
			return Files.readString(output, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static String binary() throws IOException {
		String configured = System.getenv("CHROMIUM");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
			for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
				Path candidate = Path.of(dir, name);
				if (Files.isExecutable(candidate)) {
					return candidate.toString();
				}
			}
		}
		throw new IllegalStateException(
				"No chromium on PATH: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM");
	}

}
