package io.nightscore.job;

import io.nightscore.output.PredictionPartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Finalizes the loaded partition: every customer id that occurs more than once in the
 * input is rejected (all of its copies), then the partition gets its unique index and
 * fresh statistics. One transaction; a restart after it committed skips it.
 */
final class FinalizeRunTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(FinalizeRunTasklet.class);

	private final PredictionPartitions partitions;

	FinalizeRunTasklet(PredictionPartitions partitions) {
		this.partitions = partitions;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long runId = contribution.getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		int duplicates = this.partitions.rejectDuplicates(runId);
		if (duplicates > 0) {
			logger.warn("Run {}: rejected {} rows whose customer id occurs more than once in the input", runId,
					duplicates);
		}
		this.partitions.index(runId);
		return RepeatStatus.FINISHED;
	}

}
