package io.nightscore.job;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import io.nightscore.output.CommittedScores;
import io.nightscore.output.DuplicateCustomers;
import io.nightscore.output.PredictionTables;
import io.nightscore.output.RunStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finalizes the loaded partition: it gets its unique index and fresh statistics, and when
 * the index cannot be built because a customer id occurs more than once in the input,
 * every copy of such an id is rejected first. Building the index is the cheapest
 * duplicate check there is (one sort), so an input without duplicates, the usual case,
 * costs no more. One transaction; a restart after it committed skips it.
 *
 * <p>
 * While PostgreSQL builds the index, a second thread computes the run's
 * {@link RunStatistics}: from the scores the partitions committed in this process
 * ({@link CommittedScores}) when they cover the whole input, otherwise (a resumed run,
 * remote workers) on a second connection, by a scan and a sort of the scores, which the
 * index build's share lock lets through. When the index went in at the first try, nothing
 * changed the table since, and the statistics go to the job's execution context
 * ({@value JobNames#STATISTICS_KEY}) for the publish step; after rejecting duplicates
 * they are stale and the publish step computes them again from the table. The kept scores
 * are dropped at the end, whatever happened.
 */
final class FinalizeRunTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(FinalizeRunTasklet.class);

	private final PredictionTables tables;

	private final DuplicateCustomers duplicates;

	private final DataSource dataSource;

	private final TransactionTemplate readOnly;

	private final CommittedScores committedScores;

	FinalizeRunTasklet(PredictionTables tables, DuplicateCustomers duplicates, CommittedScores committedScores,
			DataSource dataSource, PlatformTransactionManager transactionManager) {
		this.tables = tables;
		this.duplicates = duplicates;
		this.committedScores = committedScores;
		this.dataSource = dataSource;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		RunContext run = RunContext.of(contribution.getStepExecution().getJobExecution());
		try {
			return finalize(run.runId(), run.snapshot().rows(), contribution);
		}
		finally {
			this.committedScores.forget(run.runId());
		}
	}

	private RepeatStatus finalize(long runId, long inputRows, StepContribution contribution) {
		CompletableFuture<RunStatistics> statistics = CompletableFuture.supplyAsync(
				() -> this.readOnly.execute((status) -> statistics(runId, inputRows)), FinalizeRunTasklet::startThread);
		boolean indexed;
		try {
			indexed = this.tables.index(runId);
		}
		finally {
			// never leave the query running behind a failed step
			awaitQuietly(statistics);
		}
		ExecutionContext job = contribution.getStepExecution().getJobExecution().getExecutionContext();
		job.remove(JobNames.STATISTICS_KEY);
		if (indexed) {
			// a failed query costs the publish step its own, nothing more
			if (!statistics.isCompletedExceptionally()) {
				job.putString(JobNames.STATISTICS_KEY, statistics.join().encode());
			}
			return RepeatStatus.FINISHED;
		}
		int duplicates = this.duplicates.reject(runId);
		logger.warn("Run {}: rejected {} rows whose customer id occurs more than once in the input", runId, duplicates);
		if (!this.tables.index(runId)) {
			throw new IllegalStateException("Run " + runId + " still has duplicate customer ids after rejecting"
					+ " them; run the same command again");
		}
		return RepeatStatus.FINISHED;
	}

	private RunStatistics statistics(long runId, long inputRows) {
		long rejected = RunStatistics.rejected(this.dataSource, runId);
		RunStatistics kept = this.committedScores.statistics(runId, inputRows, rejected);
		if (kept != null) {
			logger.debug("Run {}: statistics from the {} scores committed in this process", runId, kept.scored());
			return kept;
		}
		return RunStatistics.of(this.dataSource, runId, rejected);
	}

	private static void startThread(Runnable task) {
		Thread thread = new Thread(task, "run-statistics");
		thread.setDaemon(true);
		thread.start();
	}

	private static void awaitQuietly(CompletableFuture<RunStatistics> statistics) {
		try {
			statistics.join();
		}
		catch (CompletionException ex) {
			logger.debug("Computing the run's statistics beside the index build failed: {}", ex.getMessage());
		}
	}

}
