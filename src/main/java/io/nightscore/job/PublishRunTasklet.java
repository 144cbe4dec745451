package io.nightscore.job;

import java.util.Locale;

import javax.sql.DataSource;

import io.nightscore.monitoring.Check;
import io.nightscore.monitoring.RunEvaluation;
import io.nightscore.output.RunStatistics;
import io.nightscore.output.ScoringRunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Gates and publishes the run: takes its statistics (as the finalize step computed them,
 * or computes them), fails it when the share of rejected rows is above
 * {@code --max-reject-rate}, runs the drift, band and staleness checks ({@link RunGate}),
 * and then either marks it published, which switches {@code customer_scores} to it in the
 * same commit, or, when a check crossed a hold threshold, marks it {@code HELD} with its
 * reasons and ends the step with exit status {@value JobNames#HELD_EXIT_CODE}: the run is
 * complete but waits for {@code nightscore publish}. One transaction: checks and verdict
 * commit together.
 */
final class PublishRunTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PublishRunTasklet.class);

	private final DataSource dataSource;

	private final ScoringRunRepository runs;

	private final RunGate gate;

	PublishRunTasklet(DataSource dataSource, ScoringRunRepository runs, RunGate gate) {
		this.dataSource = dataSource;
		this.runs = runs;
		this.gate = gate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long runId = contribution.getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		JobParameters parameters = contribution.getStepExecution().getJobParameters();
		double maxRejectRate = parameters.getDouble(JobNames.MAX_REJECT_RATE);
		this.runs.lockForPublish(runId);
		String computed = contribution.getStepExecution()
			.getJobExecution()
			.getExecutionContext()
			.getString(JobNames.STATISTICS_KEY, null);
		RunStatistics statistics = (computed != null) ? RunStatistics.decode(computed) : null;
		if (statistics == null) {
			statistics = RunStatistics.of(this.dataSource, runId);
		}
		if (statistics.rows() > 0 && statistics.scored() == 0) {
			// even under --max-reject-rate 1: marketing would find no one to call
			throw new RejectRateExceededException("Run " + runId + " rejected every one of its " + statistics.rows()
					+ " rows: not one customer was scored, and publishing it would leave customer_scores empty; see"
					+ " scoring_reject for the reasons, fix the input upstream, then start the date afresh with --rerun");
		}
		if (statistics.rejectRate() > maxRejectRate) {
			throw new RejectRateExceededException(String.format(Locale.ROOT,
					"Run %d rejected %d of %d rows (%.2f %%), more than --max-reject-rate %.2f %%: see scoring_reject for the reasons, fix the input upstream, then start the date afresh with --rerun",
					runId, statistics.rejected(), statistics.rows(), 100 * statistics.rejectRate(),
					100 * maxRejectRate));
		}
		RunEvaluation evaluation = this.gate.evaluate(contribution.getStepExecution().getJobExecution(), statistics);
		for (Check warning : evaluation.warnings()) {
			logger.warn("Run {}: check {} on {} is {} ({})", runId, warning.name(), warning.subject(),
					String.format(Locale.ROOT, "%.4f", warning.value()), warning.detail());
		}
		if (evaluation.held()) {
			this.runs.hold(runId, statistics.scored(), statistics.rejected(), statistics.toJson(),
					evaluation.heldReasons());
			logger.warn("Run {} is HELD, not published: {}", runId, evaluation.heldReasons());
			contribution.setExitStatus(new ExitStatus(JobNames.HELD_EXIT_CODE, evaluation.heldReasons()));
			return RepeatStatus.FINISHED;
		}
		this.runs.publish(runId, statistics.scored(), statistics.rejected(), statistics.toJson());
		logger.info("Published run {}: {} customers scored, {} rows rejected, mean score {}", runId,
				statistics.scored(), statistics.rejected(), String.format(Locale.ROOT, "%.4f", statistics.meanScore()));
		return RepeatStatus.FINISHED;
	}

}
