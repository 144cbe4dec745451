package io.nightscore.job;

import io.nightscore.output.ScoringRunRepository;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Copies the outcome of each attempt ({@code COMPLETED}, {@code FAILED}, {@code STOPPED})
 * to the run's {@code scoring_run} row, where operators and the {@code runs} command read
 * it.
 */
final class RunStatusListener implements JobExecutionListener {

	private final ScoringRunRepository runs;

	RunStatusListener(ScoringRunRepository runs) {
		this.runs = runs;
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.runs.updateStatus(execution.getJobInstance().getInstanceId(), execution.getStatus().name(), true);
	}

}
