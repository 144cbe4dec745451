package io.nightscore.job;

import io.nightscore.output.ScoringRunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Copies the outcome of each attempt ({@code COMPLETED}, {@code FAILED}, {@code STOPPED})
 * to the run's {@code scoring_run} row, where operators and the {@code runs} command read
 * it.
 */
final class RunStatusListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RunStatusListener.class);

	private final ScoringRunRepository runs;

	RunStatusListener(ScoringRunRepository runs) {
		this.runs = runs;
	}

	/**
	 * Record the attempt's outcome; when that cannot be done (another session locks
	 * {@code scoring_run}), say so and let the attempt's own outcome stand: the next
	 * attempt records its status anew.
	 */
	@Override
	public void afterJob(JobExecution execution) {
		long runId = execution.getJobInstance().getInstanceId();
		try {
			this.runs.recordOutcome(runId, execution.getStatus().name());
		}
		catch (RuntimeException ex) {
			logger.warn("Run {}: could not record status {} in scoring_run ({})", runId, execution.getStatus(),
					RunFailures.describe(ex));
		}
	}

}
