package io.nightscore.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.nightscore.ContractException;
import io.nightscore.input.InputNotReadyException;
import io.nightscore.job.RunOutcome.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts, resumes or declines a run of the {@value JobNames#JOB} job for a scoring date.
 *
 * <p>
 * The scoring date and the rerun number identify the run, so launching a date whose last
 * attempt failed resumes that attempt from its last committed chunk, and launching a
 * completed date does nothing. The job's advisory lock is held for the whole launch: a
 * second launch declines at once, and an execution left {@code STARTED} by a killed
 * process (whose lock PostgreSQL released) is recovered before the run resumes. On
 * SIGTERM the run stops at the next chunk boundary.
 */
public final class ScoreRunLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ScoreRunLauncher.class);

	private static final long STOP_GRACE_SECONDS = 120;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final DataSource dataSource;

	ScoreRunLauncher(JobOperator jobOperator, JobRepository jobRepository, Job job, DataSource dataSource) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.dataSource = dataSource;
	}

	/**
	 * Launch the run for a date.
	 * @param scoringDate the date to score
	 * @param rerun score the date again as a new run, even if it is already scored
	 * @param options the run's non-identifying parameters (input, model, ...)
	 */
	public RunOutcome launch(LocalDate scoringDate, boolean rerun, JobParameters options) {
		RunLock lock = RunLock.tryAcquire(this.dataSource);
		if (lock == null) {
			return new RunOutcome(Kind.ALREADY_RUNNING, -1, "Another nightscore run is in progress (it holds the run"
					+ " lock); nothing was done. Wait for it to finish, then run this command again");
		}
		try (lock) {
			int number = rerun ? nextRerun(scoringDate) : latestRerun(scoringDate);
			JobParameters parameters = new JobParametersBuilder(options)
				.addLocalDate(JobNames.SCORING_DATE, scoringDate)
				.addLong(JobNames.RERUN, (long) number)
				.toJobParameters();
			JobExecution last = this.jobRepository.getLastJobExecution(JobNames.JOB, parameters);
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return new RunOutcome(Kind.ALREADY_COMPLETED, last.getJobInstance().getInstanceId(),
						"Scoring date " + scoringDate + " is already scored (run "
								+ last.getJobInstance().getInstanceId()
								+ "); nothing was written. Use --rerun to score it again");
			}
			if (last != null && last.isRunning()) {
				logger.warn(
						"Run {} was left {} by a process that is gone (the run lock was free): marking its execution"
								+ " {} FAILED and resuming it",
						last.getJobInstance().getInstanceId(), last.getStatus(), last.getId());
				this.jobOperator.recover(last);
			}
			return run(parameters);
		}
	}

	private RunOutcome run(JobParameters parameters) {
		CountDownLatch finished = new CountDownLatch(1);
		Thread stopOnSigterm = new Thread(() -> stopRunning(finished), "nightscore-stop");
		Runtime.getRuntime().addShutdownHook(stopOnSigterm);
		try {
			JobExecution execution = this.jobOperator.start(this.job, parameters);
			return outcomeOf(execution);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the run: " + ex.getMessage(), ex);
		}
		finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(stopOnSigterm);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running: it stopped this run and waits for this launch to
				// end
			}
		}
	}

	private void stopRunning(CountDownLatch finished) {
		try {
			for (JobExecution running : this.jobRepository.findRunningJobExecutions(JobNames.JOB)) {
				logger.warn("Stop requested (SIGTERM): stopping run {} at the next chunk boundary",
						running.getJobInstance().getInstanceId());
				this.jobOperator.stop(running);
			}
			if (!finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
				logger.error("The run did not stop within {} s; exiting anyway (the next attempt recovers it)",
						STOP_GRACE_SECONDS);
			}
		}
		catch (Exception ex) {
			logger.error("Could not stop the run cleanly ({}); the next attempt recovers it", ex.getMessage());
		}
	}

	private RunOutcome outcomeOf(JobExecution execution) {
		long runId = execution.getJobInstance().getInstanceId();
		return switch (execution.getStatus()) {
			case COMPLETED -> new RunOutcome(Kind.COMPLETED, runId, completed(execution));
			case STOPPED -> new RunOutcome(Kind.STOPPED, runId,
					"Run " + runId + " stopped at a chunk boundary; run the same command again to resume it");
			default -> failure(runId, execution.getAllFailureExceptions());
		};
	}

	private static String completed(JobExecution execution) {
		long rows = execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(JobNames.SCORE_PARTITION_STEP + ":"))
			.mapToLong(StepExecution::getWriteCount)
			.sum();
		double seconds = Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
		return "Run %d for %s completed and is published: %d rows scored by this attempt in %.1f s (%.0f rows/s)"
			.formatted(execution.getJobInstance().getInstanceId(),
					execution.getJobParameters().getLocalDate(JobNames.SCORING_DATE), rows, seconds,
					rows / Math.max(seconds, 0.001));
	}

	private static RunOutcome failure(long runId, List<Throwable> failures) {
		for (Class<? extends Throwable> type : List.of(ContractException.class, RejectRateExceededException.class,
				InputNotReadyException.class)) {
			for (Throwable failure : failures) {
				Throwable cause = find(failure, type);
				if (cause != null) {
					logger.debug("Run {} failed", runId, failure);
					Kind kind = (cause instanceof ContractException) ? Kind.CONTRACT_VIOLATION
							: (cause instanceof RejectRateExceededException) ? Kind.TOO_MANY_REJECTS
									: Kind.INPUT_NOT_READY;
					return new RunOutcome(kind, runId, cause.getMessage());
				}
			}
		}
		Throwable first = failures.stream()
			.filter((failure) -> !failure.getMessage().startsWith("Partition handler returned"))
			.findFirst()
			.orElse(failures.isEmpty() ? new IllegalStateException("no reason recorded") : failures.get(0));
		logger.debug("Run {} failed", runId, first);
		return new RunOutcome(Kind.FAILED, runId, "Run " + runId + " failed (" + rootMessage(first)
				+ "); run the same command again to resume it from its last committed chunk");
	}

	private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return t;
			}
		}
		return null;
	}

	/** The innermost cause's message, on one line. */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage().strip() : root.getClass().getSimpleName();
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	private int latestRerun(LocalDate date) {
		int number = 0;
		while (this.jobRepository.getJobInstance(JobNames.JOB, identifying(date, number + 1)) != null) {
			number++;
		}
		return number;
	}

	private int nextRerun(LocalDate date) {
		return (this.jobRepository.getJobInstance(JobNames.JOB, identifying(date, 0)) != null) ? latestRerun(date) + 1
				: 0;
	}

	private static JobParameters identifying(LocalDate date, int rerun) {
		return new JobParametersBuilder().addLocalDate(JobNames.SCORING_DATE, date)
			.addLong(JobNames.RERUN, (long) rerun)
			.toJobParameters();
	}

}
