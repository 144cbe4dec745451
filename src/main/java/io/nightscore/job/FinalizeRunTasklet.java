package io.nightscore.job;

import io.nightscore.output.DuplicateCustomers;
import io.nightscore.output.PredictionTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Finalizes the loaded partition: it gets its unique index and fresh statistics, and when
 * the index cannot be built because a customer id occurs more than once in the input,
 * every copy of such an id is rejected first. Building the index is the cheapest
 * duplicate check there is (one sort), so an input without duplicates, the usual case,
 * costs no more. One transaction; a restart after it committed skips it.
 */
final class FinalizeRunTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(FinalizeRunTasklet.class);

	private final PredictionTables tables;

	private final DuplicateCustomers duplicates;

	FinalizeRunTasklet(PredictionTables tables, DuplicateCustomers duplicates) {
		this.tables = tables;
		this.duplicates = duplicates;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long runId = contribution.getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		if (!this.tables.index(runId)) {
			int duplicates = this.duplicates.reject(runId);
			logger.warn("Run {}: rejected {} rows whose customer id occurs more than once in the input", runId,
					duplicates);
			if (!this.tables.index(runId)) {
				throw new IllegalStateException("Run " + runId + " still has duplicate customer ids after rejecting"
						+ " them; run the same command again");
			}
		}
		return RepeatStatus.FINISHED;
	}

}
