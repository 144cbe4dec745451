package io.nightscore.cli;

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

	private StartupWarmUp() {
	}

	static void start() {
		// Hadoop logs while it loads: logging is set up before it starts
		QuietLogbackStatus.install();
		Thread warmUp = new Thread(() -> {
			ScoringModel.loadNativeLibrary();
			InputResolver.loadFileSystem();
		}, "startup-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

}
