package io.nightscore.cli;

import java.time.Duration;

import io.nightscore.LoggingReady;
import io.nightscore.QuietLogbackStatus;
import io.nightscore.input.InputResolver;
import io.nightscore.input.ReaderWarmUp;
import io.nightscore.scoring.ScoringModel;

/**
 * Does the slow one-time initialisations a run needs. XGBoost's native library loads, and
 * a small bundled Parquet file is read through the run's reader ({@link ReaderWarmUp}),
 * on a background thread while Spring starts, instead of on the run's critical path in
 * its prepare step: on two cores the second core is mostly idle during start-up. Hadoop's
 * local file system loads here, on the caller's thread, before Spring starts: Hadoop logs
 * as it loads, and a Hadoop logger used while Spring Boot resets logback, or while it
 * cleans up after a failed start, put a "No appenders present" WARN on standard error
 * (seen in 1 of 8 starts against a missing database, and in the image). Each is
 * idempotent and thread-safe; whatever fails here fails again, with a proper message,
 * where the run needs it.
 */
final class StartupWarmUp {

	/** How long the warm-up waits for Spring to configure logging before it gives up. */
	private static final Duration LOGGING_PATIENCE = Duration.ofSeconds(30);

	private StartupWarmUp() {
	}

	static void start() {
		QuietLogbackStatus.install();
		InputResolver.loadFileSystem();
		Thread warmUp = new Thread(() -> {
			// not while Spring resets logging; its context, the bulk of its start-up,
			// comes after
			if (LoggingReady.await(LOGGING_PATIENCE)) {
				ScoringModel.loadNativeLibrary();
				ReaderWarmUp.run();
			}
		}, "startup-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

}
