package io.nightscore.cli;

import io.nightscore.job.RunControl;
import io.nightscore.job.RunFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;

/**
 * Retention after a published run ({@code --keep-runs}): a failure here is logged and
 * never changes the run's outcome; the next run or {@code nightscore prune} catches up.
 */
final class Retention {

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private Retention() {
	}

	static void afterPublish(ApplicationContext context, int keepRuns) {
		try {
			context.getBean(RunControl.class).prune(keepRuns);
		}
		catch (RunControl.RefusedException ex) {
			logger.info("Retention skipped: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Retention failed ({}); 'nightscore prune' catches up", RunFailures.describe(ex));
		}
	}

}
