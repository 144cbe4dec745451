package io.nightscore.job;

import javax.sql.DataSource;

import io.nightscore.output.RunStatistics;
import io.nightscore.output.ScoringRunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Gates and publishes the run: computes its statistics, fails it when the share of
 * rejected rows is above {@code --max-reject-rate}, and otherwise marks it published,
 * which switches {@code customer_scores} to it in the same commit.
 */
final class PublishRunTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PublishRunTasklet.class);

	private final DataSource dataSource;

	private final ScoringRunRepository runs;

	PublishRunTasklet(DataSource dataSource, ScoringRunRepository runs) {
		this.dataSource = dataSource;
		this.runs = runs;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long runId = contribution.getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		JobParameters parameters = contribution.getStepExecution().getJobParameters();
		double maxRejectRate = parameters.getDouble(JobNames.MAX_REJECT_RATE);
		RunStatistics statistics = RunStatistics.of(this.dataSource, runId);
		if (statistics.rejectRate() > maxRejectRate) {
			throw new RejectRateExceededException(
					"Run %d rejected %d of %d rows (%.2f %%), more than --max-reject-rate %.2f %%: see scoring_reject for the reasons, fix the input upstream, then start the date afresh with --rerun"
						.formatted(runId, statistics.rejected(), statistics.rows(), 100 * statistics.rejectRate(),
								100 * maxRejectRate));
		}
		this.runs.publish(runId, statistics.scored(), statistics.rejected(), statistics.toJson());
		logger.info("Published run {}: {} customers scored, {} rows rejected, mean score {}", runId,
				statistics.scored(), statistics.rejected(), "%.4f".formatted(statistics.meanScore()));
		return RepeatStatus.FINISHED;
	}

}
