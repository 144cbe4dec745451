package io.nightscore.cli;

import java.time.Duration;

import io.nightscore.LoggingReady;
import io.nightscore.QuietLogbackStatus;
import io.nightscore.input.InputResolver;
import io.nightscore.scoring.ScoringModel;

/**
 * Does the slow one-time initialisations a run needs, XGBoost's native library and
 * Hadoop's file system, on a background thread while Spring starts, instead of on the
 * run's critical path in its prepare step: on two cores the second core is mostly idle
 * during start-up. Each is idempotent and thread-safe; whatever fails here fails again,
 * with a proper message, where the run needs it.
 */
final class StartupWarmUp {

	/** How long the warm-up waits for Spring to configure logging before it gives up. */
	private static final Duration LOGGING_PATIENCE = Duration.ofSeconds(30);

	private StartupWarmUp() {
	}

	static void start() {
		QuietLogbackStatus.install();
		Thread warmUp = new Thread(() -> {
			// both log while they load: not while Spring resets logging (the bulk of
			// Spring's start-up, its context, comes after)
			if (LoggingReady.await(LOGGING_PATIENCE)) {
				ScoringModel.loadNativeLibrary();
				InputResolver.loadFileSystem();
			}
		}, "startup-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

}
