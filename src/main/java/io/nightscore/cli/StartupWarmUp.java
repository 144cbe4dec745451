package io.nightscore.cli;

import java.time.Duration;

import io.nightscore.LoggingReady;
import io.nightscore.QuietLogbackStatus;
import io.nightscore.input.InputResolver;
import io.nightscore.input.ReaderWarmUp;
import io.nightscore.job.ChunkWarmUp;
import io.nightscore.job.ModelPreload;
import io.nightscore.scoring.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the slow one-time initialisations a run needs, and warms its chunk path up. On a
 * background thread while Spring starts, instead of on the run's critical path (on two
 * cores the second core is mostly idle during start-up): XGBoost's and Snappy's native
 * libraries load (whole, should the process exit meanwhile: {@link NativeLoads}), the
 * run's model loads when the command knows it ({@link ModelPreload}), then
 * {@link ChunkWarmUp} sends a small bundled Parquet file down the chunk path until the
 * JIT has compiled it, or until {@link #stop} says the run begins. Hadoop's local file
 * system loads here, on the caller's thread, before Spring starts: Hadoop logs as it
 * loads, and a Hadoop logger used while Spring Boot resets logback, or while it cleans up
 * after a failed start, put a "No appenders present" WARN on standard error (seen in 1 of
 * 8 starts against a missing database, and in the image). Each is idempotent and
 * thread-safe; whatever fails here fails again, with a proper message, where the run
 * needs it.
 */
final class StartupWarmUp {

	/** How long the warm-up waits for Spring to configure logging before it gives up. */
	private static final Duration LOGGING_PATIENCE = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(StartupWarmUp.class);

	private volatile boolean stopped;

	private StartupWarmUp() {
	}

	/** Start warming up; call {@link #stop} once Spring has started. */
	static StartupWarmUp start() {
		return start(null);
	}

	/**
	 * Start warming up, loading the run's model first; call {@link #stop} once Spring has
	 * started.
	 * @param model the run's model, or {@code null}: loaded, or else skipped
	 */
	static StartupWarmUp start(ModelPreload model) {
		QuietLogbackStatus.install();
		InputResolver.loadFileSystem();
		StartupWarmUp warmUp = new StartupWarmUp();
		Thread thread = new Thread(() -> {
			// not while Spring resets logging; its context, the bulk of its start-up,
			// comes after (and the model's load logs)
			try {
				if (LoggingReady.await(LOGGING_PATIENCE)) {
					long started = System.nanoTime();
					if (!NativeLoads.load(StartupWarmUp::loadNativeLibraries)) {
						return;
					}
					if (model != null) {
						model.load();
					}
					long rows = ChunkWarmUp.run(() -> warmUp.stopped);
					logger.debug("Start-up warm-up: scored {} rows of its own in {} ms{}", rows,
							(System.nanoTime() - started) / 1_000_000,
							warmUp.stopped ? ", stopped as the run began" : "");
				}
			}
			finally {
				// never leave the run waiting for a model nobody loads
				if (model != null) {
					model.skip();
				}
			}
		}, "startup-warm-up");
		thread.setDaemon(true);
		thread.start();
		return warmUp;
	}

	private static void loadNativeLibraries() {
		ScoringModel.loadNativeLibrary();
		ReaderWarmUp.loadNativeLibrary();
	}

	/**
	 * End the warm-up after the pass it is in: the run begins and needs the cores. Does
	 * not wait.
	 */
	void stop() {
		this.stopped = true;
	}

}
